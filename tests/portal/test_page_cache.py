"""The cache of rendered anonymous pages (portal/pagecache.py, issue 9).

A page the portal marks as the same for everyone is drawn once and then served
without a query; any write shows on the next request; nobody with a signed-in
session or a notice of their own is given, or fills, a shared page.
"""

from __future__ import annotations

import pytest

from portal import config, pagecache
from portal.bodies.models import Body, BodyKind
from portal.extensions import db
from portal.identity.models import Role, User
from portal.publishing import service
from portal.publishing.models import Document
from tests.conftest import REDIS_URL, make_app, submit
from tests.portal.test_query_counts import counting
from tests.portal.test_ratelimit import redis_or_skip

CACHED = {"PAGE_CACHE_SECONDS": 60}
pytestmark = pytest.mark.parametrize("app", [CACHED], indirect=True)


def queries(app, client, url, method="GET", **kwargs):
    with counting(app) as statements:
        response = client.open(url, method=method, **kwargs)
    return response, len(statements)


def draft(app, officer_id, slug="budget-report", title="Budget report 2009") -> int:
    with app.app_context():
        board = db.session.scalar(db.select(Body)) or Body(slug="hsp-board", name="HSP Board",
                                                            kind=BodyKind.BOARD)
        db.session.add(board)
        db.session.flush()
        document = service.new_document(db.session.get(User, officer_id), {
            "slug": slug, "kind": "report", "body_id": board.id,
            "document_date": "2009-05-26", "part2_paragraph": None, "easy_read_of_id": None,
            "agenda_items": [], "versions": {"en": {
                "title": title, "summary": "Where the money goes.", "body": "Text.",
                "review": "source"}}})
        db.session.commit()
        return document.id


def signed_in_client(app, email):
    other = app.test_client()
    assert submit(other, "/en/account/login", {"email": email,
                                                "password": "correct horse battery"}
                  ).status_code == 302
    return other


def test_a_cached_page_is_served_again_without_a_single_query(app, client):
    first, drawn = queries(app, client, "/en/")
    again, served = queries(app, client, "/en/")
    assert drawn > 0 and served == 0
    assert again.status_code == 200
    assert again.get_data() == first.get_data()
    assert dict(again.headers) == dict(first.headers)
    assert "unsafe-inline" not in again.headers["Content-Security-Policy"]
    assert again.headers["X-Frame-Options"] == "DENY"


def test_head_and_revalidation_are_answered_from_the_cache(app, client):
    first = client.get("/en/publications/")
    head, served = queries(app, client, "/en/publications/", method="HEAD")
    assert served == 0 and head.status_code == 200 and head.get_data() == b""
    assert head.headers["ETag"] == first.headers["ETag"]
    unchanged, served = queries(app, client, "/en/publications/",
                                headers={"If-None-Match": first.headers["ETag"]})
    assert served == 0 and unchanged.status_code == 304


def test_each_address_and_language_is_kept_apart(app, client):
    client.get("/en/publications/")
    client.get("/en/publications/?kind=report")
    gujarati, drawn = queries(app, client, "/gu/publications/")
    assert drawn > 0 and 'lang="gu"' in gujarati.get_data(as_text=True)
    assert queries(app, client, "/en/publications/?kind=report")[1] == 0


def test_publishing_shows_on_the_next_request(app, client, make_user):
    author = make_user("author@example.org", role=Role.OFFICER)
    make_user("second@example.org", role=Role.OFFICER)
    doc_id = draft(app, author)
    assert "Budget report 2009" not in client.get("/en/publications/").get_data(as_text=True)
    assert queries(app, client, "/en/publications/")[1] == 0  # kept

    officer = signed_in_client(app, "second@example.org")
    url = f"/en/admin/publications/{doc_id}"
    assert submit(officer, url + "/publish", {}, form_url=url).status_code == 302

    listing, drawn = queries(app, client, "/en/publications/")
    assert drawn > 0 and "Budget report 2009" in listing.get_data(as_text=True)


