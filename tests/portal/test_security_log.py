"""The security log: what is recorded, and who may read it."""

from __future__ import annotations

import pytest

from portal.audit.models import EventKind, SecurityEvent
from portal.extensions import db
from portal.identity.models import Role
from tests.conftest import submit
from tests.portal.test_publishing import make_document
from tests.portal.test_publishing import people as people  # noqa: F401  (fixture)


def events(app):
    with app.app_context():
        return [(e.kind, e.subject, e.detail, e.actor.email if e.actor else None) for e in
                db.session.scalars(db.select(SecurityEvent).order_by(SecurityEvent.id))]


def _sign_out(client):
    submit(client, "/en/account/logout", {}, form_url="/en/dashboard")


def test_sign_ins_refusals_and_sign_outs_are_recorded(app, client, make_user, login):
    make_user("resident@example.org")
    bad = submit(client, "/en/account/login", {"email": "resident@example.org",
                                                "password": "wrong password here"})
    assert bad.status_code == 400
    login("resident@example.org")
    _sign_out(client)
    assert events(app) == [
        (EventKind.LOGIN_FAILED, "resident@example.org", "", None),
        (EventKind.LOGIN, "resident@example.org", "", "resident@example.org"),
        (EventKind.LOGOUT, "resident@example.org", "", "resident@example.org"),
    ]


def test_a_blocked_sign_in_is_recorded(app, client, make_user):
    make_user("resident@example.org")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        submit(client, "/en/account/login", {"email": "resident@example.org",
                                             "password": "wrong password here"})
    blocked = submit(client, "/en/account/login", {"email": "resident@example.org",
                                                   "password": "correct horse battery"})
    assert blocked.status_code == 429
    assert events(app)[-1][:2] == (EventKind.LOGIN_BLOCKED, "resident@example.org")


def test_role_changes_and_plugin_switches_are_recorded_with_who_did_them(app, client,
                                                                         make_user, login):
    make_user("admin@example.org", role=Role.ADMINISTRATOR)
    person = make_user("officer@example.org")
    login("admin@example.org")
    saved = submit(client, f"/en/admin/users/{person}", {"role": "officer"})
    assert saved.status_code == 302
    switched = submit(client, "/en/admin/plugins", {"name": "every_hook", "action": "disable"})
    assert switched.status_code == 302
    recorded = events(app)[1:]  # after the administrator's own sign-in
    assert recorded == [
        (EventKind.ROLE_CHANGED, "officer@example.org", "resident → officer",
         "admin@example.org"),
        (EventKind.PLUGIN_DISABLED, "every_hook", "", "admin@example.org"),
    ]


def test_reading_part2_is_recorded_but_public_reading_is_not(app, client, people, login):
    make_document(app, people, slug="grant-decisions", part2=3)
    make_document(app, people, slug="public-report")
    login("member@example.org")
    assert client.get("/en/publications/grant-decisions").status_code == 200
    assert client.get("/en/publications/public-report").status_code == 200
    reads = [e for e in events(app) if e[0] == EventKind.PART2_READ]
    assert reads == [(EventKind.PART2_READ, "grant-decisions", "", "member@example.org")]


@pytest.mark.parametrize(("who", "status"), [("resident@example.org", 403),
                                              ("officer@example.org", 403)])
def test_only_administrators_read_the_log(app, client, make_user, login, who, status):
    make_user("resident@example.org")
    make_user("officer@example.org", role=Role.OFFICER)
    assert client.get("/en/admin/security-log").status_code == 302  # anonymous: sign in
    login(who)
    assert client.get("/en/admin/security-log").status_code == status


def test_the_log_page_lists_events_and_filters_by_kind(app, client, make_user, login):
    make_user("admin@example.org", role=Role.ADMINISTRATOR)
    make_user("resident@example.org")
    submit(client, "/en/account/login", {"email": "resident@example.org",
                                         "password": "wrong password here"})
    login("admin@example.org")
    page = client.get("/en/admin/security-log").get_data(as_text=True)
    assert "Sign-in refused (wrong email or password)" in page
    assert "Signed in" in page
    only_refusals = client.get("/en/admin/security-log?kind=login_failed").get_data(
        as_text=True)
    assert "resident@example.org" in only_refusals and "admin@example.org" not in only_refusals
    assert client.get("/en/admin/security-log?kind=nonsense").status_code == 404
    assert client.get("/gu/admin/security-log").status_code == 200
