"""Publishing: two-person workflow, revisions, Part 2, translations, feeds, files."""

from __future__ import annotations

import re
from datetime import date

import pytest

from portal.bodies.models import Body, BodyKind, Membership, Sector
from portal.extensions import db
from portal.identity.models import Role, User
from portal.publishing import service
from portal.publishing.models import Document, Revision, Status, TranslationRequest
from tests.conftest import submit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(app, make_user):
    ids = {
        "author": make_user("author@example.org", name="Ann Author", role=Role.OFFICER),
        "second": make_user("second@example.org", name="Sam Second", role=Role.OFFICER),
        "admin": make_user("admin@example.org", name="Ada Admin", role=Role.ADMINISTRATOR),
        "member": make_user("member@example.org", name="Mo Member"),
        "resident": make_user("resident@example.org", name="Ravi Resident"),
    }
    with app.app_context():
        board = Body(slug="hsp-board", name="HSP Board", kind=BodyKind.BOARD)
        db.session.add(board)
        db.session.add(Membership(body=board, user_id=ids["member"], person_name="Mo Member",
                                  sector=Sector.VOLUNTARY, started_on=date(2024, 1, 1)))
        db.session.commit()
        ids["board"] = board.id
    return ids


def make_document(app, people, slug="annual-report", part2=None, versions=None, **extra):
    """A published document: written by the author, published by the second officer."""
    with app.app_context():
        author, second = db.session.get(User, people["author"]), db.session.get(
            User, people["second"])
        data = {"slug": slug, "kind": extra.get("kind", "report"), "body_id": people["board"],
                "document_date": "2009-05-26", "part2_paragraph": part2,
                "easy_read_of_id": None, "agenda_items": extra.get("agenda_items", []),
                "versions": versions or {"en": {
                    "title": "Annual report on partnership working",
                    "summary": "How the partnership did this year.",
                    "body": "## Recession\n\nThe group met four times.", "review": "source"}}}
        document = service.new_document(author, data)
        db.session.flush()
        service.publish(document, second)
        db.session.commit()
        return document.id


def test_an_officer_cannot_publish_their_own_draft_but_a_second_officer_can(app, client,
                                                                           people, login):
    login("author@example.org")
    response = submit(client, "/en/admin/publications/new", {
        "title": "Stakeholder meeting notes", "slug": "stakeholder-notes", "kind": "report",
        "body_id": str(people["board"]), "document_date": "2026-03-01", "part2_paragraph": "",
        "easy_read_of": "", "summary": "Notes", "text": "Hello"})
    assert response.status_code == 302
    url = response.headers["Location"]
    assert client.get("/en/publications/stakeholder-notes").status_code == 404  # a draft
    own = submit(client, url + "/publish", {}, form_url=url)
    assert own.status_code == 403
    with app.app_context():
        assert db.session.scalar(db.select(Document)).status == Status.DRAFT
    client.post("/en/account/logout", data={"csrf_token": _token(client)})
    login("second@example.org")
    assert submit(client, url + "/publish", {}, form_url=url).status_code == 302
    client.post("/en/account/logout", data={"csrf_token": _token(client)})
    page = client.get("/en/publications/stakeholder-notes")
    assert page.status_code == 200 and "Stakeholder meeting notes" in page.get_data(as_text=True)


def _token(client):
    from tests.conftest import csrf_token

    return csrf_token(client, "/en/")


