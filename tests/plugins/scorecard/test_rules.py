"""The scorecard rules: statuses, trajectories, forecasts, the reward grant, quarters."""

from __future__ import annotations

import ast
import dataclasses
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from plugins.scorecard import rules
from plugins.scorecard.rules import Assessment, Plan, Status

# Baseline 2005/06 Q4 (8023), target 2008/09 Q4 (8035): twelve quarters.
START, END = rules.quarter_index(2005, 4), rules.quarter_index(2008, 4)
Q = rules.quarter_index(2007, 2)  # six quarters in: half way along the trajectories

# Breastfeeding initiation (%): target path +1 a quarter, stretch +1.5; at Q 56 and 59;
# at-risk band 10% of 12 = 1.2 below the target path.
BREASTFEEDING = Plan(D(50), D(62), D(68), True, START, END)
# Non-residential burglaries: target path −4 a quarter, stretch −6; at Q 376 and 364.
BURGLARIES = Plan(D(400), D(352), D(328), False, START, END)
# Fear of crime (% of adults): at Q 37 and 35.5; at-risk band 0.6 above the target path.
FEAR_OF_CRIME = Plan(D(40), D(34), D(31), False, START, END)
# A target that holds the baseline (no improvement asked): band is 10% of 80 = 8.
HOLD = Plan(D(80), D(80), D(86), True, START, END)
# Nothing to hold but zero: any shortfall is off track.
ZERO_EXCLUSIONS = Plan(D(0), D(0), D(0), False, START, END)

STATUS_CASES = [
    ("on stretch path", BREASTFEEDING, {Q: "59"}, Q, Status.ON_TRACK_STRETCH),
    ("above stretch path", BREASTFEEDING, {Q: "60.5"}, Q, Status.ON_TRACK_STRETCH),
    ("on target path", BREASTFEEDING, {Q: "56"}, Q, Status.ON_TRACK_TARGET),
    ("between target and stretch", BREASTFEEDING, {Q: "58.9999"}, Q, Status.ON_TRACK_TARGET),
    ("at the edge of tolerance", BREASTFEEDING, {Q: "54.8"}, Q, Status.AT_RISK),
    ("just beyond tolerance", BREASTFEEDING, {Q: "54.7999"}, Q, Status.OFF_TRACK),
    ("far behind", BREASTFEEDING, {Q: "45"}, Q, Status.OFF_TRACK),
    ("lower is better: on stretch", BURGLARIES, {Q: "364"}, Q, Status.ON_TRACK_STRETCH),
    ("lower is better: well below", BURGLARIES, {Q: "300"}, Q, Status.ON_TRACK_STRETCH),
    ("lower is better: between", BURGLARIES, {Q: "370"}, Q, Status.ON_TRACK_TARGET),
    ("lower is better: on target", BURGLARIES, {Q: "376"}, Q, Status.ON_TRACK_TARGET),
    ("lower is better: in tolerance", BURGLARIES, {Q: "380.8"}, Q, Status.AT_RISK),
    ("lower is better: beyond", BURGLARIES, {Q: "381"}, Q, Status.OFF_TRACK),
    ("fear of crime in tolerance", FEAR_OF_CRIME, {Q: "37.5"}, Q, Status.AT_RISK),
    ("fear of crime beyond", FEAR_OF_CRIME, {Q: "37.7"}, Q, Status.OFF_TRACK),
    ("fear of crime on stretch", FEAR_OF_CRIME, {Q: "35.5"}, Q, Status.ON_TRACK_STRETCH),
    ("gaps: judged at latest figure's quarter", BREASTFEEDING,
     {START + 1: "51", START + 4: "54.5"}, Q, Status.ON_TRACK_TARGET),
    ("stale figure is not downgraded", BREASTFEEDING, {START + 2: "53"}, Q,
     Status.ON_TRACK_STRETCH),
    ("single data point", BREASTFEEDING, {Q: "55"}, Q, Status.AT_RISK),
    ("no figures", BREASTFEEDING, {}, Q, Status.NO_DATA),
    ("only future figures", BREASTFEEDING, {Q + 1: "70"}, Q, Status.NO_DATA),
    ("future figures ignored", BREASTFEEDING, {Q - 1: "53", Q + 1: "70"}, Q, Status.OFF_TRACK),
    ("figure before baseline quarter", BREASTFEEDING, {START - 3: "49"}, Q, Status.AT_RISK),
    ("past target quarter: met", BREASTFEEDING, {END: "63"}, END + 1, Status.ON_TRACK_TARGET),
    ("past target quarter: slipped", BREASTFEEDING, {END: "63", END + 2: "61"}, END + 3,
     Status.AT_RISK),
    ("past target quarter: stretch", BURGLARIES, {END: "320"}, END + 4,
     Status.ON_TRACK_STRETCH),
    ("baseline == target: holding", HOLD, {Q: "80"}, Q, Status.ON_TRACK_TARGET),
    ("baseline == target: slightly down", HOLD, {Q: "72"}, Q, Status.AT_RISK),
    ("baseline == target: well down", HOLD, {Q: "71.9"}, Q, Status.OFF_TRACK),
    ("all zero: met", ZERO_EXCLUSIONS, {Q: "0"}, Q, Status.ON_TRACK_STRETCH),
    ("all zero: any shortfall", ZERO_EXCLUSIONS, {Q: "1"}, Q, Status.OFF_TRACK),
]


