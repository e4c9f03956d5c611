"""Quorum as the constitution sets it, over a table of attendance cases."""

from __future__ import annotations

import pytest

from plugins.meetings.quorum import Present, Rule, assess

SIX = frozenset({"council", "health", "police", "business", "voluntary", "education"})
BOARD = Rule(members=4, sectors=4, counted=SIX)
EXECUTIVE = Rule(members=3, sectors=3)


def people(*sectors, non_voting=()):
    return [Present(s) for s in sectors] + [Present(s, voting=False) for s in non_voting]


@pytest.mark.parametrize(("rule", "present", "quorate"), [
    # Board: four members from four of the six sectors.
    (BOARD, people("council", "health", "police", "business"), True),
    (BOARD, people("council", "council", "health", "police", "business"), True),
    (BOARD, people("council", "council", "council", "voluntary"), False),  # two sectors
    (BOARD, people("council", "health", "police"), False),  # three members
    (BOARD, people("council", "council", "health", "police"), False),  # three sectors
    (BOARD, people("voluntary", "voluntary", "business", "business", "education", "health"),
     True),
    (BOARD, people("council", "health", "police", non_voting=("business",)), False),
    (BOARD, people(), False),
    # Executive: three members, one from each of three sectors.
    (EXECUTIVE, people("council", "health", "police"), True),
    (EXECUTIVE, people("council", "council", "police"), False),
    (EXECUTIVE, people("council", "health"), False),
    (EXECUTIVE, people("council", "health", non_voting=("voluntary",)), False),
    (EXECUTIVE, people("council", "health", "voluntary", "voluntary"), True),
])
def test_quorum_follows_the_constitution(rule, present, quorate):
    assert assess(rule, present).quorate is quorate


def test_sectors_that_do_not_count_are_ignored():
    rule = Rule(members=2, sectors=2, counted=frozenset({"council", "health"}))
    result = assess(rule, people("council", "police"))
    assert not result.quorate and result.sectors == {"council"} and result.sectors_short == 1


def test_the_result_says_what_was_missing():
    result = assess(BOARD, people("council", "council", "health"))
    assert (result.members, result.members_short, result.sectors_short) == (3, 1, 2)
