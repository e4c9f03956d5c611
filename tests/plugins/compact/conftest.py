"""Fixtures for the Compact's tests: organisations, people and a lodged complaint."""

from __future__ import annotations

import re

import pytest

import plugins.compact.models  # noqa: F401  (tables for create_all)
from portal.bodies.models import Sector
from portal.extensions import db
from portal.identity.models import Organisation, OrganisationMember, Role
from tests.conftest import submit


@pytest.fixture
def world(app, make_user):
    from plugins.compact.demo import ensure_commitments

    ids = {
        "member": make_user("member@example.org", name="Mina Member", language="gu"),
        "colleague": make_user("colleague@example.org", name="Colin Colleague"),
        "stranger": make_user("stranger@example.org", name="Other Org Member"),
        "officer": make_user("officer@example.org", name="Case Officer", role=Role.OFFICER),
        "other_officer": make_user("other@example.org", name="Other Officer", role=Role.OFFICER),
        "admin": make_user("admin@example.org", name="Compact Admin", role=Role.ADMINISTRATOR),
    }
    with app.app_context():
        ensure_commitments()
        vcs = Organisation(slug="vcs-group", name="Harrow Voluntary Group",
                           sector=Sector.VOLUNTARY)
        other = Organisation(slug="other-group", name="Another Group", sector=Sector.VOLUNTARY)
        council = Organisation(slug="council", name="Harrow Council", sector=Sector.COUNCIL)
        db.session.add_all([vcs, other, council])
        db.session.flush()
        for key, org in (("member", vcs), ("colleague", vcs), ("stranger", other)):
            db.session.add(OrganisationMember(user_id=ids[key], organisation_id=org.id))
        db.session.commit()
        ids.update(vcs=vcs.id, council=council.id)
    return ids


def as_user(app, email):
    client = app.test_client()
    response = submit(client, "/en/account/login", {"email": email,
                                                    "password": "correct horse battery"})
    assert response.status_code == 302
    return client


def lodge(app, world) -> str:
    client = as_user(app, "member@example.org")
    page = client.get("/en/compact/complaints/new").get_data(as_text=True)
    commitment = re.search(r'<option value="(\d+)">Run fair', page).group(1)
    response = submit(client, "/en/compact/complaints/new", {
        "organisation": str(world["vcs"]), "concerns": str(world["council"]),
        "commitment": commitment, "what_happened": "The grants round was not explained.",
        "happened_on": "2026-10-01", "tried_already": "We wrote to the grants team.",
        "outcome_wanted": "A fair and open process."})
    assert response.status_code == 302, response.get_data(as_text=True)
    return re.search(r"(CPT-\d{4}-\d{4})", response.headers["Location"]).group(1)