def test_any_commit_that_writes_invalidates_and_a_read_does_not(app, client):
    client.get("/en/bodies/")
    with app.app_context():  # a read-only transaction, committed
        db.session.scalar(db.select(Body))
        db.session.commit()
    assert queries(app, client, "/en/bodies/")[1] == 0
    with app.app_context():  # a new row, through the ORM's flush
        db.session.add(Body(slug="vcs-group", name="Voluntary sector reference group",
                            kind=BodyKind.REFERENCE_GROUP))
        db.session.commit()
    page, drawn = queries(app, client, "/en/bodies/")
    assert drawn > 0 and "Voluntary sector reference group" in page.get_data(as_text=True)
    with app.app_context():  # a bulk update, which never goes through a flush
        db.session.execute(db.update(Body).values(name="Renamed reference group"))
        db.session.commit()
    assert "Renamed reference group" in client.get("/en/bodies/").get_data(as_text=True)


def test_a_write_redraws_the_pages_that_read_its_table_and_keeps_the_others(app, client,
                                                                             meeting):
    # A meeting's sign-up touches the meetings' tables only: the bodies page, which
    # reads none of them, stays in the cache while the meeting page is drawn again.
    from plugins.meetings import signups

    client.get("/en/bodies/")
    assert "<dd>20</dd>" in client.get(f"/en/meetings/{meeting}").get_data(as_text=True)
    assert queries(app, client, "/en/bodies/")[1] == 0
    with app.app_context():
        signups.sign_up(meeting, name="Asha Patel", email="asha@example.org", places=2,
                        language="en")
        db.session.commit()
    assert queries(app, client, "/en/bodies/")[1] == 0
    page, drawn = queries(app, client, f"/en/meetings/{meeting}")
    assert drawn > 0 and "<dd>18</dd>" in page.get_data(as_text=True)  # places left


def test_a_write_also_moves_on_the_tables_the_database_changes_with_it(app):
    # Deleting a document deletes its versions (ON DELETE CASCADE), deleting an account
    # its memberships and clears the documents' authors (SET NULL): pages reading only
    # those are drawn again too.
    from portal.identity.models import OrganisationMember

    assert {"document", "document_version"} <= pagecache._written(Document.__table__)
    written = pagecache._written(User.__table__)
    assert {"user_account", OrganisationMember.__tablename__, "document"} <= written
    assert "security_event" not in written  # SET NULL there, but never on a public page
    assert pagecache._written(Body.__table__) >= {"body", "document"}


def test_a_page_drawn_while_its_table_was_written_is_not_served_again(app, client,
                                                                      monkeypatch):
    # The write commits after the page read the generations and before it is stored.
    def write_meanwhile(*args):
        with app.app_context():
            db.session.add(Body(slug="vcs-group", name="Voluntary sector reference group",
                                kind=BodyKind.REFERENCE_GROUP))
            db.session.commit()

    from portal.bodies import views

    original = views.render_template
    monkeypatch.setattr(views, "render_template",
                        lambda *a, **k: (write_meanwhile(), original(*a, **k))[1])
    client.get("/en/bodies/")
    monkeypatch.undo()
    page, drawn = queries(app, client, "/en/bodies/")
    assert drawn > 0 and "Voluntary sector reference group" in page.get_data(as_text=True)


