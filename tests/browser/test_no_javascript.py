"""With JavaScript off, signing in and the error summary still work."""

from __future__ import annotations

import pytest

from tests.browser.conftest import RESIDENT

pytestmark = pytest.mark.browser


def test_resident_signs_in_without_javascript_and_lands_on_the_dashboard(
        new_context, live_server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/en/account/login")
    page.fill("#email", RESIDENT[0])
    page.fill("#password", RESIDENT[1])
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.rstrip("/").endswith("/dashboard"), page.url
    assert live_server.names["resident"] in page.locator("main").inner_text()


def test_empty_registration_without_javascript_shows_an_error_summary_linking_to_fields(
        new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/en/account/register")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    summary = page.locator(".error-summary")
    assert summary.count() == 1, "no error summary"
    hrefs = summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"#name", "#email", "#password", "#confirm"} <= set(hrefs), hrefs
    for href in hrefs:
        assert page.locator(href).count() == 1, f"{href} links to no field"


def test_after_a_failed_sign_in_without_javascript_focus_is_on_the_error_summary(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/en/account/login")
    page.fill("#email", RESIDENT[0])
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert summary.evaluate("el => el === document.activeElement"), page.evaluate(
        "document.activeElement.outerHTML.slice(0, 80)")
    # The address typed stays, so only the password needs typing again.
    assert page.locator("#email").input_value() == RESIDENT[0]
