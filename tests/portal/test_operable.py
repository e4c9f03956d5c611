"""Operable without a browser's help: problems announced and focused, no time limits.

The error summary takes the focus when the page loads (``autofocus``, so with
JavaScript off too) and is announced; flashed news is a status, flashed
problems an alert. No page refreshes or moves on by itself, a sign-in has no
idle time-out, and a form whose session has ended comes back with what was typed.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from flask import flash, render_template

from portal.extensions import db
from tests.conftest import csrf_token, submit

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [*ROOT.glob("portal/templates/**/*.html"), *ROOT.glob("plugins/*/templates/**/*.html")]
SUMMARY = re.compile(r'<div class="error-summary"[^>]*>')
PASSWORD = "correct horse battery"
SENT_AGAIN = "Check your answers and send it again."


def test_a_failed_submit_shows_one_error_summary_announced_and_focused_on_load(client):
    page = submit(client, "/en/account/register", {}).get_data(as_text=True)
    summaries = SUMMARY.findall(page)
    assert len(summaries) == 1, summaries
    for attribute in ('role="alert"', 'tabindex="-1"', "autofocus"):
        assert attribute in summaries[0], summaries[0]
    assert page.count("autofocus") == 1  # nothing else competes for the focus


def test_every_template_draws_its_error_summary_with_the_shared_box():
    assert len(TEMPLATES) > 50
    own = [str(t.relative_to(ROOT)) for t in TEMPLATES
           if t.name != "macros.html" and "error-summary" in t.read_text()]
    assert not own, f"use error_summary or error_summary_box from macros.html: {own}"


def test_flashed_news_is_a_status_and_a_flashed_problem_an_alert(app):
    with app.test_request_context("/en/"):
        app.preprocess_request()
        flash("Saved for you.", "success")
        flash("Something went wrong for you.", "error")
        page = render_template("error.html", title="T", text="", code=200)
    alert = re.search(r'<div class="notices" role="alert">(.*?)</div>', page, re.S)
    status = re.search(r'<div class="notices" role="status">(.*?)</div>', page, re.S)
    assert alert and "Something went wrong" in alert.group(1) and "Saved" not in alert.group(1)
    assert status and "Saved for you." in status.group(1) and "wrong" not in status.group(1)


def test_sign_in_after_the_session_ended_keeps_the_address_and_asks_to_send_again(
        app, client, make_user):
    make_user()
    stale = csrf_token(app.test_client(), "/en/account/login")  # another session's token
    response = client.post("/en/account/login", data={
        "csrf_token": stale, "email": "resident@example.org", "password": PASSWORD})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert SENT_AGAIN in page and 'class="error-summary"' in page
    assert 'value="resident@example.org"' in page
    assert client.get("/en/dashboard").status_code == 302  # nobody was signed in
    # The form came back with this session's token: sending it again works.
    again = submit(client, "/en/account/login",
                   {"email": "resident@example.org", "password": PASSWORD})
    assert again.status_code == 302


def test_a_problem_report_without_a_valid_token_keeps_the_text_and_saves_nothing(app, client):
    from portal.help.models import HelpRequest

    response = client.post("/en/accessibility/report-a-problem",
                           data={"details": "The map has no text alternative"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert SENT_AGAIN in page and "The map has no text alternative</textarea>" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(HelpRequest.id))) == 0


def test_a_button_without_a_valid_token_is_still_refused_with_the_error_page(
        client, make_user, login):
    make_user()
    login()
    response = client.post("/en/account/logout", data={"csrf_token": "stale"})
    assert response.status_code == 400
    assert "Your form could not be sent" in response.get_data(as_text=True)
    assert client.get("/en/dashboard").status_code == 200  # still signed in


def test_forms_and_sign_in_have_no_time_limit(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None
    assert app.config["REMEMBER_COOKIE_DURATION"] >= timedelta(days=365)
    assert not app.config.get("SESSION_PERMANENT", False) or app.config[
        "PERMANENT_SESSION_LIFETIME"] >= timedelta(days=365)


def test_signing_in_sets_a_session_cookie_that_lasts_until_the_browser_closes(
        client, make_user):
    make_user()
    response = submit(client, "/en/account/login",
                      {"email": "resident@example.org", "password": PASSWORD})
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies and not re.search(r"expires=|max-age=", cookies[0], re.I), cookies


def test_no_template_or_script_refreshes_or_moves_the_page_on_by_itself():
    files = [*TEMPLATES, *ROOT.glob("portal/static/**/*.js"), *ROOT.glob("plugins/*/static/**/*")]
    timers = re.compile(r'http-equiv=["\']?refresh|setTimeout|setInterval|location\s*[.=]'
                        r'|requestSubmit|\.submit\(\)', re.I)
    found = [f"{f.relative_to(ROOT)}: {m.group(0)}" for f in files if f.is_file()
             for m in timers.finditer(f.read_text(errors="replace"))]
    assert not found, found
