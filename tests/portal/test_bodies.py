"""The partnership's bodies: public pages, officers' upkeep, membership questions."""

from __future__ import annotations

from datetime import date

import pytest

from portal.api import current_members, is_member
from portal.bodies.models import Body, BodyKind, Membership, MembershipRole, Sector
from portal.extensions import db
from portal.identity.models import Role, User
from tests.conftest import submit


@pytest.fixture
def board(app):
    with app.app_context():
        board = Body(slug="hsp-board", name="HSP Board", kind=BodyKind.BOARD, quorum_members=4,
                     quorum_sectors=4, meets="at least three times a year")
        db.session.add(board)
        db.session.add_all([
            Membership(body=board, person_name="Zara Member", sector=Sector.BUSINESS,
                       role=MembershipRole.MEMBER, started_on=date(2024, 5, 1)),
            Membership(body=board, person_name="Yusuf Chair", sector=Sector.COUNCIL,
                       role=MembershipRole.CHAIR, started_on=date(2024, 5, 1)),
            Membership(body=board, person_name="Former Member", sector=Sector.POLICE,
                       started_on=date(2020, 1, 1), ended_on=date(2023, 1, 1)),
        ])
        db.session.commit()
    return "hsp-board"


def test_a_body_page_lists_current_members_chair_first(client, board):
    page = client.get("/en/bodies/hsp-board").get_data(as_text=True)
    assert page.index("Yusuf Chair") < page.index("Zara Member")
    assert "Former Member" not in page
    assert "4 voting members" in page and "from at least 4 different sectors" in page


def test_an_unknown_body_is_not_found(client):
    assert client.get("/en/bodies/no-such-body").status_code == 404


def test_membership_is_asked_through_the_core_api_on_a_date(app, board, make_user):
    user_id = make_user()
    with app.app_context():
        body = db.session.scalar(db.select(Body))
        user = db.session.get(User, user_id)
        db.session.add(Membership(body=body, user=user, person_name=user.name,
                                  sector=Sector.VOLUNTARY, started_on=date(2025, 1, 1),
                                  ended_on=date(2025, 12, 31)))
        db.session.commit()
        assert is_member(user, body, on=date(2025, 6, 1))
        assert not is_member(user, body, on=date(2026, 6, 1))
        names = [m.person_name for m in current_members(body, on=date(2025, 6, 1))]
        assert names == ["Yusuf Chair", "Test Person", "Zara Member"]


def test_an_officer_adds_a_member_linked_to_an_account(app, client, board, make_user, login):
    make_user("officer@example.org", role=Role.OFFICER)
    make_user("member@example.org", name="Amina Member")
    login("officer@example.org")
    response = submit(client, "/en/admin/bodies/hsp-board/members", {
        "person_name": "Amina Member", "account_email": "member@example.org",
        "position": "Voluntary sector representative", "organisation": "",
        "sector": "voluntary", "role": "vice_chair", "started_on": "2026-04-01",
    }, form_url="/en/admin/bodies/hsp-board")
    assert response.status_code == 302
    with app.app_context():
        seat = db.session.scalar(db.select(Membership).where(
            Membership.person_name == "Amina Member"))
        assert seat.role == MembershipRole.VICE_CHAIR and seat.sector == Sector.VOLUNTARY
        assert seat.user.email == "member@example.org"


def test_bad_membership_input_is_refused_with_errors_and_nothing_saved(app, client, board,
                                                                      make_user, login):
    make_user("officer@example.org", role=Role.OFFICER)
    login("officer@example.org")
    response = submit(client, "/en/admin/bodies/hsp-board/members", {
        "person_name": "", "sector": "pirates", "role": "member", "started_on": "31/02/2026",
        "organisation": "999", "account_email": "nobody@example.org"},
        form_url="/en/admin/bodies/hsp-board")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for anchor in ("#person_name", "#sector", "#started_on", "#organisation"):
        assert f'href="{anchor}"' in page
    assert "Enter a real date" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Membership.id))) == 3


def test_an_officer_ends_a_membership(app, client, board, make_user, login):
    make_user("officer@example.org", role=Role.OFFICER)
    login("officer@example.org")
    with app.app_context():
        seat_id = db.session.scalar(db.select(Membership.id).where(
            Membership.person_name == "Zara Member"))
    url = f"/en/admin/bodies/hsp-board/members/{seat_id}/end"
    bad = submit(client, url, {"ended_on": "2000-01-01"}, form_url="/en/admin/bodies/hsp-board")
    assert bad.status_code == 400
    ok = submit(client, url, {"ended_on": "2025-03-31"}, form_url="/en/admin/bodies/hsp-board")
    assert ok.status_code == 302
    assert "<td>Zara Member" not in client.get("/en/bodies/hsp-board").get_data(as_text=True)


def test_an_officer_creates_a_body_with_a_unique_web_address(app, client, board, make_user,
                                                            login):
    make_user("officer@example.org", role=Role.OFFICER)
    login("officer@example.org")
    data = {"name": "Recession task group", "slug": "recession", "kind": "task_and_finish",
            "parent": "", "purpose": "", "meets": "monthly"}
    assert submit(client, "/en/admin/bodies/new", data).status_code == 302
    again = submit(client, "/en/admin/bodies/new", data)
    assert again.status_code == 400
    assert "already uses this web address name" in again.get_data(as_text=True)
    bad = submit(client, "/en/admin/bodies/new", {**data, "slug": "Not A Slug!"})
    assert bad.status_code == 400


def test_residents_cannot_manage_bodies(client, board, make_user, login):
    make_user()
    login()
    assert client.get("/en/admin/bodies/hsp-board").status_code == 403


def test_demo_content_loads_once_with_the_boards_quorum(app):
    from portal.demo import seed_demo

    with app.app_context():
        first = seed_demo()
        second = seed_demo()
        board = db.session.scalar(db.select(Body).where(Body.kind == BodyKind.BOARD))
        sectors = {m.sector for m in current_members(board)}
    assert first["bodies"] > 5 and first["users"] == 4
    assert set(second.values()) == {0}
    assert (board.quorum_members, board.quorum_sectors) == (4, 4)
    assert len(sectors) == 6


def test_body_and_organisation_names_are_marked_as_english_on_other_language_pages(app,
                                                                                   client):
    from portal.identity.models import Organisation

    with app.app_context():
        org = Organisation(slug="havs", name="Harrow Association of Voluntary Service",
                           sector=Sector.VOLUNTARY)
        board = Body(slug="hsp-board", name="HSP Board", kind=BodyKind.BOARD)
        group = Body(slug="vcs-forum", name="VCS Forum", kind=BodyKind.REFERENCE_GROUP,
                     parent=board)
        db.session.add_all([org, board, group, Membership(
            body=board, person_name="A Person", organisation=org, sector=Sector.VOLUNTARY,
            started_on=date(2009, 5, 1))])
        db.session.commit()
    listing = client.get("/ar/bodies/").get_data(as_text=True)
    assert 'lang="en">HSP Board</a>' in listing and 'lang="en">VCS Forum</a>' in listing
    detail = client.get("/gu/bodies/hsp-board").get_data(as_text=True)
    assert '<h1 lang="en">HSP Board</h1>' in detail
    assert '<td lang="en">Harrow Association of Voluntary Service</td>' in detail
