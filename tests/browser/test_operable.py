"""Operable by keyboard alone and readable with text at 200%, in a few languages.

A resident brings an Assembly topic using only the keyboard: Tab follows the
fields in the order they are seen, each shows a visible focus indicator, a
failed submit puts the focus on the error summary, whose links move it to the
field, and the topic is sent. Then representative pages are shown with the
text twice as large, at 1280 and 320 CSS pixels wide: the page never scrolls
sideways (wide tables scroll in their own region) and no button or navigation
text is clipped. These run in English, Tamil (long words) and Arabic
(right-to-left) only, on the crawl's server and browser.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, NARROW, RESIDENT, sign_in
from tests.browser.test_crawl import REFLOW
from tests.browser.test_keyboard import FOCUSED, STYLE, indicator_problem

pytestmark = pytest.mark.browser

TOPIC_FORM = "/assembly/partnership-summit/topics/new"
# The form's controls in document order, as the keyboard should reach them.
CONTROLS = """form => [...form.querySelectorAll('input, select, textarea, button')]
  .filter(el => el.type !== 'hidden' && !el.disabled).map(el => el.id || 'submit')"""
IS_FOCUSED = "el => el === document.activeElement"
# Where on the page (not the viewport: focusing scrolls it) a control is.
BOX = """el => { const b = el.getBoundingClientRect();
  return [b.left + scrollX, b.top + scrollY, b.right + scrollX]; }"""


def tab_to(page, selector: str, presses: int = 1) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
    assert page.locator(selector).evaluate(IS_FOCUSED), (
        f"expected {selector} to have focus, not {page.evaluate(FOCUSED)}")


def follows_visually(before: list[float], after: list[float], rtl: bool) -> bool:
    """Whether ``after`` comes after ``before`` in reading order (lower, or further along)."""
    (b_left, b_top, b_right), (a_left, a_top, a_right) = before, after
    if a_top > b_top + 1:
        return True
    return abs(a_top - b_top) <= 1 and (a_right <= b_left if rtl else a_left >= b_right)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_topic_is_brought_by_keyboard_alone_with_focus_always_visible(new_context, lang):
    page = new_context().new_page()
    sign_in(page, *RESIDENT, lang=lang)
    page.goto(f"/{lang}{TOPIC_FORM}")
    form = page.locator("main form:has(#title)")
    controls = form.evaluate(CONTROLS)
    assert controls[:3] == ["title", "description", "question_id"], controls
    selectors = [f"#{c}" if c != "submit" else "main form button[type=submit]" for c in controls]
    unfocused = {s: page.locator(s).evaluate(STYLE) for s in selectors}
    rtl = page.locator("html").get_attribute("dir") == "rtl"

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link: the focus moves to <main>
    previous = None
    for selector in selectors:
        tab_to(page, selector)
        element = page.locator(selector)
        problem = indicator_problem(unfocused[selector], element.evaluate(STYLE))
        assert problem is None, f"{selector}: {problem}"
        box = element.evaluate(BOX)
        assert previous is None or follows_visually(previous, box, rtl), (
            f"{selector} at {box} comes before the previous control at {previous}")
        previous = box
        if selector == "#title":  # only the title: the rest is left out on purpose
            page.keyboard.type("Safer routes to school")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # on the submit button

    summary = page.locator(".error-summary")
    assert summary.evaluate(IS_FOCUSED), f"focus is on {page.evaluate(FOCUSED)}, not the summary"
    assert page.locator("#title").input_value() == "Safer routes to school"
    links = summary.locator("a")
    targets = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert targets[:2] == ["#description", "#question_id"], targets
    page.keyboard.press("Tab")
    assert links.first.evaluate(IS_FOCUSED), page.evaluate(FOCUSED)
    page.keyboard.press("Enter")
    assert page.locator("#description").evaluate(IS_FOCUSED), (
        f"the summary's link left the focus on {page.evaluate(FOCUSED)}")

    page.keyboard.type("Walking and cycling to school safely, and what the partners can do.")
    tab_to(page, "#question_id")
    page.keyboard.press("ArrowDown")  # the first big question
    assert page.locator("#question_id").input_value(), "the arrow key chose no question"
    tab_to(page, selectors[-1], presses=len(selectors) - 1 - selectors.index("#question_id"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert not page.url.endswith("/new"), page.locator(".error-summary").inner_html()
    assert page.locator("main [role=status]").count() == 1, "no status message after sending"
    assert "Safer routes to school" in page.locator("main").inner_text()


# Representative pages: forms, wide tables, long lists, a document, the signed-in header.
TEXT_PAGES = [("anonymous", "/"), ("anonymous", "/account/register"),
              ("anonymous", "/bodies/hsp-board"), ("anonymous", "/publications/"),
              ("anonymous", "/publications/constitution"), ("anonymous", "/scorecard/"),
              ("anonymous", "/meetings/{meeting}"), ("anonymous", "/assembly/partnership-summit"),
              ("anonymous", "/accessibility/report-a-problem"), ("officer", "/admin/")]
# As a reader's larger text setting would (the stylesheet sizes text in rem); set
# through the CSSOM, which the Content-Security-Policy allows, unlike a <style>.
BIG_TEXT = "document.documentElement.style.setProperty('font-size', '200%', 'important')"
CLIPPED = """() => {
  const problems = [];
  const describe = el => `<${el.tagName.toLowerCase()}> “${el.textContent.trim().slice(0, 40)}”`;
  for (const el of document.querySelectorAll('body *')) {
    if (!el.getClientRects().length || el.closest('.visually-hidden, .skip-link')) continue;
    const style = getComputedStyle(el);
    const hides = v => v === 'hidden' || v === 'clip';
    if ((hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
        || (hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1))
      problems.push(`${describe(el)} clips its text (overflow ${style.overflow}): `
                    + `${el.scrollWidth}×${el.scrollHeight}px in `
                    + `${el.clientWidth}×${el.clientHeight}px`);
  }
  return problems;
}"""


@pytest.mark.parametrize("lang", ["en", "ta", "ar"])
def test_text_at_200_percent_needs_no_sideways_scrolling_and_clips_nothing(
        role_pages, live_server, lang):
    problems = []
    for role, path in TEXT_PAGES:
        page = role_pages(role)
        url = f"/{lang}{path.format(**live_server.ids)}"
        for viewport in (DESKTOP, NARROW):
            page.set_viewport_size(viewport)
            page.goto(url)
            page.evaluate(BIG_TEXT)
            root = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
            assert root >= 31, f"the text was not enlarged: {root}px"
            where = f"{role} {url} at {viewport['width']}px"
            problems += [f"{where}: {p}" for p in page.evaluate(REFLOW) + page.evaluate(CLIPPED)]
        page.set_viewport_size(DESKTOP)
    assert not problems, f"{len(problems)} problem(s) with text at 200%:\n  " + "\n  ".join(
        problems)
