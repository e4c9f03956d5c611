"""Accounts: registration with verification, sign-in, throttling, reset, profile."""

from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.identity.models import LoginAttempt, PasswordReset, User
from portal.mail import OutboxMessage, deliver_pending
from tests.conftest import submit

PASSWORD = "correct horse battery"


def outbox(app, to=None):
    with app.app_context():
        query = db.select(OutboxMessage).order_by(OutboxMessage.id)
        if to:
            query = query.where(OutboxMessage.recipient == to)
        return db.session.scalars(query).all()


def page_without_tokens(response, *emails) -> str:
    """A page as text with CSRF tokens and the given emails blanked, for comparison."""
    import re

    text = re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", response.get_data(as_text=True))
    for email in emails:
        text = text.replace(email, "X")
    return text


def link_in(message) -> str:
    import re

    return re.search(r"https?://\S+", message.body).group(0).replace("http://portal.test", "")


def register(client, email="new@example.org", language="en", **extra):
    data = {"name": "Nadia Khan", "email": email, "password": PASSWORD, "confirm": PASSWORD,
            "preferred_language": language, **extra}
    return submit(client, "/en/account/register", data)


def test_registration_sends_a_verification_email_in_the_chosen_language(app, client):
    response = register(client, language="gu")
    assert response.status_code == 202
    assert "new@example.org" in response.get_data(as_text=True)
    [message] = outbox(app, "new@example.org")
    assert message.language == "gu"
    assert "/gu/account/verify/" in message.body
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "new@example.org"))
        assert user.email_verified_at is None
        assert user.password_hash.startswith("$argon2")


