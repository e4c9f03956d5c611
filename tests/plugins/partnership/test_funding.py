"""Funding rounds: opened with a pot, proposals from groups, panel scores, awards published.

The total awarded never exceeds the pot, even when two officers award at the same moment.
"""

from __future__ import annotations

import os
import re
import threading

import pytest

from plugins.partnership import service
from plugins.partnership.models import (
    CriterionScore,
    FundingBid,
    FundingCriterion,
    FundingRound,
)
from portal.api import Body, db
from tests.conftest import submit
from tests.plugins.partnership.conftest import body_id
from tests.plugins.partnership.test_referrals import signed_in


def _open(staff, pot="200,000", **changes):
    data = {"title": "Funding for indicators at risk", "pot": pot,
            "indicators": ["T7-i", "T9-i"], "criteria": "Moves the indicator.\n\nValue for money.",
            "deadline": "2099-09-30"}
    data.update(changes)
    return submit(staff, "/en/partnership/funding/new", data)


def _round_id(app, title="Funding for indicators at risk"):
    with app.app_context():
        return db.session.scalar(db.select(FundingRound.id).where(FundingRound.title == title))


def _criteria(app, round_id) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(db.select(FundingCriterion.id).where(
            FundingCriterion.round_id == round_id).order_by(FundingCriterion.position)))


def _score(client, bid, scores: dict[int, int | str]):
    return submit(client, f"/en/partnership/funding/proposals/{bid}/score",
                  {f"score-criterion_{c}": str(v) for c, v in scores.items()},
                  form_url=f"/en/partnership/funding/proposals/{bid}")


def _bid(client, app, round_id, title, cost, group="vcs-forum"):
    response = submit(client, f"/en/partnership/funding/{round_id}/proposals/new", {
        "body_id": str(body_id(app, group)), "title": title, "summary": "What we will do.",
        "indicators": ["T7-i"], "cost": cost, "milestones": "Quarterly."})
    assert response.status_code == 302, response.text
    with app.app_context():
        return db.session.scalar(db.select(FundingBid.id).where(FundingBid.title == title))


def test_a_round_goes_from_opening_to_published_awards(demo, app, officer, seat):
    staff = signed_in(app, "officer@test.org")
    opened = staff.get("/en/partnership/funding/new").text
    assert re.search(r'<input checked id="indicators-\d+" name="indicators" type="checkbox" '
                     r'value="T7-i">', opened)  # at-risk indicators are chosen for the officer
    assert _open(staff).status_code == 302
    round_id = _round_id(app)
    seat("forum@test.org", "vcs-forum")
    forum = signed_in(app, "forum@test.org")
    bid = _bid(forum, app, round_id, "Volunteer centre outreach", "£150,000")
    public = app.test_client()
    assert "Volunteer centre outreach" not in public.get(
        f"/en/partnership/funding/{round_id}").text  # not before the awards are published

    moves, value = _criteria(app, round_id)
    assert _score(staff, bid, {moves: 4, value: 5}).status_code == 302
    assert submit(staff, f"/en/partnership/funding/proposals/{bid}/award",
                  {"award-amount": "120,000", "award-project_id": ""},
                  form_url=f"/en/partnership/funding/proposals/{bid}").status_code == 302
    second = _bid(forum, app, round_id, "Befriending older volunteers", "90000")
    too_much = submit(staff, f"/en/partnership/funding/proposals/{second}/award",
                      {"award-amount": "90,000", "award-project_id": ""},
                      form_url=f"/en/partnership/funding/proposals/{second}")
    assert too_much.status_code == 409
    assert "at most £80,000.00 is left" in too_much.text
    with app.app_context():
        assert db.session.get(FundingBid, second).award_pence is None
        assert service.score_totals(round_id) == {bid: 9.0}
    submit(staff, f"/en/partnership/funding/{round_id}/publish", {},
           form_url=f"/en/partnership/funding/{round_id}")

    page = public.get(f"/en/partnership/funding/{round_id}").text
    assert "Awards published" in page and "£200,000.00" in page
    assert "Volunteer centre outreach" in page and "£120,000.00" in page
    assert "Befriending older volunteers" not in page  # no award
    assert "Moves the indicator." in page and "T7-i: Number of socially excluded" in page


def _opened_with_a_bid(app, officer, seat):
    staff = signed_in(app, "officer@test.org")
    assert _open(staff).status_code == 302
    round_id = _round_id(app)
    seat("forum@test.org", "vcs-forum")
    bid = _bid(signed_in(app, "forum@test.org"), app, round_id, "Volunteer centre outreach",
               "£150,000")
    return staff, round_id, bid