@pytest.mark.parametrize("shared", [False, True], ids=["in memory", "in Redis"])
def test_switching_a_plugin_redraws_every_page(app, tmp_path, shared):
    # The navigation comes from the switches, which with Redis each process keeps a
    # copy of instead of querying them for each page: a switch moves every page on.
    from portal.plugins import host

    if shared:
        redis_or_skip()
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        app = make_app(tmp_path, REDIS_URL=REDIS_URL, **CACHED)
    client = app.test_client()
    for _ in range(2):  # the switches are read (and, with Redis, kept) before the page
        client.get("/en/publications/")
    assert 'href="/en/meetings/"' in client.get("/en/bodies/").get_data(as_text=True)
    assert queries(app, client, "/en/bodies/")[1] == 0
    with app.app_context():
        host().set_enabled("meetings", False)
        db.session.commit()
    page, drawn = queries(app, client, "/en/bodies/")
    assert drawn > 0 and 'href="/en/meetings/"' not in page.get_data(as_text=True)


def test_with_redis_the_generations_move_on_by_table_and_restart_when_lost(app, tmp_path):
    redis_or_skip()
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    store = make_app(tmp_path, REDIS_URL=REDIS_URL, **CACHED).extensions[pagecache.EXTENSION]
    assert store.lookup("page") == (None, None)  # none yet: started, nothing trusted
    start, _ = store.lookup("page")
    store.bump({"meeting", "sign_up"})
    store.bump({"meeting"})
    numbers, _ = store.lookup("page")
    assert numbers == {**start, "meeting": 2, "sign_up": 1}
    store.bump()
    assert store.lookup("page")[0][pagecache.EVERY_TABLE] == start[pagecache.EVERY_TABLE] + 1
    redis.Redis.from_url(REDIS_URL).flushdb()  # evicted: no page can be trusted again
    assert store.lookup("page") == (None, None)
    assert store.lookup("page")[0][pagecache.EVERY_TABLE] > start[pagecache.EVERY_TABLE]


def test_writes_no_public_page_shows_keep_the_cached_pages(app, client):
    """The outbox, the security log and sign-in attempts are never on a public page."""
    from portal.audit.models import EventKind
    from portal.audit.service import record
    from portal.identity.models import LoginAttempt
    from portal.mail import OutboxMessage

    client.get("/en/bodies/")
    with app.app_context():
        db.session.add(OutboxMessage(recipient="someone@example.org", subject="Hello",
                                     body="Text.", language="en"))
        record(EventKind.LOGIN_FAILED, "someone@example.org")
        db.session.add(LoginAttempt(email="someone@example.org", remote_addr="127.0.0.1",
                                    succeeded=False))
        db.session.commit()
        db.session.execute(db.delete(LoginAttempt))
        db.session.commit()
    assert queries(app, client, "/en/bodies/")[1] == 0
    with app.app_context():  # the same commit with a row a public page shows
        record(EventKind.LOGIN_FAILED, "someone@example.org")
        db.session.add(Body(slug="vcs-group", name="Voluntary sector reference group",
                            kind=BodyKind.REFERENCE_GROUP))
        db.session.commit()
    assert queries(app, client, "/en/bodies/")[1] > 0


def test_a_rolled_back_write_keeps_the_cached_pages(app, client):
    client.get("/en/bodies/")
    with app.app_context():
        db.session.add(Body(slug="never", name="Never saved", kind=BodyKind.BOARD))
        db.session.flush()
        db.session.rollback()
        db.session.commit()
    assert queries(app, client, "/en/bodies/")[1] == 0


def test_signed_in_people_neither_get_nor_fill_cached_pages(app, client, make_user):
    make_user("resident@example.org", name="Ravi Resident")
    client.get("/en/")  # an anonymous visitor fills the cache
    resident = signed_in_client(app, "resident@example.org")
    page, drawn = queries(app, resident, "/en/")
    assert drawn > 0 and "Sign out" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"

    resident.get("/en/bodies/")  # a signed-in visit stores nothing for others
    anonymous, drawn = queries(app, app.test_client(), "/en/bodies/")
    assert drawn > 0 and "Sign out" not in anonymous.get_data(as_text=True)


def test_a_remember_me_cookie_is_never_given_a_shared_page(app, client):
    client.get("/en/")
    client.set_cookie("remember_token", "1:whatever")
    assert queries(app, client, "/en/")[1] > 0