def test_an_edit_waits_as_a_draft_until_published_and_keeps_a_revision(app, client, people,
                                                                       login):
    doc_id = make_document(app, people)
    login("author@example.org")
    edit_url = f"/en/admin/publications/{doc_id}"
    response = submit(client, edit_url, {
        "title": "Annual report, corrected", "slug": "annual-report", "kind": "report",
        "body_id": str(people["board"]), "document_date": "2009-05-26",
        "part2_paragraph": "", "easy_read_of": "", "summary": "", "text": "New text"})
    assert response.status_code == 302
    public = client.get("/en/publications/annual-report").get_data(as_text=True)
    assert "Annual report on partnership working" in public  # still the published text
    with app.app_context():
        document = db.session.get(Document, doc_id)
        service.publish(document, db.session.get(User, people["admin"]))
        db.session.commit()
        revisions = db.session.scalars(db.select(Revision).order_by(Revision.number)).all()
        assert [r.number for r in revisions] == [1, 2]
        assert "title (en)" in revisions[1].changes and "body (en)" in revisions[1].changes
        assert revisions[1].edited_by.name == "Ann Author"
        assert revisions[1].published_by.name == "Ada Admin"
    assert "Annual report, corrected" in client.get(
        "/en/publications/annual-report").get_data(as_text=True)


def test_an_earlier_revision_can_be_restored(app, client, people, login):
    doc_id = make_document(app, people)
    with app.app_context():
        document = db.session.get(Document, doc_id)
        data = service.working_copy(document)
        data["versions"]["en"] = dict(data["versions"]["en"], title="A mistaken title")
        service.save_draft(document, db.session.get(User, people["author"]), data)
        service.publish(document, db.session.get(User, people["second"]))
        db.session.commit()
    login("author@example.org")
    url = f"/en/admin/publications/{doc_id}/revisions/1"
    assert "Annual report on partnership working" in client.get(url).get_data(as_text=True)
    assert submit(client, url + "/restore", {}, form_url=url).status_code == 302
    with app.app_context():
        document = db.session.get(Document, doc_id)
        service.publish(document, db.session.get(User, people["second"]))
        db.session.commit()
    page = client.get("/en/publications/annual-report").get_data(as_text=True)
    assert "Annual report on partnership working" in page and "mistaken" not in page


def test_part2_is_hidden_from_the_public_everywhere_but_shown_to_members(app, client, people,
                                                                         login):
    make_document(app, people, slug="grant-decisions", part2=3, versions={"en": {
        "title": "Confidential grant decisions", "summary": "Named organisations",
        "body": "Organisation A", "review": "source"}})
    make_document(app, people, slug="public-report")
    anonymous = {
        "page": client.get("/en/publications/grant-decisions").status_code,
        "listing": client.get("/en/publications/").get_data(as_text=True),
        "search": client.get("/en/search?q=confidential").get_data(as_text=True),
        "feed": client.get("/en/publications/feeds/hsp-board.atom").get_data(as_text=True),
        "sitemap": client.get("/sitemap.xml").get_data(as_text=True),
    }
    assert anonymous["page"] == 404
    for where in ("listing", "search", "feed", "sitemap"):
        assert "grant-decisions" not in anonymous[where], where
        assert "Confidential grant decisions" not in anonymous[where], where
    assert "public-report" in anonymous["sitemap"] and "public-report" in anonymous["feed"]

    login("resident@example.org")
    assert client.get("/en/publications/grant-decisions").status_code == 404
    client.post("/en/account/logout", data={"csrf_token": _token(client)})

    login("member@example.org")
    page = client.get("/en/publications/grant-decisions")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Part 2: confidential" in text and "Paragraph 3" in text
    assert "Confidential grant decisions" in client.get("/en/publications/").get_data(
        as_text=True)
    assert "Confidential grant decisions" in client.get("/en/search?q=confidential").get_data(
        as_text=True)
    # Feeds and the sitemap are public: never Part 2, whoever asks.
    assert "grant-decisions" not in client.get("/en/publications/feeds/hsp-board.atom").get_data(
        as_text=True)


def test_a_part2_agenda_item_is_hidden_from_the_public(app, client, people, login):
    make_document(app, people, slug="board-agenda", kind="agenda", agenda_items=[
        {"title": "Minutes of the last meeting", "part2_paragraph": None},
        {"title": "Grant award to Organisation A", "part2_paragraph": 3}])
    public = client.get("/en/publications/board-agenda").get_data(as_text=True)
    assert "Minutes of the last meeting" in public
    assert "Organisation A" not in public
    agenda = public[public.index('<ol class="agenda">'):]
    assert agenda.index("Minutes of the last meeting") < agenda.index("Taken in private.")
    assert "Paragraph 3" in agenda  # the private item shows only its place and exemption
    login("member@example.org")
    member = client.get("/en/publications/board-agenda").get_data(as_text=True)
    assert "Grant award to Organisation A" in member and "Paragraph 3" in member


