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


def test_pages_with_a_form_token_are_never_shared(app, client, make_user):
    """The translation request form carries a token: each visitor gets their own."""
    author = make_user("author@example.org", role=Role.OFFICER)
    second = make_user("second@example.org", role=Role.OFFICER)
    doc_id = draft(app, author)
    with app.app_context():
        service.publish(db.session.get(Document, doc_id), db.session.get(User, second))
        db.session.commit()
    url = "/gu/publications/budget-report"  # no Gujarati text yet: the request form shows
    first = app.test_client().get(url)
    again, drawn = queries(app, app.test_client(), url)
    assert 'name="csrf_token"' in first.get_data(as_text=True)
    assert drawn > 0 and first.headers["Cache-Control"] == "no-store"
    assert submit_token(first) != submit_token(again)


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
