"""The scorecard in public: pages, roll-up, publication, open data, query counts."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime

import pytest
from markupsafe import escape
from sqlalchemy import event

from plugins.scorecard.models import Actual, Quarter
from portal.extensions import db
from portal.identity.models import Role
from tests.conftest import submit


@pytest.fixture
def demo(app):
    from plugins.scorecard.demo import seed_scorecard
    from portal.demo import seed_demo

    with app.app_context():
        seed_demo()
        seed_scorecard()
    return app


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_the_scorecard_shows_every_block_and_status_in_text(client, demo):
    text = page(client, "/en/scorecard/")
    for block in ("Children and Young People", "Safer and Stronger Communities",
                  "Healthier Communities and Older People",
                  "Economic Development and Enterprise"):
        assert block in text
    for label in ("On track for stretch target", "On track for target", "At risk", "Off track",
                  "No data"):
        assert label in text
    assert "£6,337,575" in text
    assert "Q3 2007/08" in text


def test_an_unpublished_quarter_is_invisible_to_the_public(client, demo):
    with demo.app_context():
        latest = db.session.scalar(db.select(Quarter).order_by(Quarter.index.desc()).limit(1))
        assert latest.published_at is None
        unpublished = latest.index
    text = page(client, "/en/scorecard/")
    assert "Q4 2007/08" not in text
    data = json.loads(page(client, "/en/scorecard/data.json"))
    assert data["quarter"] == "2007/08 Q3"
    assert all(h["quarter"] != "2007/08 Q4" for i in data["indicators"] for h in i["history"])
    assert client.get(f"/en/scorecard/?quarter={unpublished}").status_code == 404


def test_publishing_a_quarter_makes_it_the_public_one(client, demo, make_user, login):
    make_user("clerk@example.org", role=Role.OFFICER)
    login("clerk@example.org")
    with demo.app_context():
        index = db.session.scalar(db.select(db.func.max(Quarter.index)))
    response = submit(client, f"/en/scorecard/manage/quarters/{index}/publish", {},
                      form_url="/en/scorecard/manage/")
    assert response.status_code == 302
    client.post("/en/account/logout", data={"csrf_token": re.search(
        r'name="csrf_token" value="([^"]+)"', page(client, "/en/")).group(1)})
    assert "Q4 2007/08" in page(client, "/en/scorecard/")


def test_group_scorecards_roll_up_into_the_partnership_scorecard(client, demo):
    whole = json.loads(page(client, "/en/scorecard/data.json"))["indicators"]
    groups = {row["management_group"] for row in whole}
    assert len(groups) > 2
    from portal.bodies.models import Body

    with demo.app_context():
        slugs = {b.name: b.slug for b in db.session.scalars(db.select(Body))}
    parts = []
    for name in groups:
        parts += json.loads(page(client, f"/en/scorecard/groups/{slugs[name]}/data.json"))[
            "indicators"]
    assert sorted(r["indicator_code"] for r in parts) == sorted(
        r["indicator_code"] for r in whole)
    assert {(r["indicator_code"], r["status"]) for r in parts} == {
        (r["indicator_code"], r["status"]) for r in whole}


def test_the_exception_report_lists_only_indicators_at_risk_or_off_track(client, demo):
    rows = json.loads(page(client, "/en/scorecard/exceptions/data.json"))["indicators"]
    assert rows and {r["status"] for r in rows} == {"at_risk", "off_track"}
    text = page(client, "/en/scorecard/exceptions")
    assert "On track for stretch target</span></td>" not in text


def test_csv_and_json_downloads_match_the_page(client, demo):
    text = page(client, "/en/scorecard/")
    rows = list(csv.DictReader(io.StringIO(page(client, "/en/scorecard/data.csv"))))
    data = json.loads(page(client, "/en/scorecard/data.json"))
    assert [r["indicator_code"] for r in rows] == [i["indicator_code"] for i in data["indicators"]]
    for row in rows:
        assert str(escape(row["indicator"])) in text
    assert {r["status"] for r in rows} == {"on_track_stretch", "on_track_target", "at_risk",
                                           "off_track", "no_data"}
    assert data["reward"]["maximum"] == "6337575"
    assert list(rows[0]) == ["block", "outcome_code", "outcome", "indicator_code", "indicator",
                             "unit", "higher_is_better", "baseline", "target", "stretch_target",
                             "quarter", "latest_quarter", "latest_value", "expected_target",
                             "expected_stretch", "status", "forecast_value", "reward_maximum",
                             "reward_forecast", "management_group", "lead_partner"]


def test_an_indicator_page_has_an_accessible_chart_and_the_same_data_as_a_table(client, demo):
    text = page(client, "/en/scorecard/indicators/T1-ii")
    assert 'role="img"' in text and 'aria-labelledby="chart-title chart-desc"' in text
    assert text.count("<circle") == len(re.findall(r'<tr><th scope="row">Q\d', text))
    assert client.get("/en/scorecard/indicators/NOPE").status_code == 404


def test_the_scorecard_answers_in_a_bounded_number_of_queries(client, demo):
    statements = []

    def count(*args, **kwargs):
        statements.append(args[2])

    with demo.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        page(client, "/en/scorecard/")
        first = len(statements)
        with demo.app_context():  # double the figures: the count must not move
            for actual in db.session.scalars(db.select(Actual)).all():
                db.session.add(Actual(indicator_id=actual.indicator_id,
                                      quarter_index=actual.quarter_index - 8,
                                      value=actual.value, entered_at=datetime.now(UTC)))
            db.session.commit()
        statements.clear()
        page(client, "/en/scorecard/")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == first
    assert first <= 15


def test_demonstration_figures_are_labelled(client, demo):
    with demo.app_context():
        db.session.execute(db.update(Quarter).values(demonstration=True))
        db.session.commit()
    assert "demonstration data" in page(client, "/en/scorecard/")


def test_officers_see_a_dashboard_card_for_an_unpublished_quarter(client, demo, make_user,
                                                                 login):
    make_user("clerk@example.org", role=Role.OFFICER)
    login("clerk@example.org")
    assert "not yet published" in page(client, "/en/dashboard")


def test_a_disabled_scorecard_answers_404(client, demo):
    from portal.plugins import host

    with demo.test_request_context():
        host(demo).set_enabled("scorecard", False)
    assert client.get("/en/scorecard/").status_code == 404
    assert "/en/scorecard/" not in page(client, "/en/")


def test_indicator_names_come_translated_from_the_publishing_core(client, demo):
    from plugins.scorecard.texts import seed_indicator_texts

    with demo.app_context():
        assert seed_indicator_texts() == 2
    gu = page(client, "/gu/scorecard/")
    assert "છ અઠવાડિયે ફક્ત સ્તનપાનનો દર" in gu
    # Untranslated names stay English and say so.
    assert 'lang="en">Reduction of permanent exclusions</a>' in gu
    assert "معدلات بدء الرضاعة الطبيعية" in page(client, "/ar/scorecard/indicators/T1-ii")
    assert "Breastfeeding initiation rates" in page(client, "/en/scorecard/indicators/T1-ii")