def test_a_missing_translation_falls_back_to_english_with_a_notice_and_a_request(app, client,
                                                                                people):
    from flask_babel import force_locale, gettext

    make_document(app, people)
    response = client.get("/gu/publications/annual-report")
    page = response.get_data(as_text=True)
    with app.test_request_context(), force_locale("gu"):
        notice = gettext("This document is not yet available in %(language)s. It is shown in "
                         "English.", language="ગુજરાતી")
    assert notice in page and "not yet available" not in notice
    assert '<h1 lang="en" dir="ltr">Annual report on partnership working</h1>' in page
    for visitor in (client, app.test_client(), app.test_client()):
        submit(visitor, "/gu/publications/annual-report/translation-requests", {},
               form_url="/gu/publications/annual-report")
    assert "You have asked for a translation" not in page
    again = client.get("/gu/publications/annual-report").get_data(as_text=True)
    with app.test_request_context(), force_locale("gu"):
        assert gettext("You have asked for a translation. Thank you.") in again
    submit(client, "/gu/publications/annual-report/translation-requests", {},
           form_url="/gu/account/login")  # the same reader again
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(TranslationRequest.id))) == 3
        [(doc_id, language, count)] = db.session.execute(service.translation_queue()).all()
    assert (language, count) == ("gu", 3)


def test_a_translated_version_is_shown_in_its_language(app, client, people):
    make_document(app, people, versions={
        "en": {"title": "Annual report", "summary": "", "body": "Partnership", "review": "source"},
        "gu": {"title": "વાર્ષિક અહેવાલ", "summary": "", "body": "ભાગીદારી અને મંદી",
               "review": "human_reviewed"}})
    page = client.get("/gu/publications/annual-report").get_data(as_text=True)
    assert "<h1>વાર્ષિક અહેવાલ</h1>" in page
    assert "ભાગીદારી અને મંદી" in page
    assert "Annual report" not in re.sub(r"<link[^>]+>", "", page)


def test_search_finds_a_translated_document_by_a_word_in_its_language(app, client, people):
    make_document(app, people, versions={
        "en": {"title": "Annual report", "summary": "", "body": "Partnership", "review": "source"},
        "gu": {"title": "વાર્ષિક અહેવાલ", "summary": "", "body": "ભાગીદારી અને મંદી",
               "review": "human_reviewed"},
        "ar": {"title": "التقرير السنوي", "summary": "", "body": "الشراكة والركود",
               "review": "draft_translation"}})
    gu = client.get("/gu/search?q=મંદી").get_data(as_text=True)
    assert "વાર્ષિક અહેવાલ" in gu and "/gu/publications/annual-report" in gu
    ar = client.get("/ar/search?q=الركود").get_data(as_text=True)
    assert "التقرير السنوي" in ar


def test_markdown_is_sanitised_on_the_page(app, client, people):
    make_document(app, people, versions={"en": {
        "title": "Hostile", "summary": "",
        "body": "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n"
                "<img src=x onerror=alert(1)>",
        "review": "source"}})
    page = client.get("/en/publications/annual-report").get_data(as_text=True)
    assert "<script>alert" not in page
    assert 'href="javascript:' not in page.lower()
    assert "<img" not in page and "onerror=" not in page


def test_the_listing_filters_by_body_type_year_and_language(app, client, people):
    make_document(app, people, slug="old-report")
    with app.app_context():
        other = Body(slug="executive", name="Harrow Chief Executives", kind=BodyKind.EXECUTIVE)
        db.session.add(other)
        db.session.commit()
    listing = client.get("/en/publications/?body=hsp-board&kind=report&year=2009").get_data(
        as_text=True)
    assert "/en/publications/old-report" in listing
    assert "/en/publications/old-report" not in client.get(
        "/en/publications/?body=executive").get_data(as_text=True)
    assert "/en/publications/old-report" not in client.get(
        "/en/publications/?year=2010").get_data(as_text=True)
    assert "/en/publications/old-report" not in client.get(
        "/en/publications/?language=gu").get_data(as_text=True)


