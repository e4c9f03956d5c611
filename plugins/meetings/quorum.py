"""Whether a meeting is quorate, by the constitution's rules kept as data per body.

Constitution 6.1: the Board's quorum is four members, including representatives
of four of the six sectors on the Board (the Council, the Primary Care Trust,
the Metropolitan Police, business, the voluntary and community sector and
education). 6.2: the Executive's is three members, one from each sector.
A body records its rule as ``quorum_members``, ``quorum_sectors`` and which
sectors count (``quorum_sectors_counted``; empty means every sector).
Non-voting members (e.g. reference group chairs on the Executive) are welcome
but do not count towards a quorum.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    members: int  # voting members present, at least
    sectors: int  # distinct sectors among them, at least
    counted: frozenset[str] = frozenset()  # sectors that count; empty: all

    def counts(self, sector: str) -> bool:
        return not self.counted or sector in self.counted


@dataclass(frozen=True)
class Present:
    sector: str
    voting: bool = True


@dataclass(frozen=True)
class Result:
    quorate: bool
    members: int  # voting members present
    sectors: frozenset[str]  # counted sectors represented among them
    members_short: int  # how many more voting members were needed
    sectors_short: int  # how many more sectors were needed


def assess(rule: Rule, present: Iterable[Present]) -> Result:
    voting = [p for p in present if p.voting]
    sectors = frozenset(p.sector for p in voting if rule.counts(p.sector))
    members_short = max(rule.members - len(voting), 0)
    sectors_short = max(rule.sectors - len(sectors), 0)
    return Result(quorate=not members_short and not sectors_short, members=len(voting),
                  sectors=sectors, members_short=members_short, sectors_short=sectors_short)


def rule_for(body) -> Rule | None:
    """The rule a body keeps as data, or None if it has no quorum."""
    if not body or not body.quorum_members:
        return None
    counted = frozenset(s for s in (body.quorum_sectors_counted or "").split(",") if s)
    return Rule(members=body.quorum_members, sectors=body.quorum_sectors or 0, counted=counted)