@pytest.mark.parametrize(("plan", "actuals", "as_of", "expected"),
                         [pytest.param(*case[1:], id=case[0]) for case in STATUS_CASES])
def test_status_table(plan, actuals, as_of, expected):
    values = {q: D(v) for q, v in actuals.items()}
    assert rules.status(plan, values, as_of).status is expected


def test_assessment_reports_the_latest_figure_and_where_the_paths_are():
    a = rules.status(BURGLARIES, {START + 2: D(395), Q: D(370), Q + 2: D(1)}, Q)
    assert (a.latest_quarter, a.latest_value) == (Q, D(370))
    assert (a.expected_target, a.expected_stretch) == (D(376), D(364))
    assert a.stale is False


def test_a_figure_more_than_two_quarters_old_is_flagged_stale():
    assert rules.status(BREASTFEEDING, {Q - 2: D(60)}, Q).stale is False
    assert rules.status(BREASTFEEDING, {Q - 3: D(60)}, Q).stale is True


def test_no_data_has_nothing_else():
    a = rules.status(BREASTFEEDING, {}, -1)
    assert a == Assessment(Status.NO_DATA)
    assert a.payable == 0


# --- trajectories ---------------------------------------------------------------------
@pytest.mark.parametrize(("quarter", "target", "stretch"), [
    (START - 5, D(50), D(50)),  # before the baseline: the baseline
    (START, D(50), D(50)),
    (START + 1, D(51), D("51.5")),
    (Q, D(56), D(59)),
    (END, D(62), D(68)),
    (END + 8, D(62), D(68)),  # after the target quarter: the goal
])
def test_expected_is_a_clamped_straight_line(quarter, target, stretch):
    assert rules.expected(BREASTFEEDING, BREASTFEEDING.target, quarter) == target
    assert rules.expected(BREASTFEEDING, BREASTFEEDING.stretch, quarter) == stretch


def test_expected_is_rounded_to_four_places():
    plan = Plan(D(0), D(1), D(2), True, 0, 3)
    assert rules.expected(plan, plan.target, 1) == D("0.3333")
    assert rules.expected(plan, plan.stretch, 2) == D("1.3333")
    assert rules.expected(Plan(D(10), D(5), D(4), False, 0, 3), D(5), 1) == D("8.3333")


def test_expected_when_baseline_and_target_quarters_coincide():
    plan = Plan(D(10), D(12), D(13), True, 8030, 8030)
    assert rules.expected(plan, plan.target, 8029) == D(10)
    assert rules.expected(plan, plan.target, 8030) == D(12)


# --- forecasts ------------------------------------------------------------------------
@pytest.mark.parametrize(("plan", "actuals", "as_of", "forecast"), [
    pytest.param(BREASTFEEDING, {START + 2: "52", START + 4: "54"}, Q, D(62), id="exact line"),
    pytest.param(BREASTFEEDING, {8024: "51", 8025: "53", 8026: "52"}, Q, D(57),
                 id="least squares"),
    pytest.param(BREASTFEEDING, {8024: "51", 8028: "55"}, Q, D(62), id="gap"),
    pytest.param(BREASTFEEDING, {8024: "51", 8025: "53", 8028: "54"}, Q, D("58.7692"),
                 id="gaps and noise, rounded"),
    pytest.param(BURGLARIES, {8024: "396", 8026: "388"}, Q, D(352), id="lower is better"),
    pytest.param(BREASTFEEDING, {Q: "56"}, Q, D(62), id="one point: through baseline"),
    pytest.param(BURGLARIES, {Q: "382"}, Q, D(364), id="one point, lower is better"),
    pytest.param(BREASTFEEDING, {START: "50.5"}, Q, D("50.5"), id="one point at baseline"),
    pytest.param(BREASTFEEDING, {Q: "56", Q + 1: "90"}, Q, D(62), id="future ignored"),
    pytest.param(BREASTFEEDING, {END - 1: "61", END: "63", END + 1: "64"}, END + 1, D(63),
                 id="past target: the target quarter's figure"),
    pytest.param(BREASTFEEDING, {END - 3: "60", END + 1: "64"}, END + 1, D(60),
                 id="past target: latest figure before it"),
    pytest.param(BREASTFEEDING, {END: "63"}, END, D(63), id="at the target quarter"),
    pytest.param(BREASTFEEDING, {END + 1: "64"}, END + 1, None, id="past target: none before"),
    pytest.param(BREASTFEEDING, {}, Q, None, id="no data"),
])
def test_forecast(plan, actuals, as_of, forecast):
    values = {q: D(v) for q, v in actuals.items()}
    assert rules.forecast(plan, values, as_of) == forecast
    assert rules.status(plan, values, as_of).forecast == forecast


