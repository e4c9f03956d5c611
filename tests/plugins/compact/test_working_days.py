"""Working days in England and Wales, and the Compact's stage deadlines.

Every expected date below was counted by hand ("day 1 is the first working
day after the day received") and checked against the ``holidays`` library.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest

from plugins.compact.working_days import (
    DEFAULT_DEADLINES,
    add_working_days,
    deadlines,
    due_date,
    is_overdue,
    is_working_day,
    working_days_between,
)
from tests.conftest import make_app

# Bank holidays falling on weekdays, as published on gov.uk for England and Wales.
WEEKDAY_BANK_HOLIDAYS = {
    2026: {date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4),
           date(2026, 5, 25), date(2026, 8, 31), date(2026, 12, 25),
           date(2026, 12, 28)},  # Boxing Day (Saturday) observed on Monday
    2027: {date(2027, 1, 1), date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 3),
           date(2027, 5, 31), date(2027, 8, 30),
           date(2027, 12, 27), date(2027, 12, 28)},  # Christmas and Boxing Day at a weekend
}


@pytest.mark.parametrize("year", sorted(WEEKDAY_BANK_HOLIDAYS))
def test_the_only_weekdays_off_are_the_published_bank_holidays(year):
    day, off = date(year, 1, 1), set()
    while day.year == year:
        if day.weekday() < 5 and not is_working_day(day):
            off.add(day)
        if day.weekday() >= 5:
            assert not is_working_day(day), day
        day += timedelta(days=1)
    assert off == WEEKDAY_BANK_HOLIDAYS[year]


@pytest.mark.parametrize(("start", "n", "expected"), [
    # Acknowledge (5) from Mon 21 Dec 2026: 22, 23, 24, [25 Christmas, 26-27 weekend,
    # 28 Boxing Day observed], 29, 30.
    (date(2026, 12, 21), 5, date(2026, 12, 30)),
    # Respond (10) from Wed 23 Dec 2026: 24, 29, 30, 31, [1 Jan 2027 New Year's Day,
    # 2-3 weekend], 4, 5, 6, 7, 8, 11.
    (date(2026, 12, 23), 10, date(2027, 1, 11)),
    # Easter 2027 (Good Friday 26 Mar, Easter Monday 29 Mar) from Thu 25 Mar:
    # 30, 31 Mar, 1, 2 (Fri), 5 Apr.
    (date(2027, 3, 25), 5, date(2027, 4, 5)),
    (date(2027, 3, 25), 1, date(2027, 3, 30)),
    # Received on a Saturday: day 1 is the Monday.
    (date(2026, 11, 21), 1, date(2026, 11, 23)),
    (date(2026, 12, 19), 5, date(2026, 12, 29)),  # Sat: 21, 22, 23, 24, 29
    # Received on a bank holiday, or on a Saturday that is itself one (Boxing Day 2026).
    (date(2026, 12, 25), 1, date(2026, 12, 29)),
    (date(2026, 12, 26), 1, date(2026, 12, 29)),
    # Into a new year: 1 Jan 2027 is a Friday bank holiday.
    (date(2026, 12, 31), 1, date(2027, 1, 4)),
    # Christmas 2027 at a weekend: both substitute days (27, 28 Dec) are skipped.
    (date(2027, 12, 24), 1, date(2027, 12, 29)),
    # Review response (20) from Mon 14 Dec 2026: 15-18, 21-24, 29-31, 4-8 Jan, 11-14 Jan.
    (date(2026, 12, 14), 20, date(2027, 1, 14)),
    # Four ordinary weeks.
    (date(2026, 11, 23), 20, date(2026, 12, 21)),
    # n == 0 is the start itself, working day or not.
    (date(2026, 11, 23), 0, date(2026, 11, 23)),
    (date(2026, 12, 26), 0, date(2026, 12, 26)),
])
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 23), -1)


@pytest.mark.parametrize(("start", "end", "expected"), [
    (date(2026, 12, 24), date(2027, 1, 4), 4),  # 29, 30, 31 Dec, 4 Jan
    (date(2026, 12, 21), date(2026, 12, 30), 5),
    (date(2027, 3, 25), date(2027, 4, 5), 5),
    (date(2026, 12, 25), date(2026, 12, 28), 0),  # Christmas to Boxing Day observed
    (date(2026, 11, 20), date(2026, 11, 23), 1),  # Friday to Monday
    (date(2026, 11, 23), date(2026, 11, 23), 0),
    (date(2026, 11, 23), date(2026, 11, 20), 0),  # end before start
])
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


def test_working_days_between_undoes_add_working_days():
    start = date(2026, 12, 1)
    for offset in range(40):
        day = start + timedelta(days=offset)
        for n in (1, 5, 10, 20):
            assert working_days_between(day, add_working_days(day, n)) == n, (day, n)


def test_is_overdue_only_once_the_due_day_has_passed():
    assert is_overdue(date(2026, 12, 30), date(2026, 12, 31))
    assert not is_overdue(date(2026, 12, 30), date(2026, 12, 30))
    assert not is_overdue(date(2026, 12, 30), date(2026, 12, 29))
    assert not is_overdue(None, date(2026, 12, 31))


# --- deadlines -------------------------------------------------------------------------
def test_deadlines_outside_an_app_are_the_ombudsman_code_defaults():
    assert deadlines() == {"acknowledge": 5, "respond": 10, "review_acknowledge": 5,
                           "review_respond": 20}
    deadlines()["respond"] = 99  # a copy: callers cannot change the defaults
    assert deadlines() == DEFAULT_DEADLINES and DEFAULT_DEADLINES["respond"] == 10
    assert due_date("acknowledge", date(2026, 12, 21)) == date(2026, 12, 30)
    assert due_date("respond", date(2026, 12, 23)) == date(2027, 1, 11)


def test_deadlines_in_an_app_without_configuration_are_the_defaults(app):
    app.config.pop("COMPACT_DEADLINES", None)
    with app.app_context():
        assert deadlines() == DEFAULT_DEADLINES


def test_a_configured_deadline_overrides_its_default_only(app):
    with app.app_context():
        app.config["COMPACT_DEADLINES"] = "respond=15"
        assert deadlines() == {**DEFAULT_DEADLINES, "respond": 15}
        # 15 working days from Mon 23 Nov 2026: 24-27 Nov, 30 Nov-4 Dec, 7-11 Dec, 14 Dec.
        assert due_date("respond", date(2026, 11, 23)) == date(2026, 12, 14)
        assert due_date("acknowledge", date(2026, 12, 21)) == date(2026, 12, 30)


def test_deadlines_configured_in_full_or_as_a_dict(app):
    with app.app_context():
        app.config["COMPACT_DEADLINES"] = (
            " acknowledge = 3, respond=20 ,review_acknowledge=2,review_respond=30, ")
        assert deadlines() == {"acknowledge": 3, "respond": 20, "review_acknowledge": 2,
                               "review_respond": 30}
        app.config["COMPACT_DEADLINES"] = {"review_respond": 25}
        assert deadlines() == {**DEFAULT_DEADLINES, "review_respond": 25}


def test_deadlines_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_COMPACT_DEADLINES", "acknowledge=2,respond=12")
    application = make_app(tmp_path)
    with application.app_context():
        assert deadlines() == {**DEFAULT_DEADLINES, "acknowledge": 2, "respond": 12}
        assert due_date("acknowledge", date(2026, 12, 21)) == date(2026, 12, 23)


@pytest.mark.parametrize("setting", [
    "respond=soon", "respond=-1", "respond=", "respond=1.5", "respond", "reply=15", 42,
    {"respond": "soon"}, {"respond": True}, {"respond": None},
])
def test_invalid_deadlines_fall_back_to_the_defaults_with_a_warning(app, caplog, setting):
    with app.app_context(), caplog.at_level(logging.WARNING):
        app.config["COMPACT_DEADLINES"] = setting
        assert deadlines() == DEFAULT_DEADLINES
    assert any("COMPACT_DEADLINES" in r.getMessage() for r in caplog.records)


def test_an_invalid_entry_does_not_spoil_the_valid_ones(app, caplog):
    with app.app_context(), caplog.at_level(logging.WARNING):
        app.config["COMPACT_DEADLINES"] = "acknowledge=3,respond=soon"
        assert deadlines() == {**DEFAULT_DEADLINES, "acknowledge": 3}
    assert "soon" in caplog.text
