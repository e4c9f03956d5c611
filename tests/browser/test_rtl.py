"""Right-to-left: Arabic mirrors the layout, while email addresses stay left-to-right."""

from __future__ import annotations

import pytest

from tests.browser.conftest import LANGUAGES, RESIDENT

pytestmark = pytest.mark.browser

WIDTH = 800  # narrower than the 60rem column, so the header spans the viewport
EDGE = 40    # the column's 1rem padding, with room to spare


def test_arabic_is_shipped_and_right_to_left():
    assert "ar" in LANGUAGES


@pytest.mark.parametrize("lang, direction", [("ar", "rtl"), ("en", "ltr")])
def test_site_name_sits_at_the_start_edge_and_main_follows_the_direction(
        new_context, lang, direction):
    page = new_context(viewport={"width": WIDTH, "height": 600}).new_page()
    page.goto(f"/{lang}/")
    box = page.locator(".site-name").bounding_box()
    if direction == "rtl":
        assert WIDTH - (box["x"] + box["width"]) <= EDGE, f"site name not on the right: {box}"
        assert box["x"] > WIDTH / 4, f"site name spans the left side: {box}"
    else:
        assert box["x"] <= EDGE, f"site name not on the left: {box}"
    assert page.locator("main").evaluate("m => getComputedStyle(m).direction") == direction


def test_email_address_on_the_arabic_profile_page_stays_left_to_right(role_pages):
    page = role_pages("resident")
    page.goto("/ar/account/profile")
    assert page.locator("html").get_attribute("dir") == "rtl"
    email = page.locator("main [dir]", has_text=RESIDENT[0]).first
    assert email.get_attribute("dir") == "ltr"
    assert email.evaluate("e => getComputedStyle(e).direction") == "ltr"
