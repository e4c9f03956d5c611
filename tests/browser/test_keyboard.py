"""Keyboard: the skip link comes first and shows, then the login form in order, all with
a visible focus indicator."""

from __future__ import annotations

import pytest

from tests.browser.conftest import LANGUAGES

pytestmark = pytest.mark.browser

STYLE = """el => { const s = getComputedStyle(el);
  return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0,
          shadow: s.boxShadow, background: s.backgroundColor}; }"""
FOCUSED = """() => { const el = document.activeElement;
  return el ? (el.id || el.className || el.tagName).toString() : null; }"""
LOGIN_ORDER = ["#email", "#password", "#remember", "main form button[type=submit]"]


def indicator_problem(before: dict, focused: dict) -> str | None:
    """None when focus is visible: an outline, or a changed box-shadow or background."""
    if focused["outline"] != "none" and focused["width"] >= 1:
        return None
    if focused["shadow"] not in ("none", before["shadow"]):
        return None
    if focused["background"] != before["background"]:
        return None
    return f"no visible focus indicator (unfocused {before}, focused {focused})"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tab_reaches_the_skip_link_then_the_login_form_in_order(new_context, lang):
    page = new_context().new_page()
    page.goto(f"/{lang}/account/login")
    before = {sel: page.locator(sel).evaluate(STYLE) for sel in [".skip-link", *LOGIN_ORDER]}

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement"), page.evaluate(FOCUSED)
    box, view = skip.bounding_box(), page.viewport_size
    assert box["width"] > 10 and box["height"] > 10, f"skip link not visible when focused: {box}"
    assert (box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= view["width"]
            and box["y"] + box["height"] <= view["height"]), f"skip link off screen: {box}"
    assert indicator_problem(before[".skip-link"], skip.evaluate(STYLE)) is None

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    for selector in LOGIN_ORDER:
        page.keyboard.press("Tab")
        element = page.locator(selector)
        assert element.evaluate("el => el === document.activeElement"), (
            f"expected {selector} to have focus, not {page.evaluate(FOCUSED)}")
        problem = indicator_problem(before[selector], element.evaluate(STYLE))
        assert problem is None, f"{selector}: {problem}"
