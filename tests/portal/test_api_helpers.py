"""Helpers in ``portal.api`` for plugins: a body's papers, new bodies with free slugs."""

from __future__ import annotations

from datetime import date

from portal.api import Body, BodyKind, body_documents, create_body, db, free_body_slug
from portal.identity.models import Role, User
from portal.publishing.models import Document, DocumentKind, Status


def test_a_free_slug_is_made_from_the_name_and_never_reuses_one(app):
    with app.app_context():
        assert free_body_slug("Better Together Group") == "better-together-group"
        db.session.add(Body(slug="better-together-group", name="x", kind=BodyKind.BOARD))
        db.session.add(Body(slug="better-together-group-2", name="x", kind=BodyKind.BOARD))
        db.session.flush()
        assert free_body_slug("Better Together Group") == "better-together-group-3"
        assert free_body_slug("Café Ħarrow!") == "cafe-arrow"
        assert free_body_slug("٪٪") == "group"


def test_create_body_adds_a_body_under_its_parent(app):
    with app.app_context():
        parent = create_body("Harrow Chief Executives", BodyKind.EXECUTIVE)
        child = create_body("Reablement Group", BodyKind.TASK_AND_FINISH, parent=parent,
                            purpose="Help people live independently", meets="monthly")
        db.session.commit()
        found = db.session.scalar(db.select(Body).where(Body.slug == "reablement-group"))
        assert found.parent_id == parent.id and found.meets == "monthly"
        assert found.purpose == "Help people live independently" and child.id == found.id


def _document(body, slug, status, part2=None, day=date(2009, 5, 26)):
    return Document(slug=slug, kind=DocumentKind.AGENDA, body_id=body.id, status=status,
                    part2_paragraph=part2, document_date=day)


def test_body_documents_are_the_published_papers_the_reader_may_see(app):
    from flask_login import AnonymousUserMixin

    with app.app_context():
        body = create_body("HSP Board", BodyKind.BOARD)
        other = create_body("Other", BodyKind.BOARD)
        db.session.add_all([
            _document(body, "agenda", Status.PUBLISHED),
            _document(body, "minutes", Status.PUBLISHED, day=date(2009, 7, 1)),
            _document(body, "draft", Status.DRAFT),
            _document(body, "confidential", Status.PUBLISHED, part2=3),
            _document(other, "elsewhere", Status.PUBLISHED)])
        db.session.commit()
        officer = User(email="o@example.org", name="O", role=Role.OFFICER)

        public = [d.slug for d in body_documents(body, AnonymousUserMixin())]
        staff = [d.slug for d in body_documents(body, officer)]

        assert public == ["minutes", "agenda"]
        assert set(staff) == {"minutes", "agenda", "confidential"}