def test_progress_and_enhancement_respect_direction():
    # Down 3 a quarter: 364 by the target quarter, i.e. 36 of the 72 fewer burglaries the
    # stretch target asks for, but 12 more than the target itself (−50% of the enhancement).
    a = rules.status(BURGLARIES, {8024: D(397), 8025: D(394)}, Q)
    assert (a.forecast, a.progress, a.enhancement, a.payable) == (D(364), D("0.5"),
                                                                  D("-0.5"), 0)
    b = rules.status(BREASTFEEDING, {Q: D(59)}, Q)  # on the stretch path: forecast 68
    assert (b.forecast, b.progress, b.enhancement, b.payable) == (D(68), 1, 1, 1)


def test_shares_when_stretch_equals_its_starting_point():
    assert rules.share(HOLD, D(80), D(80), D(80)) == 1
    assert rules.share(HOLD, D(79), D(80), D(80)) == 0
    assert rules.share(ZERO_EXCLUSIONS, D(0), D(0), D(0)) == 1


# --- the reward grant -----------------------------------------------------------------
def with_share(enhancement: str | None, status: Status = Status.ON_TRACK_TARGET) -> Assessment:
    return Assessment(status, enhancement=None if enhancement is None else D(enhancement))


@pytest.mark.parametrize(("enhancement", "payable"), [
    ("-0.5", D(0)), ("0", D(0)), ("0.5999", D(0)), ("0.60", D("0.60")), ("0.75", D("0.75")),
    ("1", D(1)), ("1.4", D(1)), (None, D(0)),
])
def test_payable_share(enhancement, payable):
    assert with_share(enhancement).payable == payable


def test_no_data_earns_nothing():
    assert Assessment(Status.NO_DATA, enhancement=D(1)).payable == 0


@pytest.mark.parametrize(("reward", "shares", "forecast"), [
    ("528131.25", ["0.5"], D(0)),  # below 60%: nothing
    ("528131.25", ["0.75"], D(396098)),  # 396,098.4375
    ("528131.25", ["1.5"], D(528131)),  # capped at the reward
    ("528131.25", ["0.75", "1.2"], D(462115)),  # mean 0.875: 462,114.84375
    ("528131.25", ["1", None], D(264066)),  # no data counts as 0: 264,065.625
    ("5", ["0.7"], D(4)),  # 3.5 rounds half up
    ("5", ["0.9"], D(5)),  # 4.5 rounds half up
    ("1000", [], D(0)),
])
def test_reward_forecast(reward, shares, forecast):
    assessments = [with_share(s) if s else Assessment(Status.NO_DATA) for s in shares]
    result = rules.reward_forecast(D(reward), assessments)
    assert result == forecast and result.as_tuple().exponent == 0


# Made-up shares of the £6,337,575 maximum Performance Reward Grant over 12 stretched targets.
SHARES = [D(528131)] * 11 + [D(528134)]


def test_total_forecast_against_the_maximum_grant():
    assert sum(SHARES) == D(6337575)
    everything = [(share, [with_share("1"), with_share("1.3")]) for share in SHARES]
    assert rules.total_forecast(everything) == (D(6337575), D(6337575))
    mixed = ([(share, [with_share("1")]) for share in SHARES[:6]]
             + [(share, [with_share("0.8"), with_share("0.4")]) for share in SHARES[6:11]]
             + [(SHARES[11], [with_share("0.6"), Assessment(Status.NO_DATA)])])
    # 6 × 528,131 + 5 × 211,252.4 (→ 211,252) + 158,440.2 (→ 158,440)
    assert rules.total_forecast(mixed) == (D(3168786) + D(1056260) + D(158440), D(6337575))
    assert rules.total_forecast([]) == (0, 0)


def test_reward_forecast_from_figures():
    # Both burglary indicators of a target heading for the stretch: the whole reward.
    on_stretch = rules.status(BURGLARIES, {8024: D(394), 8025: D(388)}, Q)
    behind = rules.status(BURGLARIES, {8024: D(397), 8025: D(394)}, Q)
    assert on_stretch.forecast == D(328) and on_stretch.payable == 1
    assert behind.payable == 0
    assert rules.reward_forecast(D(528131), [on_stretch, behind]) == D(264066)