def test_a_visitor_with_a_flashed_message_gets_their_own_page(app, client):
    client.get("/en/")
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Thank you: your request is recorded.")]
    page, drawn = queries(app, client, "/en/")
    assert drawn > 0 and "Thank you: your request is recorded." in page.get_data(as_text=True)
    # …and that page was not kept for anyone else.
    other = app.test_client().get("/en/").get_data(as_text=True)
    assert "Thank you: your request is recorded." not in other


def test_a_visitor_whose_session_holds_only_a_form_token_gets_the_shared_page(app, client):
    app.test_client().get("/en/")
    client.get("/en/account/login")  # the sign-in form puts a CSRF token in the session
    with client.session_transaction() as session:
        assert set(session) == {"csrf_token"}
    assert queries(app, client, "/en/")[1] == 0


def test_a_page_with_a_form_is_shared_with_a_token_for_each_visitor(app, client, make_user):
    """The translation request form: kept once, each visitor gets a token of their own."""
    author = make_user("author@example.org", role=Role.OFFICER)
    second = make_user("second@example.org", role=Role.OFFICER)
    doc_id = draft(app, author)
    with app.app_context():
        service.publish(db.session.get(Document, doc_id), db.session.get(User, second))
        db.session.commit()
    url = "/gu/publications/budget-report"  # no Gujarati text yet: the request form shows
    first, drawn = queries(app, app.test_client(), url)
    again, served = queries(app, app.test_client(), url)
    assert drawn > 0 and served == 0
    assert 'name="csrf_token"' in first.text and "Budget report 2009" in again.text
    assert first.headers["Cache-Control"] == again.headers["Cache-Control"] == "no-store"
    assert "ETag" not in again.headers
    assert submit_token(first) != submit_token(again)
    assert again.text.replace(submit_token(again), "") == first.text.replace(
        submit_token(first), "")


def test_a_publication_in_its_own_language_is_shared(app, client, make_user):
    """No translation to ask for, so no form and no token: the page is the same for all."""
    author = make_user("author@example.org", role=Role.OFFICER)
    second = make_user("second@example.org", role=Role.OFFICER)
    doc_id = draft(app, author)
    with app.app_context():
        service.publish(db.session.get(Document, doc_id), db.session.get(User, second))
        db.session.commit()
    first = client.get("/en/publications/budget-report")
    assert "Set-Cookie" not in first.headers and 'name="csrf_token"' not in first.text
    page, served = queries(app, app.test_client(), "/en/publications/budget-report")
    assert served == 0 and "Budget report 2009" in page.text


def submit_token(response) -> str:
    from tests.conftest import CSRF

    return CSRF.search(response.get_data(as_text=True)).group(1)


def test_only_successful_pages_are_kept(app, client):
    client.get("/en/publications/no-such-report")
    assert queries(app, client, "/en/publications/no-such-report")[1] > 0


def test_zero_seconds_turns_the_cache_off(app, client):
    assert config.from_environment({"PORTAL_PAGE_CACHE_SECONDS": "0"})[
        "PAGE_CACHE_SECONDS"] == 0
    app.config["PAGE_CACHE_SECONDS"] = 0
    client.get("/en/")
    assert queries(app, client, "/en/")[1] > 0


def test_a_page_older_than_the_time_limit_is_drawn_again(app, client, monkeypatch):
    client.get("/en/")
    later = pagecache.time.monotonic() + 61
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: later)
    assert queries(app, client, "/en/")[1] > 0


