"""List pages make the same number of SQL queries at 10 rows as at 1,000 (no N+1)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from portal.bodies.models import Body, BodyKind, Membership, Sector
from portal.extensions import db
from portal.identity.models import Organisation, OrganisationMember, Role, User
from portal.publishing.models import Document, DocumentKind, Status, Version
from portal.timeutil import utcnow

PASSWORD = "correct horse battery"


@contextmanager
def counting(app):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def add_rows(app, start: int, n: int) -> None:
    """``n`` more of everything a list page shows: documents, bodies, members, accounts."""
    with app.app_context():
        board = db.session.scalar(db.select(Body).where(Body.slug == "hsp-board"))
        org = db.session.scalar(db.select(Organisation).where(Organisation.slug == "org"))
        for i in range(start, start + n):
            doc = Document(slug=f"report-{i}", kind=DocumentKind.REPORT, body=board,
                           document_date=date(2009, 1, 1) + timedelta(days=i % 300),
                           status=Status.PUBLISHED, published_at=utcnow(), updated_at=utcnow())
            doc.versions = [Version(language="en", title=f"Report {i}", summary="A summary"),
                            Version(language="gu", title=f"અહેવાલ {i}", summary="સારાંશ")]
            user = User(email=f"person{i}@example.org", name=f"Person {i}",
                        password_hash="x", session_token="x")
            db.session.add_all([doc, user, OrganisationMember(user=user, organisation=org),
                                Membership(body=board, user=user, person_name=f"Person {i}",
                                           organisation=org, sector=Sector.VOLUNTARY,
                                           started_on=date(2009, 1, 1)),
                                Body(slug=f"group-{i}", name=f"Group {i}", parent=board,
                                     kind=BodyKind.DELIVERY_GROUP)])
        db.session.commit()


PAGES = ["/en/publications/", "/gu/publications/", "/en/publications/?kind=report&year=2009",
         "/en/bodies/", "/en/bodies/hsp-board", "/en/search?q=report",
         "/en/admin/users", "/en/admin/organisations/org", "/en/admin/bodies/"]


@pytest.fixture
def admin_client(app, client):
    with app.app_context():
        admin = User(email="admin@example.org", name="Admin", role=Role.ADMINISTRATOR,
                     email_verified_at=utcnow())
        admin.set_password(PASSWORD)
        db.session.add_all([admin, Body(slug="hsp-board", name="HSP Board", kind=BodyKind.BOARD),
                            Organisation(slug="org", name="Org", sector=Sector.VOLUNTARY)])
        db.session.commit()
    from tests.conftest import submit
    assert submit(client, "/en/account/login", {"email": "admin@example.org",
                                                 "password": PASSWORD}).status_code == 302
    return client


def queries_per_page(app, client) -> dict[str, int]:
    counts = {}
    for url in PAGES:
        with counting(app) as statements:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(statements)
    return counts


def test_list_pages_make_as_many_queries_at_1000_rows_as_at_10(app, admin_client):
    add_rows(app, 0, 10)
    few = queries_per_page(app, admin_client)
    add_rows(app, 10, 990)
    many = queries_per_page(app, admin_client)
    assert many == few
    assert max(few.values()) <= 15, few
