"""An indicator's history as SVG geometry (the template draws it; a table repeats the data)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from plugins.scorecard import rules

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40


@dataclass
class Chart:
    width: int
    height: int
    actual: list[tuple[float, float, str, Decimal]]  # x, y, quarter label, value
    target: tuple[float, float, float, float]  # x1, y1, x2, y2
    stretch: tuple[float, float, float, float]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    left: int = LEFT
    right: int = WIDTH - RIGHT

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _q, _v in self.actual)


def _nice(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}".rstrip("0").rstrip(".")


def line_chart(indicator, history: dict[int, Decimal], as_of: int | None) -> Chart:
    first = indicator.baseline_quarter
    last = max([indicator.target_quarter] + list(history))
    values = [float(v) for v in history.values()] + [
        float(indicator.baseline), float(indicator.target), float(indicator.stretch_target)]
    low, high = min(values), max(values)
    pad = (high - low) * 0.1 or 1.0
    low, high = low - pad, high + pad

    def x(quarter: int) -> float:
        return LEFT + (quarter - first) / max(last - first, 1) * (WIDTH - LEFT - RIGHT)

    def y(value: float) -> float:
        return HEIGHT - BOTTOM - (value - low) / (high - low) * (HEIGHT - TOP - BOTTOM)

    def trajectory(goal) -> tuple[float, float, float, float]:
        end = indicator.target_quarter
        return (x(first), y(float(indicator.baseline)), x(end), y(float(goal)))

    actual = [(x(q), y(float(v)), rules.quarter_label(q), v) for q, v in sorted(history.items())]
    x_ticks = [(x(q), rules.quarter_label(q).split(" ")[0]) for q in range(first, last + 1)
               if q % 4 == 0]
    steps = 4
    y_ticks = [(y(low + (high - low) * n / steps), _nice(low + (high - low) * n / steps))
               for n in range(steps + 1)]
    return Chart(WIDTH, HEIGHT, actual, trajectory(indicator.target),
                 trajectory(indicator.stretch_target), x_ticks, y_ticks)
