"""How an indicator's status and the reward grant forecast are worked out.

Pure rules over plain values (no database, no Flask); the public page "How
statuses are worked out" paraphrases this docstring, so keep the two in step.

Quarters are financial-year quarters (Q1 = April–June ... Q4 = January–March of
the next calendar year), numbered ``year × 4 + quarter − 1`` (2006/07 Q1 = 8024).

Trajectories. Each indicator has a baseline (in its baseline quarter), a target
and a stretch target (both for its target quarter). The expected value at a
quarter lies on the straight line from the baseline to the goal; before the
baseline quarter it is the baseline, after the target quarter the goal.
Expected values are rounded to 4 decimal places, as the figures are.

Status, as of the latest published quarter (figures for later quarters are ignored):

* NO_DATA: no figure for the as-of quarter or any earlier one.
* "Better" means higher when higher is better, lower otherwise (e.g. burglaries).
* ON_TRACK_STRETCH: the latest figure is better than, or equal to, the stretch
  trajectory at that figure's own quarter.
* ON_TRACK_TARGET: otherwise, better than or equal to the target trajectory.
* AT_RISK: otherwise, if it falls short of the target trajectory by no more than
  AT_RISK_TOLERANCE (10%) of the whole improvement the target asks for
  (|target − baseline|). Where the target merely holds the baseline, 10% of the
  target value itself; if that is zero too, any shortfall is OFF_TRACK.
* OFF_TRACK: further behind than that.
* A latest figure more than STALE_AFTER (2) quarters older than the as-of quarter
  is flagged ``stale`` but its status is not downgraded: many indicators come from
  annual or two-yearly surveys, and the comparison is always with the trajectory at
  the figure's own quarter. Gaps in a series are fine: only the figures that exist count.

Forecast (the value the trend projects for the target quarter, to 4 places):

* once the target quarter is reached (as-of ≥ target quarter): the figure for the
  target quarter, or the latest one before it (none: no forecast);
* two or more figures: the least-squares straight line through them, read at the
  target quarter;
* one figure: the line through the baseline (at the baseline quarter) and that
  figure; if that figure is not later than the baseline quarter, the figure itself.

``progress`` is the share of the baseline → stretch improvement the forecast
achieves (1 = reaches the stretch target; negative = getting worse).

Performance Reward Grant, as the partnership applies the LAA reward rules (the
Local PSA "reward element"): a stretched target's reward is split equally among
its indicators. An indicator earns the share ``e`` of the *enhancement* (the extra
improvement the stretch target asks for beyond the target, i.e. beyond the
performance expected without the reward) that its forecast achieves,
``e = (forecast − target) / (stretch − target)``: nothing if ``e`` is below
REWARD_THRESHOLD (60%), otherwise ``e`` capped at 100%. Indicators with no data
or no forecast earn nothing. So a target's forecast reward is its reward × the mean
of its indicators' payable shares, rounded to whole pounds (half up); the total is
the sum of those, against the maximum (the sum of the rewards, £6,337,575 for Harrow).
Where stretch equals target, the share is 100% if the forecast reaches it, else 0.

Roll-up (management groups' scorecards into the partnership's): counts per status
in the fixed order of ORDER; the worst status is off track, then at risk, then on
track for target, then on track for stretch; no data is counted separately and is
the worst only when every indicator has no data.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

AT_RISK_TOLERANCE = Decimal("0.10")
REWARD_THRESHOLD = Decimal("0.60")
STALE_AFTER = 2  # quarters
PLACES = Decimal("0.0001")
ZERO, ONE = Decimal(0), Decimal(1)


class Status(enum.StrEnum):
    ON_TRACK_STRETCH = "on_track_stretch"
    ON_TRACK_TARGET = "on_track_target"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"


ORDER = (Status.ON_TRACK_STRETCH, Status.ON_TRACK_TARGET, Status.AT_RISK, Status.OFF_TRACK,
         Status.NO_DATA)
SEVERITY = (Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK_TARGET, Status.ON_TRACK_STRETCH)


@dataclass(frozen=True)
class Plan:
    baseline: Decimal
    target: Decimal
    stretch: Decimal
    higher_is_better: bool
    baseline_quarter: int
    target_quarter: int

    def better_or_equal(self, value: Decimal, than: Decimal) -> bool:
        return value >= than if self.higher_is_better else value <= than


@dataclass(frozen=True)
class Assessment:
    status: Status
    latest_quarter: int | None = None
    latest_value: Decimal | None = None
    expected_target: Decimal | None = None
    expected_stretch: Decimal | None = None
    forecast: Decimal | None = None
    progress: Decimal | None = None  # share of baseline → stretch achieved by the forecast
    enhancement: Decimal | None = None  # share of target → stretch achieved by the forecast
    stale: bool = False

    @property
    def payable(self) -> Decimal:
        """The share of the indicator's part of the reward the forecast would earn."""
        if self.status is Status.NO_DATA or self.enhancement is None:
            return ZERO
        return ZERO if self.enhancement < REWARD_THRESHOLD else min(self.enhancement, ONE)


def expected(plan: Plan, goal: Decimal, quarter: int) -> Decimal:
    """The straight-line trajectory from the baseline to ``goal`` at ``quarter``."""
    start, end = plan.baseline_quarter, plan.target_quarter
    if quarter >= end:
        return Decimal(goal).quantize(PLACES, ROUND_HALF_UP)
    if quarter <= start:
        return Decimal(plan.baseline).quantize(PLACES, ROUND_HALF_UP)
    value = plan.baseline + (goal - plan.baseline) * (quarter - start) / (end - start)
    return value.quantize(PLACES, ROUND_HALF_UP)