def test_attachments_are_checked_by_content_and_served_safely(app, client, people, login):
    from io import BytesIO

    doc_id = make_document(app, people)
    login("author@example.org")
    url = f"/en/admin/publications/{doc_id}"
    fake = submit(client, url + "/attachments",
                  {"file": (BytesIO(b"<html><script>x</script></html>"), "minutes.pdf")},
                  form_url=url, content_type="multipart/form-data")
    assert fake.status_code == 400
    assert 'href="#file"' in fake.get_data(as_text=True)
    good = submit(client, url + "/attachments", {"file": (BytesIO(PDF), "../Board minutes.pdf")},
                  form_url=url, content_type="multipart/form-data")
    assert good.status_code == 302
    assert "/files/" not in client.get("/en/publications/annual-report").get_data(as_text=True)
    with app.app_context():  # a second officer publishes the new file
        from portal.publishing.models import Attachment

        pending = db.session.scalar(db.select(Attachment))
        assert pending.published_at is None
        assert app.test_client().get(
            f"/en/publications/annual-report/files/{pending.id}").status_code == 404
        revision = service.publish(db.session.get(Document, doc_id),
                                   db.session.get(User, people["second"]))
        db.session.commit()
        assert "file added (Board minutes.pdf)" in revision.changes
    page = client.get("/en/publications/annual-report").get_data(as_text=True)
    link = re.search(r'href="(/en/publications/annual-report/files/\d+)"', page).group(1)
    download = client.get(link)
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    assert ".." not in download.headers["Content-Disposition"]
    assert download.data == PDF


def test_a_published_address_never_changes(app, client, people, login):
    doc_id = make_document(app, people)
    login("author@example.org")
    response = submit(client, f"/en/admin/publications/{doc_id}", {
        "title": "X", "slug": "a-new-address", "kind": "report", "body_id": "",
        "document_date": "2009-05-26", "part2_paragraph": "", "easy_read_of": "",
        "summary": "", "text": ""})
    assert response.status_code == 400
    assert "cannot change" in response.get_data(as_text=True)


def test_residents_cannot_open_the_publishing_admin(client, people, login):
    login("resident@example.org")
    assert client.get("/en/admin/publications/").status_code == 403


def test_demo_content_publishes_translated_reports_and_a_hidden_part2_minute(app, client):
    from portal.demo import seed_demo

    with app.app_context():
        counts = seed_demo()
        part2 = db.session.scalars(db.select(Document).where(
            Document.part2_paragraph.is_not(None), Document.kind == "minutes")).all()
        translated = db.session.scalars(db.select(Document).where(
            Document.versions.any(language="gu"), Document.versions.any(language="ar"))).all()
    assert counts["publications"] >= 8
    assert part2 and translated
    assert client.get(f"/en/publications/{part2[0].slug}").status_code == 404
    assert client.get(f"/gu/publications/{translated[0].slug}").status_code == 200


def test_a_body_page_lists_its_publications_and_links_its_feed(app, client, people):
    make_document(app, people, slug="public-report")
    make_document(app, people, slug="secret-minute", part2=1, versions={"en": {
        "title": "Secret minute", "summary": "", "body": "", "review": "source"}})
    page = client.get("/en/bodies/hsp-board").get_data(as_text=True)
    assert "/en/publications/public-report" in page
    assert "secret-minute" not in page
    assert 'href="/en/publications/feeds/hsp-board.atom"' in page
    feed = client.get("/en/publications/feeds/hsp-board.atom")
    assert feed.mimetype == "application/atom+xml"
    assert "<entry>" in feed.get_data(as_text=True)