# --- roll-up --------------------------------------------------------------------------
def test_rollup_counts_every_status_in_a_fixed_order():
    counts = rules.rollup([Status.AT_RISK, Status.NO_DATA, Status.AT_RISK,
                           Status.ON_TRACK_STRETCH])
    assert list(counts) == list(rules.ORDER)
    assert counts == {Status.ON_TRACK_STRETCH: 1, Status.ON_TRACK_TARGET: 0,
                      Status.AT_RISK: 2, Status.OFF_TRACK: 0, Status.NO_DATA: 1}
    assert sum(rules.rollup([]).values()) == 0


def test_group_rollups_add_up_to_the_partnership():
    groups = [[Status.OFF_TRACK, Status.ON_TRACK_TARGET], [Status.NO_DATA, Status.AT_RISK]]
    total = rules.rollup(s for g in groups for s in g)
    per_group = [rules.rollup(g) for g in groups]
    assert total == {s: sum(c[s] for c in per_group) for s in rules.ORDER}


@pytest.mark.parametrize(("statuses", "expected"), [
    ([Status.ON_TRACK_STRETCH, Status.OFF_TRACK, Status.AT_RISK], Status.OFF_TRACK),
    ([Status.ON_TRACK_STRETCH, Status.AT_RISK, Status.NO_DATA], Status.AT_RISK),
    ([Status.ON_TRACK_STRETCH, Status.ON_TRACK_TARGET], Status.ON_TRACK_TARGET),
    ([Status.ON_TRACK_STRETCH, Status.NO_DATA], Status.ON_TRACK_STRETCH),
    ([Status.NO_DATA, Status.NO_DATA], Status.NO_DATA),
    ([], Status.NO_DATA),
    (["at_risk", "on_track_target"], Status.AT_RISK),  # stored values work too
])
def test_worst(statuses, expected):
    assert rules.worst(iter(statuses)) is expected


# --- quarters -------------------------------------------------------------------------
def test_quarter_index_and_back():
    assert rules.quarter_index(2006, 1) == 8024
    assert rules.quarter_of(8026) == (2006, 3)
    for index in range(7990, 8050):
        assert rules.quarter_index(*rules.quarter_of(index)) == index
    with pytest.raises(ValueError):
        rules.quarter_index(2006, 5)


@pytest.mark.parametrize(("year", "number", "label", "start", "end"), [
    (2006, 1, "2006/07 Q1", date(2006, 4, 1), date(2006, 6, 30)),
    (2006, 2, "2006/07 Q2", date(2006, 7, 1), date(2006, 9, 30)),
    (2008, 3, "2008/09 Q3", date(2008, 10, 1), date(2008, 12, 31)),
    (2008, 4, "2008/09 Q4", date(2009, 1, 1), date(2009, 3, 31)),  # spans the calendar year
    (1999, 4, "1999/00 Q4", date(2000, 1, 1), date(2000, 3, 31)),
    (2009, 4, "2009/10 Q4", date(2010, 1, 1), date(2010, 3, 31)),
])
def test_quarter_labels_and_dates(year, number, label, start, end):
    index = rules.quarter_index(year, number)
    assert rules.quarter_label(index) == label
    assert (rules.quarter_start(index), rules.quarter_end(index)) == (start, end)
    assert rules.quarter_for_date(start) == index == rules.quarter_for_date(end)


@pytest.mark.parametrize(("day", "label"), [
    (date(2009, 3, 31), "2008/09 Q4"), (date(2009, 4, 1), "2009/10 Q1"),
    (date(2009, 1, 1), "2008/09 Q4"), (date(2008, 12, 31), "2008/09 Q3"),
    (date(2008, 2, 29), "2007/08 Q4"), (date(2006, 7, 5), "2006/07 Q2"),
])
def test_quarter_for_date(day, label):
    assert rules.quarter_label(rules.quarter_for_date(day)) == label


# --- purity ---------------------------------------------------------------------------
def test_rules_import_only_the_standard_library():
    tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    imported = {node.module.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.Import) for alias in node.names}
    assert imported <= {"__future__", "collections", "dataclasses", "datetime", "decimal",
                        "enum"}


def test_plans_and_assessments_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        BREASTFEEDING.target = D(1)  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Assessment(Status.NO_DATA).status = Status.AT_RISK  # type: ignore[misc]


def test_statuses_are_their_stored_values():
    assert [s.value for s in rules.ORDER] == ["on_track_stretch", "on_track_target", "at_risk",
                                              "off_track", "no_data"]
    assert Status("at_risk") == "at_risk"