def test_with_redis_two_app_instances_share_pages_and_invalidation(app, tmp_path):
    redis_or_skip()
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    first = make_app(tmp_path, REDIS_URL=REDIS_URL, **CACHED)
    second = make_app(tmp_path, REDIS_URL=REDIS_URL, **CACHED)
    assert isinstance(first.extensions[pagecache.EXTENSION], pagecache.RedisStore)
    assert isinstance(app.extensions[pagecache.EXTENSION], pagecache.MemoryStore)
    first.test_client().get("/en/bodies/")  # sets the generation, stores nothing yet
    first.test_client().get("/en/bodies/")
    page, drawn = queries(second, second.test_client(), "/en/bodies/")
    assert drawn == 0 and page.status_code == 200

    with second.app_context():  # a write in one instance…
        db.session.add(Body(slug="safer-harrow", name="Safer Harrow management group",
                            kind=BodyKind.MANAGEMENT_GROUP))
        db.session.commit()
    page, drawn = queries(first, first.test_client(), "/en/bodies/")  # …shows in the other
    assert drawn > 0 and "Safer Harrow management group" in page.get_data(as_text=True)


# --- Pages with a form: one kept copy, a token per visitor ---------------------------------


@pytest.fixture
def meeting(app):
    from datetime import UTC, datetime, timedelta

    from plugins.meetings.models import Meeting

    with app.app_context():
        now = datetime.now(UTC)
        found = Meeting(title="Spring stakeholder meeting", kind="stakeholder",
                        starts_at=now + timedelta(days=30),
                        ends_at=now + timedelta(days=30, hours=2),
                        venue="Harrow Civic Centre", capacity=20, places_taken=0,
                        max_places_per_sign_up=2, sign_up_opens_at=now - timedelta(days=1),
                        sign_up_closes_at=now + timedelta(days=29))
        db.session.add(found)
        db.session.commit()
        return found.id


def session_token(app, response) -> str:
    """The raw token in the session cookie a response set."""
    cookie = next(value for value in response.headers.getlist("Set-Cookie")
                  if value.startswith(app.config["SESSION_COOKIE_NAME"] + "="))
    raw = cookie.split(";", 1)[0].split("=", 1)[1]
    return app.session_interface.get_signing_serializer(app).loads(raw)["csrf_token"]


def test_two_visitors_of_a_kept_meeting_page_get_their_own_token(app, meeting):
    url = f"/en/meetings/{meeting}"
    first, drawn = queries(app, app.test_client(), url)
    second, served = queries(app, app.test_client(), url)
    third, served_again = queries(app, app.test_client(), url)
    assert drawn > 0 and served == served_again == 0
    tokens = {submit_token(page) for page in (first, second, third)}
    assert len(tokens) == 3
    # Each token is that visitor's own: it signs the raw token in their new session.
    raws = {session_token(app, page) for page in (first, second, third)}
    assert len(raws) == 3
    assert "Spring stakeholder meeting" in second.text and "\x00" not in second.text
    assert second.headers["Cache-Control"] == "no-store" and "ETag" not in second.headers
    assert second.headers["Content-Length"] == str(len(second.get_data()))


def test_a_sign_up_from_a_kept_page_succeeds_and_the_tokens_do_not_mix(app, meeting):
    from plugins.meetings.models import SignUp

    url = f"/en/meetings/{meeting}"
    app.test_client().get(url)  # the first visitor has the page drawn and kept
    visitors = [app.test_client(), app.test_client()]
    tokens = []
    for visitor in visitors:
        page, served = queries(app, visitor, url)
        assert served == 0
        tokens.append(submit_token(page))
    data = {"name": "Asha Patel", "email": "asha@example.org", "places": "1"}
    # Another visitor's token is refused: it was signed for their session, not this one.
    refused = visitors[0].post(url + "/sign-up", data={**data, "csrf_token": tokens[1]})
    assert refused.status_code == 400
    for n, (visitor, token) in enumerate(zip(visitors, tokens, strict=True)):
        response = visitor.post(url + "/sign-up", data={
            **data, "email": f"person{n}@example.org", "csrf_token": token})
        assert response.status_code == 302
    with app.app_context():
        assert sorted(db.session.scalars(db.select(SignUp.email))) == [
            "person0@example.org", "person1@example.org"]
    # The sign-ups were written: the next visitor's page is drawn again, places and all.
    page, drawn = queries(app, app.test_client(), url)
    assert drawn > 0 and "18" in page.text


