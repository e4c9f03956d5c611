"""The structure in public, group pages, and proposals for new groups."""

from __future__ import annotations

import re

from plugins.partnership.models import GroupProposal, GroupTerms, ProposalStatus
from portal.api import Body, BodyKind, db
from portal.mail import OutboxMessage
from tests.conftest import submit


def test_the_structure_is_nested_lists_from_the_board_down(demo, client):
    html = client.get("/en/partnership/").text

    board = html.index('href="/en/partnership/groups/hsp-board"')
    executive = html.index('href="/en/partnership/groups/harrow-chief-executives"')
    safer = html.index('href="/en/partnership/groups/safer-harrow"')
    delivery = html.index('href="/en/partnership/groups/domestic-violence-delivery"')
    assert board < executive < safer < delivery
    # Each level is a list inside the item of the level above: three lists deeper.
    between = html[board:delivery]
    assert between.count('<ul class="tree">') - between.count("</ul>") == 3
    beside = html.index("Beside the line")
    assert html.index('href="/en/partnership/groups/vcs-forum"') > beside
    assert html.index('href="/en/partnership/groups/harrow-assembly"') > beside


def test_a_group_page_shows_terms_chairs_election_meetings_members_by_sector_and_papers(
        demo, client):
    html = client.get("/en/partnership/groups/hsp-board").text

    assert "<h1>Harrow Strategic Partnership Board</h1>" in html
    assert "at least three times a year" in html
    assert "Four members from four of the six sectors" in html  # terms of reference
    assert re.search(r"<dt>Chair</dt><dd>Asha Patel, Harrow Council</dd>", html)
    assert re.search(r"<dt>Vice-chair</dt><dd>Nalini Sivakumar", html)
    assert "last elected on 21 May 2024" in html
    captions = re.findall(r'<caption id="sector-(\w+)">', html)
    assert captions == ["council", "health", "police", "business", "voluntary", "education"]
    voluntary = html[html.index('id="sector-voluntary"'):html.index('id="sector-education"')]
    assert "Abdi Warsame" in voluntary and "Harrow Association for Voluntary Service" in voluntary
    assert "Sunil Mehta" not in voluntary
    assert 'href="/en/publications/board-agm-agenda-2009-05-26"' in html


def test_a_task_and_finish_group_shows_its_duration(demo, client):
    html = client.get("/en/partnership/groups/recession-busting-group").text

    assert ('<dt>Duration</dt><dd lang="en">Until the worklessness priority has been scoped'
            in html)


def test_an_unknown_group_is_not_found(client):
    assert client.get("/en/partnership/groups/no-such-group").status_code == 404


def _propose(client, parent_id, **changes):
    data = {"name": "Implications of welfare changes", "kind": "task_and_finish",
            "parent_id": str(parent_id), "purpose": "Understand the welfare changes.",
            "duration": "Six months", "representation": "Council (head of service), HAVS",
            "value_added": "One shared picture instead of five."}
    data.update(changes)
    return submit(client, "/en/partnership/proposals/new", data)


def test_an_endorsed_proposal_becomes_a_group_with_its_terms_and_the_proposer_is_told(
        demo, app, client, seat, officer, login):
    seat("member@test.org", "vcs-forum", language="ro")
    login("member@test.org")
    with app.app_context():
        hce = db.session.scalar(db.select(Body.id).where(Body.slug == "harrow-chief-executives"))
    response = _propose(client, hce)
    assert response.status_code == 302
    proposal_url = response.headers["Location"]

    client.post("/en/account/logout", data={})
    officer_client = app.test_client()
    submit(officer_client, "/en/account/login",
           {"email": "officer@test.org", "password": "correct horse battery"})
    assert "Implications of welfare changes" in officer_client.get(
        "/en/partnership/proposals/").text
    decided = submit(officer_client, proposal_url, {"decision": "endorse", "reason": ""})
    assert decided.status_code == 302

    with app.app_context():
        proposal = db.session.scalar(db.select(GroupProposal).where(
            GroupProposal.name == "Implications of welfare changes",
            GroupProposal.status == ProposalStatus.ENDORSED))
        body = db.session.get(Body, proposal.body_id)
        assert body.kind == BodyKind.TASK_AND_FINISH and body.parent_id == hce
        terms = db.session.scalar(db.select(GroupTerms).where(GroupTerms.body_id == body.id))
        assert terms.duration == "Six months"
        assert "One shared picture instead of five." in terms.terms_of_reference
        mail = db.session.scalar(db.select(OutboxMessage).where(
            OutboxMessage.recipient == "member@test.org"))
        assert mail.language == "ro"
        slug = body.slug
    page = app.test_client().get(f"/en/partnership/groups/{slug}").text
    assert "Council (head of service), HAVS" in page and "Six months" in page


def test_declining_needs_a_reason_and_creates_no_group(demo, app, client, seat, officer, login):
    seat("member@test.org", "vcs-forum")
    login("member@test.org")
    proposal_url = _propose(client, 1).headers["Location"]
    officer_client = app.test_client()
    submit(officer_client, "/en/account/login",
           {"email": "officer@test.org", "password": "correct horse battery"})
    with app.app_context():
        bodies = db.session.scalar(db.select(db.func.count(Body.id)))

    refused = submit(officer_client, proposal_url, {"decision": "decline", "reason": ""})
    assert refused.status_code == 400
    assert 'href="#reason"' in refused.text
    declined = submit(officer_client, proposal_url,
                      {"decision": "decline", "reason": "Existing groups cover it."})
    assert declined.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Body.id))) == bodies
        assert db.session.scalar(db.select(GroupProposal.status).where(
            GroupProposal.name == "Implications of welfare changes",
            GroupProposal.reason != "")) == ProposalStatus.DECLINED


def test_an_empty_proposal_is_refused_with_an_error_summary_and_nothing_saved(
        app, client, seat, login):
    seat("member@test.org", "vcs-forum")
    login("member@test.org")

    response = submit(client, "/en/partnership/proposals/new", {"name": "", "kind": "x"})

    assert response.status_code == 400
    assert 'class="error-summary"' in response.text and 'href="#purpose"' in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(GroupProposal.id))) == 0


def test_only_officers_and_the_proposer_see_a_proposal(demo, app, client, seat, make_user,
                                                       login):
    seat("member@test.org", "vcs-forum")
    seat("other@test.org", "greener-harrow-reference")
    login("member@test.org")
    proposal_url = _propose(client, 1).headers["Location"]
    other = app.test_client()
    submit(other, "/en/account/login", {"email": "other@test.org",
                                        "password": "correct horse battery"})

    assert client.get(proposal_url).status_code == 200
    assert other.get(proposal_url).status_code == 404
    assert other.get("/en/partnership/proposals/").status_code == 403


def test_the_group_page_and_the_body_page_list_the_same_latest_papers(demo, client):
    def papers(html: str) -> str:
        start = html.index('<ul class="link-list">', html.index("/publications/board-agm") - 400)
        return html[start:html.index("</ul>", start)]

    group = client.get("/en/partnership/groups/hsp-board").text
    body = client.get("/en/bodies/hsp-board").text

    assert papers(group) == papers(body)
    assert 'href="/en/publications/board-agm-agenda-2009-05-26"' in papers(group)
    assert 'href="/en/publications/?body=hsp-board"' in group
