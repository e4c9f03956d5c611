"""Fixtures for the partnership plugin: the demo content, and people with their seats."""

from __future__ import annotations

from datetime import date

import pytest

from portal.api import Body, Membership, MembershipRole, Organisation, Sector, db
from portal.identity.models import OrganisationMember, Role, User


@pytest.fixture
def demo(app):
    """The core's and every plugin's demo content."""
    from portal.demo import seed_demo
    from portal.plugins import host

    with app.app_context():
        seed_demo()
        host(app).call("portal_demo_content")
        db.session.remove()
    return app


@pytest.fixture
def seat(app, make_user):
    """``seat(email, body_slug, role=..., language=...)``: an account that is an organisation
    member and sits on a body (created when missing), e.g. a reference group's chair."""

    def create(email, body_slug, *, role=MembershipRole.MEMBER, language="en",
               kind="reference_group"):
        user_id = make_user(email, language=language)
        with app.app_context():
            org = db.session.scalar(db.select(Organisation).where(Organisation.slug == "havs"))
            if org is None:
                org = Organisation(slug="havs", name="HAVS", sector=Sector.VOLUNTARY)
                db.session.add(org)
                db.session.flush()
            body = db.session.scalar(db.select(Body).where(Body.slug == body_slug))
            if body is None:
                body = Body(slug=body_slug, name=body_slug.replace("-", " ").title(), kind=kind)
                db.session.add(body)
                db.session.flush()
            db.session.add(OrganisationMember(user_id=user_id, organisation_id=org.id))
            db.session.add(Membership(body_id=body.id, user_id=user_id, person_name=email,
                                      organisation_id=org.id, sector=org.sector, role=role,
                                      started_on=date(2020, 1, 1)))
            db.session.commit()
        return user_id

    return create


@pytest.fixture
def officer(make_user):
    return make_user("officer@test.org", role=Role.OFFICER)


def body_id(app, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(db.select(Body.id).where(Body.slug == slug))


def user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(db.select(User.id).where(User.email == email))