def test_the_criteria_are_published_one_by_one_on_the_round_page(demo, app, officer, seat):
    _staff, round_id, _bid_id = _opened_with_a_bid(app, officer, seat)

    page = app.test_client().get(f"/en/partnership/funding/{round_id}").text

    criteria = page[page.index("Published criteria"):]
    assert re.search(r'<ol>\s*<li lang="en">Moves the indicator.</li>\s*'
                     r'<li lang="en">Value for money.</li>\s*</ol>', criteria)
    assert "from 0 to 5 on each of these criteria" in criteria
    assert "Volunteer centre outreach" not in page


def test_each_officer_scores_each_criterion_and_the_bid_shows_means_and_total(
        demo, app, officer, seat, make_user):
    from portal.api import Role

    staff, round_id, bid = _opened_with_a_bid(app, officer, seat)
    make_user("second@test.org", role=Role.OFFICER)
    second = signed_in(app, "second@test.org")
    moves, value = _criteria(app, round_id)

    assert _score(staff, bid, {moves: 2, value: 5}).status_code == 302
    assert _score(second, bid, {moves: 5, value: 4}).status_code == 302
    assert _score(staff, bid, {moves: 4, value: 5}).status_code == 302  # scored again

    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(CriterionScore.id))
                                 .where(CriterionScore.bid_id == bid)) == 4
    page = second.get(f"/en/partnership/funding/proposals/{bid}").text
    rows = re.findall(r'<tr><td lang="en">([^<]+)</td><td>([^<]+)</td><td>(\d+)</td></tr>',
                      page)
    assert rows == [("Moves the indicator.", "4.5", "2"), ("Value for money.", "4.5", "2")]
    assert re.search(r'<th scope="row">Total</th><td>9.0</td><td>out of 10</td>', page)
    # The form holds this officer's own scores, ready to change.
    assert re.search(rf'id="score-criterion_{moves}"[^>]*value="5"', page)


def test_officers_see_the_bids_ranked_by_the_panels_total(demo, app, officer, seat):
    staff, round_id, first = _opened_with_a_bid(app, officer, seat)
    forum = signed_in(app, "forum@test.org")
    second = _bid(forum, app, round_id, "Befriending older volunteers", "90000")
    unscored = _bid(forum, app, round_id, "Not yet scored", "1000")
    moves, value = _criteria(app, round_id)
    _score(staff, first, {moves: 1, value: 2})
    _score(staff, second, {moves: 5, value: 3})

    page = staff.get(f"/en/partnership/funding/{round_id}").text

    order = [page.index(f"/en/partnership/funding/proposals/{b}") for b in (second, first,
                                                                            unscored)]
    assert order == sorted(order)
    row = page[order[0]:page.index("</tr>", order[0])]
    assert "<td>8.0</td>" in row
    assert unscored


def test_a_score_off_the_scale_is_refused_with_an_error_summary_and_nothing_saved(
        demo, app, officer, seat):
    staff, round_id, bid = _opened_with_a_bid(app, officer, seat)
    moves, value = _criteria(app, round_id)

    response = _score(staff, bid, {moves: 6, value: ""})

    assert response.status_code == 400
    assert 'class="error-summary"' in response.text
    assert f'href="#score-criterion_{moves}"' in response.text
    assert f'href="#score-criterion_{value}"' in response.text
    assert "Enter a whole number from 0 to 5" in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(CriterionScore.id))
                                 .where(CriterionScore.bid_id == bid)) == 0


def test_one_score_per_officer_criterion_and_bid_in_the_database(demo, app, officer, seat):
    from sqlalchemy.exc import IntegrityError

    _staff, round_id, bid = _opened_with_a_bid(app, officer, seat)
    moves, _value = _criteria(app, round_id)
    with app.app_context():
        db.session.add_all([CriterionScore(bid_id=bid, criterion_id=moves, officer_id=officer,
                                           score=score) for score in (1, 2)])
        with pytest.raises(IntegrityError):
            db.session.commit()


def test_an_award_above_the_bids_cost_is_refused_and_nothing_saved(demo, app, officer, seat):
    staff, _round_id, bid = _opened_with_a_bid(app, officer, seat)

    response = submit(staff, f"/en/partnership/funding/proposals/{bid}/award",
                      {"award-amount": "150,000.01", "award-project_id": ""},
                      form_url=f"/en/partnership/funding/proposals/{bid}")

    assert response.status_code == 400
    summary = response.text[response.text.index('class="error-summary"'):]
    assert ('<a href="#award-amount">An award cannot be more than the project costs: at most '
            '£150,000.00</a>') in summary
    with app.app_context():
        assert db.session.get(FundingBid, bid).award_pence is None
    assert submit(staff, f"/en/partnership/funding/proposals/{bid}/award",
                  {"award-amount": "150,000", "award-project_id": ""},
                  form_url=f"/en/partnership/funding/proposals/{bid}").status_code == 302


