"""Working-day deadlines across bank holidays, and unique reference numbers."""

from __future__ import annotations

import threading
from datetime import date

import pytest

import plugins.compact.models  # noqa: F401  (tables for create_all)
from plugins.compact.working_days import (
    add_working_days,
    deadlines,
    due_date,
    is_working_day,
    working_days_between,
)
from portal.extensions import db


@pytest.mark.parametrize(("start", "days", "expected"), [
    # Christmas 2026: the 25th (Friday), Boxing Day on a Saturday so observed Monday the 28th.
    (date(2026, 12, 21), 5, date(2026, 12, 30)),
    (date(2026, 12, 23), 10, date(2027, 1, 11)),  # New Year's Day 2027 is a Friday
    # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
    (date(2027, 3, 25), 5, date(2027, 4, 5)),
    (date(2027, 3, 25), 1, date(2027, 3, 30)),
    (date(2026, 11, 21), 1, date(2026, 11, 23)),  # lodged on a Saturday
    (date(2026, 11, 23), 0, date(2026, 11, 23)),
    (date(2026, 11, 23), 20, date(2026, 12, 21)),
])
def test_deadlines_count_working_days_in_england_and_wales(start, days, expected):
    assert add_working_days(start, days) == expected


def test_bank_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day (substitute)
    assert not is_working_day(date(2027, 3, 29))  # Easter Monday
    assert is_working_day(date(2026, 12, 29))
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 4)) == 4


def test_stage_deadlines_default_to_the_ombudsman_code_and_can_be_configured(app):
    assert deadlines() == {"acknowledge": 5, "respond": 10, "review_acknowledge": 5,
                           "review_respond": 20}
    with app.app_context():
        app.config["COMPACT_DEADLINES"] = "respond=15"
        assert deadlines()["respond"] == 15
        assert due_date("respond", date(2026, 11, 23)) == date(2026, 12, 14)
        app.config["COMPACT_DEADLINES"] = "respond=soon"
        assert deadlines()["respond"] == 10


def test_references_are_sequential_per_year(app):
    from plugins.compact.references import next_reference

    with app.app_context():
        assert [next_reference(2026) for _ in range(3)] == [
            "CPT-2026-0001", "CPT-2026-0002", "CPT-2026-0003"]
        assert next_reference(2027) == "CPT-2027-0001"
        db.session.commit()


def test_references_stay_unique_when_many_complaints_arrive_at_once(app):
    from plugins.compact.references import next_reference

    barrier, issued, errors = threading.Barrier(20), [], []

    def lodge():
        with app.app_context():
            try:
                barrier.wait()
                issued.append(next_reference(2026))
                db.session.commit()
            except Exception as exc:  # collected and asserted below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=lodge) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(issued) == [f"CPT-2026-{n:04d}" for n in range(1, 21)]
