"""The anonymised annual Compact report, and the commitments administrators keep."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from plugins.compact.models import Commitment, Complaint, Outcome, Stage
from plugins.compact.report import OTHER, merge_small
from portal.extensions import db
from tests.conftest import submit
from tests.plugins.compact.conftest import as_user, lodge


@pytest.mark.parametrize(("counts", "expected"), [
    ({}, []),
    ({"a": 5, "b": 4}, [("a", 5), ("b", 4)]),
    ({"a": 5, "b": 2, "c": 1}, [("a", 5), (OTHER, 3)]),
    # "other" would hold 2: the smallest kept category joins it.
    ({"a": 5, "b": 3, "c": 2}, [("a", 5), (OTHER, 5)]),
    ({"a": 1, "b": 1}, [(OTHER, 2)]),  # everything merged, still too few
    ({"a": 3, "b": 0}, [("a", 3)]),
    ({"b": 4, "a": 4, "c": 1, "d": 1, "e": 1}, [("a", 4), ("b", 4), (OTHER, 3)]),
])
def test_small_categories_are_merged_so_none_is_below_three(counts, expected):
    assert merge_small(counts) == expected


def add_cases(app, year, rows):
    """rows: (commitment code, outcome or None, answered after n days or None, in time, changes)."""
    from portal.identity.models import Organisation

    with app.app_context():
        orgs = {o.slug: o.id for o in db.session.scalars(db.select(Organisation))}
        codes = {c.code: c.id for c in db.session.scalars(db.select(Commitment))}
        for n, (code, outcome, days, in_time, changes) in enumerate(rows):
            lodged = datetime(year, 3, 2, 10, tzinfo=UTC)
            db.session.add(Complaint(
                reference=f"CPT-{year}-{n + 1:04d}", organisation_id=orgs["vcs-group"],
                concerns_id=orgs["council"], commitment_id=codes[code],
                what_happened=f"Secret detail {n}", happened_on=lodged.date(),
                outcome_wanted="Fairness", lodged_at=lodged,
                stage=Stage.CLOSED if outcome else Stage.RECEIVED,
                outcome=Outcome(outcome) if outcome else None, changes_made=changes,
                answered_at=lodged.replace(day=2 + days) if days is not None else None,
                answered_in_time=in_time))
        db.session.commit()


def test_the_report_counts_a_year_and_merges_small_groups(app, world):
    add_cases(app, 2025, [
        ("grant-process", "partly_upheld", 9, True, "Scoring criteria are now published."),
        ("grant-process", "upheld", 7, True, "Feedback is given to every applicant."),
        ("grant-process", "not_upheld", 14, False, ""),
        ("grant-process", "not_upheld", 3, True, ""),
        ("consultation", "not_upheld", 9, True, ""),
        ("consultation", None, None, None, ""),
        ("funding-notice", None, None, None, ""),
    ])
    page = app.test_client().get("/en/compact/report/2025")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<strong>7</strong> complaints lodged" in text
    rows = dict(re.findall(r'<th scope="row">(?:<span lang="en">)?([^<]+)(?:</span>)?</th>'
                           r"<td>(\d+)</td>", text))
    assert rows["Run fair, open and transparent grant and funding processes"] == "4"
    assert rows["Other commitments"] == "3"  # consultation (2) and funding notice (1)
    assert rows["Not upheld"] == "3"
    assert rows["Other decisions"] == "4"  # upheld, partly upheld and the two undecided
    assert "80%" in text  # four of the five answered were in time
    assert "7 working days" in text  # the median of 3, 5, 7, 7 and 10 working days
    assert "Scoring criteria are now published." in text
    assert "Feedback is given to every applicant." in text
    for secret in ("Secret detail", "Harrow Voluntary Group", "Mina Member"):
        assert secret not in text


def test_a_year_with_fewer_than_three_complaints_gives_no_breakdown(app, world):
    add_cases(app, 2024, [
        ("grant-process", "partly_upheld", 9, True, "Decisions now come before funding ends."),
        ("grant-process", "partly_upheld", 9, True, ""),
    ])
    text = app.test_client().get("/en/compact/report/2024").get_data(as_text=True)
    assert "Fewer than 3 complaints were lodged in 2024" in text
    assert "<table" not in text and "100%" not in text
    assert "Decisions now come before funding ends." in text  # what changed is still told


def test_a_year_without_complaints_says_so_and_years_outside_are_not_found(app, world):
    client = app.test_client()
    assert "No complaints were lodged in 2023." in client.get(
        "/en/compact/report/2023").get_data(as_text=True)
    assert client.get("/en/compact/report/1999").status_code == 404
    assert client.get(f"/en/compact/report/{datetime.now(UTC).year + 1}").status_code == 404


def test_the_report_index_opens_the_latest_year_with_complaints(app, world):
    add_cases(app, 2022, [("grant-process", None, None, None, "")])
    response = app.test_client().get("/en/compact/report/")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/en/compact/report/2022")


def test_administrators_add_and_retire_commitments(app, world):
    admin = as_user(app, "admin@example.org")
    assert submit(admin, "/en/compact/commitments/new", {
        "title": "Involve the sector early in shaping services", "position": "9",
        "active": "y"}).status_code == 302
    member = as_user(app, "member@example.org")
    form = member.get("/en/compact/complaints/new").get_data(as_text=True)
    assert "Involve the sector early in shaping services" in form
    reference = lodge(app, world)
    with app.app_context():
        grants = db.session.scalar(db.select(Commitment).where(
            Commitment.code == "grant-process"))
    assert submit(admin, f"/en/compact/commitments/{grants.id}", {
        "title": grants.title, "position": "2"}).status_code == 302  # no longer offered
    form = member.get("/en/compact/complaints/new").get_data(as_text=True)
    assert "Run fair, open" not in form
    assert "Run fair, open" in member.get(
        f"/en/compact/complaints/{reference}").get_data(as_text=True)


def test_commitments_are_kept_by_administrators_only_and_checked(app, world):
    assert as_user(app, "officer@example.org").get("/en/compact/commitments/").status_code == 403
    admin = as_user(app, "admin@example.org")
    response = submit(admin, "/en/compact/commitments/new", {"title": "", "position": "-4"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'href="#title"' in page and 'href="#position"' in page
    assert admin.get("/en/compact/commitments/9999").status_code == 404
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Commitment.id))) == 5