def test_the_service_never_awards_more_than_the_cost(demo, app):
    with app.app_context():
        bid = db.session.scalar(db.select(FundingBid).order_by(FundingBid.id).limit(1))
        bid_id, cost = bid.id, bid.cost_pence
        with pytest.raises(service.CostExceeded):
            service.award(bid_id, cost + 1)
        assert db.session.get(FundingBid, bid_id).award_pence == cost  # the demo's award


def test_money_is_written_the_readers_way(demo, client):
    with demo.app_context():
        round_id = db.session.scalar(db.select(FundingRound.id))
    assert "£200,000.00" in client.get(f"/en/partnership/funding/{round_id}").text
    romanian = client.get(f"/ro/partnership/funding/{round_id}").text
    assert "200.000,00\xa0GBP" in romanian or "200.000,00\xa0£" in romanian


def test_the_2009_round_publishes_its_six_awards_linked_to_progress_reports(demo, client):
    html = client.get("/en/partnership/funding/").text
    assert "2009 funding for LAA indicators at risk" in html
    with demo.app_context():
        round_id = db.session.scalar(db.select(FundingRound.id))
        assert service.awarded_total(round_id) <= 200_000 * 100
    page = client.get(f"/en/partnership/funding/{round_id}").text
    for theme in ("Independent living", "CO2", "Biodiversity", "sport", "voluntary and community",
                  "domestic violence"):
        assert theme in page
    assert len(re.findall(r'href="/en/partnership/projects/\d+"', page)) == 2
    assert '<li lang="en">Value for money</li>' in page
    with demo.app_context():
        totals = service.score_totals(round_id)
        assert len(totals) == 6 and max(totals.values()) == 17.0


def test_the_demo_round_is_ranked_for_officers(demo, app, officer):
    with app.app_context():
        round_id = db.session.scalar(db.select(FundingRound.id))
    page = signed_in(app, "officer@test.org").get(f"/en/partnership/funding/{round_id}").text

    table = page[page.index('id="bids-caption"'):]
    order = [table.index(title) for title in (
        "Tackling domestic violence", "Independent living", "A voluntary and community sector",
        "Biodiversity in Harrow")]  # 17, 16, 16 (later bid), 13
    assert order == sorted(order)
    assert "<td>17.0</td>" in table[order[0]:table.index("</tr>", order[0])]


def test_a_bad_amount_is_refused_with_an_error_and_nothing_saved(demo, app, officer):
    staff = signed_in(app, "officer@test.org")

    response = _open(staff, pot="lots", title="")

    assert response.status_code == 400
    assert 'href="#pot"' in response.text and "Enter an amount in pounds" in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(FundingRound.id))) == 1  # the demo's


def test_only_officers_award(demo, app, seat):
    seat("forum@test.org", "vcs-forum")
    forum = signed_in(app, "forum@test.org")
    with app.app_context():
        bid = db.session.scalar(db.select(FundingBid.id))

    assert forum.get(f"/en/partnership/funding/proposals/{bid}").status_code == 403


@pytest.mark.skipif(os.environ.get("PORTAL_TEST_DB") != "postgres",
                    reason="row locks need PostgreSQL; SQLite runs one writer at a time")
def test_two_awards_at_once_never_exceed_the_pot(app):
    with app.app_context():
        group = Body(slug="vcs-forum", name="VCS Forum", kind="reference_group")
        funding_round = FundingRound(title="Race", pot_pence=100_000, criteria="c",
                                     deadline=__import__("datetime").date(2099, 1, 1))
        db.session.add_all([group, funding_round])
        db.session.flush()
        bids = [FundingBid(round_id=funding_round.id, body_id=group.id, title=f"Bid {n}",
                           summary="s", cost_pence=60_000) for n in range(2)]
        db.session.add_all(bids)
        db.session.commit()
        ids, round_id = [b.id for b in bids], funding_round.id

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def award(bid_id):
        with app.app_context():
            barrier.wait(timeout=30)
            try:
                service.award(bid_id, 60_000)
                outcomes.append("awarded")
            except service.PotExceeded:
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=award, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["awarded", "refused"]
    with app.app_context():
        assert service.awarded_total(round_id) == 60_000