def test_an_unverified_account_cannot_sign_in_until_the_link_is_followed(app, client):
    register(client)
    response = submit(client, "/en/account/login",
                      {"email": "new@example.org", "password": PASSWORD})
    assert response.status_code == 403
    assert "confirm your email" in response.get_data(as_text=True)
    link = link_in(outbox(app, "new@example.org")[0])
    assert client.get(link).status_code == 302
    response = submit(client, "/en/account/login",
                      {"email": "new@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/en/dashboard").status_code == 200


def test_a_tampered_verification_link_is_refused(app, client):
    register(client)
    link = link_in(outbox(app, "new@example.org")[0])
    assert client.get(link[:-3] + "abc").status_code == 400


def test_registering_a_taken_email_looks_the_same_and_tells_the_owner(app, client, make_user):
    make_user("taken@example.org")
    first = register(client, email="fresh@example.org")
    second = register(client, email="taken@example.org")
    assert first.status_code == second.status_code == 202
    assert page_without_tokens(first, "fresh@example.org") == \
        page_without_tokens(second, "taken@example.org")
    [notice] = outbox(app, "taken@example.org")
    assert "already has an account" in notice.body
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 2


def test_registration_with_bad_input_shows_an_error_summary_and_saves_nothing(app, client):
    response = register(client, email="not-an-email", confirm="different password")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'class="error-summary"' in page
    assert 'href="#email"' in page and 'href="#confirm"' in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 0
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_validation_errors_are_in_the_page_language(app, client):
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("ro"):
        expected = gettext("Enter your email address")
    assert expected != "Enter your email address"
    response = submit(client, "/ro/account/login", {"email": "", "password": ""})
    assert response.status_code == 400
    assert expected in response.get_data(as_text=True)


def test_wrong_password_and_unknown_email_get_the_same_answer(app, client, make_user):
    make_user()
    wrong = submit(client, "/en/account/login",
                   {"email": "resident@example.org", "password": "wrong password!"})
    unknown = submit(client, "/en/account/login",
                     {"email": "nobody@example.org", "password": "wrong password!"})
    assert wrong.status_code == unknown.status_code == 400
    clean = [page_without_tokens(r, "resident@example.org", "nobody@example.org")
             for r in (wrong, unknown)]
    assert clean[0] == clean[1]
    assert "The email address or password is not right" in clean[0]


def test_repeated_failed_logins_are_throttled_even_with_the_right_password(app, client,
                                                                          make_user):
    make_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        submit(client, "/en/account/login",
               {"email": "resident@example.org", "password": "wrong password!"})
    response = submit(client, "/en/account/login",
                      {"email": "resident@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)
    assert client.get("/en/dashboard").status_code == 302  # still signed out


def test_throttling_covers_unknown_emails_too(app, client):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        submit(client, "/en/account/login",
               {"email": "nobody@example.org", "password": "wrong password!"})
    response = submit(client, "/en/account/login",
                      {"email": "nobody@example.org", "password": "wrong password!"})
    assert response.status_code == 429


def test_failures_older_than_the_window_do_not_count(app, client, make_user):
    make_user()
    with app.app_context():
        old = LoginAttempt.at.default.arg(None) - timedelta(minutes=60)
        for _ in range(10):
            db.session.add(LoginAttempt(email="resident@example.org", remote_addr="127.0.0.1",
                                        succeeded=False, at=old))
        db.session.commit()
    response = submit(client, "/en/account/login",
                      {"email": "resident@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_sign_in_goes_to_a_safe_next_page_only(app, client, make_user):
    make_user()
    response = submit(client, "/en/account/login?next=//evil.example/",
                      {"email": "resident@example.org", "password": PASSWORD},
                      form_url="/en/account/login")
    assert "evil.example" not in response.headers["Location"]
    client.post("/en/account/logout", data={"csrf_token": _token(client)})
    response = submit(client, "/en/account/login?next=/en/account/profile",
                      {"email": "resident@example.org", "password": PASSWORD},
                      form_url="/en/account/login")
    assert response.headers["Location"] == "/en/account/profile"


def _token(client):
    from tests.conftest import csrf_token

    return csrf_token(client, "/en/")


def test_sign_out_needs_a_post_with_the_csrf_token(app, client, make_user, login):
    make_user()
    login()
    assert client.get("/en/account/logout").status_code == 405
    assert client.post("/en/account/logout").status_code == 400
    assert client.get("/en/dashboard").status_code == 200
    client.post("/en/account/logout", data={"csrf_token": _token(client)})
    assert client.get("/en/dashboard").status_code == 302


def test_a_sign_in_without_csrf_token_is_refused_and_signs_no_one_in(app, client, make_user):
    make_user()
    response = client.post("/en/account/login",
                           data={"email": "resident@example.org", "password": PASSWORD})
    assert response.status_code == 400
    # The form comes back (see test_operable) rather than an error page.
    assert "send it again" in response.get_data(as_text=True)
    assert client.get("/en/dashboard").status_code == 302


def test_password_reset_link_works_once(app, client, make_user):
    make_user()
    response = submit(client, "/en/account/forgot-password", {"email": "resident@example.org"})
    assert response.status_code == 202
    link = link_in(outbox(app, "resident@example.org")[0])
    new = {"password": "a brand new secret", "confirm": "a brand new secret"}
    assert submit(client, link, new).status_code == 302
    assert submit(client, "/en/account/login",
                  {"email": "resident@example.org", "password": "a brand new secret"}
                  ).status_code == 302
    client.post("/en/account/logout", data={"csrf_token": _token(client)})
    assert client.get(link).status_code == 400  # spent


def test_password_reset_link_expires(app, client, make_user):
    make_user()
    submit(client, "/en/account/forgot-password", {"email": "resident@example.org"})
    link = link_in(outbox(app, "resident@example.org")[0])
    with app.app_context():
        reset = db.session.scalar(db.select(PasswordReset))
        reset.expires_at = reset.created_at - timedelta(seconds=1)
        db.session.commit()
    assert client.get(link).status_code == 400


def test_reset_request_for_an_unknown_email_looks_the_same_and_sends_nothing(app, client,
                                                                            make_user):
    make_user()
    known = submit(client, "/en/account/forgot-password", {"email": "resident@example.org"})
    unknown = submit(client, "/en/account/forgot-password", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 202
    assert page_without_tokens(known, "resident@example.org") == \
        page_without_tokens(unknown, "nobody@example.org")
    assert outbox(app, "nobody@example.org") == []


def test_changing_the_password_signs_out_other_sessions(app, make_user):
    make_user()
    first, second = app.test_client(), app.test_client()
    for c in (first, second):
        submit(c, "/en/account/login", {"email": "resident@example.org", "password": PASSWORD})
    response = submit(first, "/en/account/password",
                      {"current_password": PASSWORD, "password": "another long secret",
                       "confirm": "another long secret"}, form_url="/en/account/profile")
    assert response.status_code == 302
    assert first.get("/en/dashboard").status_code == 200
    assert second.get("/en/dashboard").status_code == 302


def test_profile_saves_the_preferred_language_which_then_wins(app, client, make_user, login):
    make_user()
    login()
    response = submit(client, "/en/account/profile",
                      {"name": "Renamed Person", "preferred_language": "ar"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/ar/account/profile"
    with app.app_context():
        user = db.session.scalar(db.select(User))
        assert (user.name, user.preferred_language) == ("Renamed Person", "ar")
    root = client.get("/", headers={"Accept-Language": "ro"})
    assert root.headers["Location"] == "/ar/"


def test_profile_rejects_a_language_that_is_not_offered(app, client, make_user, login):
    make_user()
    login()
    response = submit(client, "/en/account/profile", {"name": "X", "preferred_language": "xx"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(User)).preferred_language == "en"


def test_a_member_can_choose_to_act_for_their_organisation(app, client, make_user, login):
    from portal.bodies.models import Sector
    from portal.identity.models import Organisation, OrganisationMember
    from portal.identity.views import acting_organisation

    user_id = make_user()
    with app.app_context():
        org = Organisation(slug="havs", name="Harrow Association for Voluntary Service",
                           sector=Sector.VOLUNTARY)
        db.session.add(OrganisationMember(user_id=user_id, organisation=org))
        db.session.commit()
        org_id = org.id
    login()
    assert "Harrow Association for Voluntary Service" in client.get(
        "/en/account/profile").get_data(as_text=True)
    response = submit(client, "/en/account/acting-for", {"organisation": str(org_id)},
                      form_url="/en/account/profile")
    assert response.status_code == 302
    with client.application.test_request_context():
        pass
    with client:
        client.get("/en/account/profile")
        assert acting_organisation().id == org_id
    bad = submit(client, "/en/account/acting-for", {"organisation": "999"},
                 form_url="/en/account/profile")
    assert bad.status_code == 400


def test_verification_email_is_delivered_over_smtp(app, client, smtp):
    register(client)
    app.config.update(MAIL_PORT=smtp.port)
    with app.app_context():
        assert deliver_pending() == (1, 0)
    [message] = smtp.mailbox.to("new@example.org")
    assert str(message["Subject"]).strip().startswith("Confirm your email address")
    assert "/en/account/verify/" in smtp.mailbox.body(message)
