"""The public, anonymised annual Compact report.

Counts are published only in groups of at least :data:`SMALLEST` cases: a
category with fewer is merged into "other", and if "other" is itself too small
the next smallest category joins it, so no published number (and no
difference between published numbers) is below the threshold. Shares and
medians are given only when they rest on at least :data:`SMALLEST` cases.
Nothing names an organisation or a person.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import selectinload

from plugins.compact.models import Complaint, Outcome
from plugins.compact.working_days import working_days_between
from portal.api import db

SMALLEST = 3
OTHER = "other"
UNDECIDED = "undecided"  # no outcome yet


def merge_small(counts: dict[str, int], smallest: int = SMALLEST) -> list[tuple[str, int]]:
    """Categories with ``smallest`` or more cases, largest first, then "other".

    Returns ``[(OTHER, total)]`` alone when everything had to be merged, and
    ``[]`` when there is nothing to count.
    """
    kept = sorted(((k, n) for k, n in counts.items() if n >= smallest),
                  key=lambda item: (-item[1], item[0]))
    pooled = sum(n for n in counts.values() if 0 < n < smallest)
    while 0 < pooled < smallest and kept:
        pooled += kept.pop()[1]  # the smallest kept category joins "other"
    return kept + ([(OTHER, pooled)] if pooled else [])


@dataclass
class AnnualReport:
    year: int
    lodged: int
    by_commitment: list[tuple[str, int]] = field(default_factory=list)
    by_outcome: list[tuple[str, int]] = field(default_factory=list)
    answered: int = 0
    in_time_percent: int | None = None  # None: too few answered to say
    median_working_days: float | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def too_few(self) -> bool:
        """Fewer cases than the threshold: no breakdown can be published."""
        return self.lodged < SMALLEST


def decision(complaint: Complaint) -> Outcome | None:
    """The decision that stands: the review's if there was one."""
    return complaint.review_outcome or complaint.outcome


def build(year: int) -> AnnualReport:
    cases = db.session.scalars(db.select(Complaint).where(
        Complaint.lodged_at >= _start(year), Complaint.lodged_at < _start(year + 1))
        .options(selectinload(Complaint.commitment))).all()
    report = AnnualReport(year=year, lodged=len(cases))
    upheld = (Outcome.UPHELD, Outcome.PARTLY_UPHELD)
    report.changes = sorted({c.changes_made.strip() for c in cases
                             if decision(c) in upheld and c.changes_made.strip()})
    if report.too_few:
        return report
    report.by_commitment = merge_small(Counter(c.commitment.code for c in cases))
    report.by_outcome = merge_small(Counter(
        decision(c).value if decision(c) else UNDECIDED for c in cases))
    answered = [c for c in cases if c.answered_at is not None]
    report.answered = len(answered)
    if len(answered) >= SMALLEST:
        in_time = sum(1 for c in answered if c.answered_in_time)
        report.in_time_percent = round(100 * in_time / len(answered))
        report.median_working_days = statistics.median(
            working_days_between(c.lodged_at.date(), c.answered_at.date()) for c in answered)
    return report


def years() -> list[int]:
    """The years in which complaints were lodged, newest first."""
    found = db.session.scalars(db.select(db.extract("year", Complaint.lodged_at)).distinct())
    return sorted((int(y) for y in found), reverse=True)


def _start(year: int) -> datetime:
    return datetime(year, 1, 1, tzinfo=UTC)