def forecast(plan: Plan, actuals: Mapping[int, Decimal], as_of: int) -> Decimal | None:
    """The value the trend of the figures up to ``as_of`` projects for the target quarter."""
    points = sorted((q, Decimal(v)) for q, v in actuals.items() if q <= as_of)
    end = plan.target_quarter
    if not points:
        return None
    if as_of >= end:
        reached = [v for q, v in points if q <= end]
        return reached[-1] if reached else None
    if len(points) == 1:
        (q, v), = points
        if q <= plan.baseline_quarter:
            return v
        points = [(plan.baseline_quarter, Decimal(plan.baseline)), (q, v)]
    n = len(points)
    mean_q = Decimal(sum(q for q, _ in points)) / n
    mean_v = sum(v for _, v in points) / n
    sxx = sum((q - mean_q) ** 2 for q, _ in points)
    sxy = sum((q - mean_q) * (v - mean_v) for q, v in points)
    return (mean_v + sxy / sxx * (end - mean_q)).quantize(PLACES, ROUND_HALF_UP)


def share(plan: Plan, value: Decimal, start: Decimal, goal: Decimal) -> Decimal:
    """How far ``value`` has come from ``start`` towards ``goal`` (1 = all the way)."""
    if goal == start:
        return ONE if plan.better_or_equal(value, goal) else ZERO
    return (value - start) / (goal - start)


def status(plan: Plan, actuals: Mapping[int, Decimal], as_of: int) -> Assessment:
    """Assess an indicator on the figures published up to quarter ``as_of``."""
    known = {q: Decimal(v) for q, v in actuals.items() if q <= as_of}
    if not known:
        return Assessment(Status.NO_DATA)
    quarter = max(known)
    latest = known[quarter]
    on_target = expected(plan, plan.target, quarter)
    on_stretch = expected(plan, plan.stretch, quarter)
    if plan.better_or_equal(latest, on_stretch):
        result = Status.ON_TRACK_STRETCH
    elif plan.better_or_equal(latest, on_target):
        result = Status.ON_TRACK_TARGET
    else:
        shortfall = abs(on_target - latest)
        scale = abs(plan.target - plan.baseline) or abs(plan.target)
        result = (Status.AT_RISK if scale and shortfall <= AT_RISK_TOLERANCE * scale
                  else Status.OFF_TRACK)
    projected = forecast(plan, known, as_of)
    return Assessment(
        status=result, latest_quarter=quarter, latest_value=latest,
        expected_target=on_target, expected_stretch=on_stretch, forecast=projected,
        progress=None if projected is None else share(plan, projected, plan.baseline,
                                                      plan.stretch),
        enhancement=None if projected is None else share(plan, projected, plan.target,
                                                         plan.stretch),
        stale=as_of - quarter > STALE_AFTER)


def reward_forecast(outcome_reward: Decimal, assessments: Sequence[Assessment]) -> Decimal:
    """A stretched target's forecast reward: reward × mean payable share, whole pounds."""
    if not assessments:
        return ZERO
    mean = sum((a.payable for a in assessments), ZERO) / len(assessments)
    return (Decimal(outcome_reward) * mean).quantize(ONE, ROUND_HALF_UP)


def total_forecast(
        rewards: Iterable[tuple[Decimal, Sequence[Assessment]]]) -> tuple[Decimal, Decimal]:
    """(forecast total, maximum total) in whole pounds over the stretched targets."""
    forecast_total = maximum = ZERO
    for reward, assessments in rewards:
        forecast_total += reward_forecast(reward, assessments)
        maximum += Decimal(reward).quantize(ONE, ROUND_HALF_UP)
    return forecast_total, maximum


def rollup(statuses: Iterable[Status]) -> dict[Status, int]:
    """How many indicators have each status, in the order of ORDER (zeros included)."""
    counts = dict.fromkeys(ORDER, 0)
    for s in statuses:
        counts[Status(s)] += 1
    return counts


def worst(statuses: Iterable[Status]) -> Status:
    """The worst status, ignoring NO_DATA unless there is nothing else."""
    present = {Status(s) for s in statuses}
    return next((s for s in SEVERITY if s in present), Status.NO_DATA)


# --- quarters -------------------------------------------------------------------------
def quarter_index(year: int, number: int) -> int:
    """The index of Q``number`` of the financial year starting in April ``year``."""
    if not 1 <= number <= 4:
        raise ValueError(f"quarter number must be 1 to 4, not {number}")
    return year * 4 + number - 1


def quarter_of(index: int) -> tuple[int, int]:
    return index // 4, index % 4 + 1


def quarter_label(index: int) -> str:
    """E.g. "2008/09 Q3"."""
    year, number = quarter_of(index)
    return f"{year}/{(year + 1) % 100:02d} Q{number}"


def quarter_start(index: int) -> date:
    year, number = quarter_of(index)
    month = 4 + 3 * (number - 1)
    return date(year + 1, month - 12, 1) if month > 12 else date(year, month, 1)


def quarter_end(index: int) -> date:
    return quarter_start(index + 1) - timedelta(days=1)


def quarter_for_date(day: date) -> int:
    year = day.year if day.month >= 4 else day.year - 1
    return quarter_index(year, (day.month - 4) % 12 // 3 + 1)
