"""Working days and complaint deadlines.

A working day is Monday to Friday, except the bank holidays of England and
Wales (substitute days such as "Boxing Day (observed)" included). The bank
holidays come from the maintained ``holidays`` library, so new or moved
holidays (a coronation, a jubilee) arrive with a library update rather than
an edit here.

Deadlines are counted the Local Government and Social Care Ombudsman's way:
the day a complaint (or request) is received is day 0, and **day 1 is the
first working day after the day received**. A complaint received on a
Saturday therefore has the Monday (if not a bank holiday) as its day 1,
exactly as one received on the Friday before would.

Everything here is a pure function of its arguments except :func:`deadlines`
(and so :func:`due_date`), which reads the Flask app's configuration when an
app context exists.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from datetime import date, timedelta

import holidays
from flask import current_app, has_app_context

log = logging.getLogger(__name__)

# The Local Government and Social Care Ombudsman's complaint handling code
# defaults, in working days: acknowledge a complaint within 5, respond to it
# (stage 1) within 10; acknowledge a request for review within 5 and respond
# to it (stage 2) within 20.
DEFAULT_DEADLINES: dict[str, int] = {
    "acknowledge": 5,
    "respond": 10,
    "review_acknowledge": 5,
    "review_respond": 20,
}


@functools.cache
def _bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in ``year``, substitute days included.

    England and Wales share one set of bank holidays (Scotland and Northern
    Ireland differ); the ``holidays`` library files them under the "ENG"
    subdivision of "GB", which is why Wales needs no entry of its own.
    """
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: date, n: int) -> date:
    """The date ``n`` working days after ``start``.

    ``start`` itself is never counted (day 1 is the first working day after
    the day received), so a start on a weekend or bank holiday simply counts
    from the next working day. ``n == 0`` returns ``start`` unchanged.
    """
    if n < 0:
        raise ValueError(f"cannot add a negative number of working days ({n})")
    day = start
    remaining = n
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if ``end <= start``).

    The inverse of :func:`add_working_days`: for ``n >= 1``,
    ``working_days_between(s, add_working_days(s, n)) == n``.
    """
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


# --- deadlines ---------------------------------------------------------------------------
def _parse_deadlines(raw: Mapping | str) -> dict[str, int]:
    """Overlay the valid entries of ``raw`` on the defaults, warning about the rest.

    ``raw`` is a mapping or a string such as
    ``"acknowledge=5,respond=10,review_acknowledge=5,review_respond=20"`` (the
    form ``PORTAL_COMPACT_DEADLINES`` arrives in). Stages not given keep their
    default; an unknown stage or a value that is not a whole number of days
    (0 or more) is ignored, so that stage keeps its default too.
    """
    result = dict(DEFAULT_DEADLINES)
    if isinstance(raw, str):
        pairs = []
        for item in raw.split(","):
            if not item.strip():
                continue
            key, sep, value = item.partition("=")
            if not sep:
                log.warning("COMPACT_DEADLINES: ignoring %r (expected stage=days)", item)
                continue
            pairs.append((key.strip(), value.strip()))
    elif isinstance(raw, Mapping):
        pairs = list(raw.items())
    else:
        log.warning("COMPACT_DEADLINES: ignoring %r (expected a dict or a string)", raw)
        return result
    for key, value in pairs:
        if key not in DEFAULT_DEADLINES:
            log.warning("COMPACT_DEADLINES: ignoring unknown stage %r", key)
            continue
        try:
            if isinstance(value, bool):
                raise ValueError
            days = int(value)
            if isinstance(value, float) and days != value:
                raise ValueError
        except (TypeError, ValueError):
            days = -1
        if days < 0:
            log.warning("COMPACT_DEADLINES: invalid value %r for %s; using the default (%d)",
                        value, key, DEFAULT_DEADLINES[key])
            continue
        result[key] = days
    return result


def deadlines() -> dict[str, int]:
    """Working days allowed for each stage: ``COMPACT_DEADLINES`` over the defaults.

    Outside an app context, or when nothing is configured, the defaults.
    """
    if not has_app_context():
        return dict(DEFAULT_DEADLINES)
    raw = current_app.config.get("COMPACT_DEADLINES")
    if raw is None or raw == "":
        return dict(DEFAULT_DEADLINES)
    return _parse_deadlines(raw)


def due_date(kind: str, start: date) -> date:
    """When stage ``kind`` (``"acknowledge"``, ``"respond"``…) started on ``start`` is due."""
    return add_working_days(start, deadlines()[kind])


def is_overdue(due: date | None, today: date) -> bool:
    """Whether a deadline has passed: due before ``today`` (no deadline is never overdue)."""
    return due is not None and due < today