def test_a_kept_page_sets_the_session_cookie_flask_would_set(app, meeting):
    """Same name, flags and signing as the cookie of a page Flask drew itself."""
    url = f"/en/meetings/{meeting}"
    drawn = app.test_client().get(url)
    served, count = queries(app, app.test_client(), url)
    assert count == 0

    def flags(response):
        cookie = response.headers["Set-Cookie"]
        return sorted(part.strip() for part in cookie.split(";")[1:])

    assert flags(served) == flags(drawn) and "HttpOnly" in flags(served)
    assert "Cookie" in served.headers["Vary"]
    # The signed token in the page belongs to the raw token in that very cookie.
    from itsdangerous import URLSafeTimedSerializer

    signed = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token")
    assert signed.loads(submit_token(served)) == session_token(app, served)


def test_head_of_a_kept_page_with_a_form_has_its_headers_and_no_body(app, meeting):
    url = f"/en/meetings/{meeting}"
    app.test_client().get(url)
    head, served = queries(app, app.test_client(), url, method="HEAD")
    assert served == 0 and head.status_code == 200 and head.get_data() == b""
    page = app.test_client().get(url)
    assert head.headers["Content-Length"] == str(len(page.get_data()))
    assert head.headers["Content-Type"] == page.headers["Content-Type"]


def test_a_permanent_session_is_refreshed_as_flask_refreshes_it(app, client, meeting):
    url = f"/en/meetings/{meeting}"
    app.test_client().get(url)
    client.get("/en/account/login")
    with client.session_transaction() as session:
        session.permanent = True
    page, served = queries(app, client, url)
    assert served == 0
    assert "Expires=" in page.headers["Set-Cookie"]  # a new expiry, as Flask gives it
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    page, served = queries(app, client, url)
    assert served == 0 and "Set-Cookie" not in page.headers


def test_a_visitor_with_a_token_already_keeps_it_on_a_kept_page(app, client, meeting):
    url = f"/en/meetings/{meeting}"
    app.test_client().get(url)
    client.get("/en/account/login")  # the sign-in form gave this visitor a session and token
    with client.session_transaction() as session:
        raw = session["csrf_token"]
    page, served = queries(app, client, url)
    assert served == 0 and "Set-Cookie" not in page.headers  # the same session, unchanged
    with app.test_request_context():
        from flask_wtf.csrf import URLSafeTimedSerializer

        signed = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token")
        assert signed.loads(submit_token(page)) == raw
    response = client.post(url + "/sign-up", data={
        "name": "Asha Patel", "email": "asha@example.org", "places": "1",
        "csrf_token": submit_token(page)})
    assert response.status_code == 302


def test_a_signed_in_person_never_gets_a_kept_page_with_a_form(app, make_user, meeting):
    make_user("resident@example.org", name="Ravi Resident")
    url = f"/en/meetings/{meeting}"
    app.test_client().get(url)
    assert queries(app, app.test_client(), url)[1] == 0  # kept for anonymous visitors
    resident = signed_in_client(app, "resident@example.org")
    page, drawn = queries(app, resident, url)
    assert drawn > 0 and "Sign out" in page.text
    assert 'value="Ravi Resident"' in page.text  # the form filled in for them
    # …and their page, token and all, was not kept for anyone else.
    anonymous = app.test_client().get(url).text
    assert "Ravi Resident" not in anonymous and submit_token(page) not in anonymous


def test_a_visitor_with_a_flashed_message_gets_their_own_form_page(app, client, meeting):
    url = f"/en/meetings/{meeting}"
    app.test_client().get(url)
    client.get(url)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "You have a place.")]
    page, drawn = queries(app, client, url)
    assert drawn > 0 and "You have a place." in page.text
