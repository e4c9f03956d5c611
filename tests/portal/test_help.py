"""The accessibility statement, problem reports and requests for another format."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.help.models import Format, HelpRequest, RequestKind
from portal.identity.models import Role
from portal.mail import OutboxMessage
from tests.conftest import submit


def test_the_statement_follows_the_model_and_says_when_it_was_reviewed(client):
    page = client.get("/en/accessibility").get_data(as_text=True)
    for heading in ("How accessible this portal is", "Reporting accessibility problems",
                    "Enforcement procedure", "Compliance status",
                    "Equality Advisory and Support Service"):
        assert heading in page
    assert "last reviewed on 2 December 2026" in page
    assert 'lang="gu" dir="ltr">ગુજરાતી' in page and 'lang="ar" dir="rtl">العربية' in page


@pytest.mark.parametrize("app", [{"ACCESSIBILITY_REVIEWED": "2027-03-31"}], indirect=True)
def test_the_review_date_is_a_setting(client):
    assert "31 March 2027" in client.get("/en/accessibility").get_data(as_text=True)


def test_every_page_offers_another_format_and_the_statement(client):
    page = client.get("/en/bodies/").get_data(as_text=True)
    assert "/en/help/another-format?page=/en/bodies/" in page
    assert 'href="/en/accessibility"' in page


def test_a_format_request_reaches_the_officers_queue_and_is_answered_by_email(
        app, client, make_user, login):
    response = submit(client, "/gu/help/another-format?page=/gu/publications/constitution", {
        "page": "/gu/publications/constitution", "format": "large_print",
        "details": "Size 24 please.", "name": "Hema", "email": "hema@example.org"},
        form_url="/gu/help/another-format?page=/gu/publications/constitution")
    assert response.status_code == 302
    assert response.headers["Location"] == "/gu/publications/constitution"
    with app.app_context():
        found = db.session.scalar(db.select(HelpRequest))
        assert (found.kind, found.format, found.language) == (
            RequestKind.FORMAT, Format.LARGE_PRINT, "gu")
        [receipt] = db.session.scalars(db.select(OutboxMessage)).all()
        assert receipt.recipient == "hema@example.org" and receipt.language == "gu"
    make_user("officer@example.org", role=Role.OFFICER)
    login("officer@example.org")
    queue = client.get("/en/admin/help-requests").get_data(as_text=True)
    assert "Large print" in queue and "Size 24 please." in queue
    assert submit(client, f"/en/admin/help-requests/{found.id}/done",
                  {f"r{found.id}-reply": "Posted a large-print copy."},
                  form_url="/en/admin/help-requests").status_code == 302
    with app.app_context():
        done = db.session.get(HelpRequest, found.id)
        assert done.done_at is not None and done.reply == "Posted a large-print copy."
        mails = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert len(mails) == 2 and "Posted a large-print copy." in mails[1].body
    assert "Size 24" not in client.get("/en/admin/help-requests").get_data(as_text=True)
    assert "Size 24" in client.get("/en/admin/help-requests?state=done").get_data(as_text=True)


def test_a_request_for_another_language_must_say_which(app, client):
    response = submit(client, "/en/help/another-format", {
        "format": "language", "name": "Ali", "email": "ali@example.org"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'href="#language_wanted"' in page and "Say which language you need" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(HelpRequest.id))) == 0


def test_the_page_asked_about_is_only_ever_a_path_on_the_portal(app, client):
    for hostile in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)",
                    "/en/\r\nSet-Cookie: x=1"):
        response = submit(client, "/en/help/another-format", {
            "page": hostile, "format": "audio", "name": "A", "email": "a@example.org"})
        assert response.status_code == 302
        assert response.headers["Location"] == "/en/"
    with app.app_context():
        assert {r.page for r in db.session.scalars(db.select(HelpRequest))} == {""}


def test_an_accessibility_problem_can_be_reported_without_an_account(app, client):
    response = submit(client, "/ar/accessibility/report-a-problem",
                      {"page": "/ar/scorecard/", "details": "The chart is not read out."})
    assert response.status_code == 302
    with app.app_context():
        found = db.session.scalar(db.select(HelpRequest))
        assert found.kind == RequestKind.PROBLEM and found.language == "ar"
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0  # no email


def test_an_empty_problem_report_shows_errors_in_the_page_language(client):
    response = submit(client, "/ar/accessibility/report-a-problem",
                      {"details": "", "email": "not-an-email"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'href="#details"' in page and 'href="#email"' in page
    assert "Tell us what the problem is" not in page  # it is in Arabic


def test_the_help_queue_is_for_officers(app, make_user, login, client):
    make_user("resident@example.org")
    login("resident@example.org")
    assert client.get("/en/admin/help-requests").status_code == 403


def test_an_unknown_queue_state_is_not_found(client, make_user, login):
    make_user("officer@example.org", role=Role.OFFICER)
    login("officer@example.org")
    assert client.get("/en/admin/help-requests?state=nonsense").status_code == 404


def test_a_burst_of_requests_from_one_address_is_refused_in_the_page_language(app, client):
    app.config["HELP_REQUESTS_PER_HOUR"] = 2
    for _ in range(2):
        sent = submit(client, "/gu/accessibility/report-a-problem",
                      {"details": "The chart is not read out."})
        assert sent.status_code == 302
    refused = submit(client, "/gu/accessibility/report-a-problem",
                     {"details": "The chart is not read out."})
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert 'class="error-summary"' in page and 'href="#page"' in page
    assert "You have sent a lot of requests" not in page  # said in Gujarati
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(HelpRequest.id))) == 2
