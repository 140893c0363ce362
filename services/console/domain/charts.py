"""Chart geometry for server-rendered SVG: a line over months, a waterfall of contributions and
a histogram with grade thresholds. Pure arithmetic; the templates draw what this computes and
print the same numbers in a table beside each chart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

LEFT, RIGHT, TOP, BOTTOM = 44.0, 16.0, 16.0, 36.0


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    key: str
    value: float


@dataclass(frozen=True)
class Tick:
    at: float
    value: float


@dataclass(frozen=True)
class LineChart:
    width: float
    height: float
    points: tuple[Point, ...]
    ticks: tuple[Tick, ...]
    best: Point | None = None
    worst: Point | None = None

    @property
    def path(self) -> str:
        return "M" + "L".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points) if self.points else ""

    @property
    def plot_bottom(self) -> float:
        return self.height - BOTTOM


def _scale(value: float, lo: float, hi: float, top: float, bottom: float, invert: bool) -> float:
    share = 0.5 if hi == lo else (value - lo) / (hi - lo)
    return top + share * (bottom - top) if invert else bottom - share * (bottom - top)


def line_chart(series: Sequence[tuple[str, float]], lo: float, hi: float, *, invert: bool = False,
               width: float = 640, height: float = 220, ticks: int = 5,
               best: str | None = None, worst: str | None = None) -> LineChart:
    """Points of `series` (key, value) spread evenly across; `invert` puts `lo` at the top
    (ranks: 1st is best). `best` and `worst` name the keys to mark."""
    inset = 24.0  # the first and last points keep clear of the axis labels
    step = (width - LEFT - RIGHT - 2 * inset) / max(len(series) - 1, 1)
    bottom = height - BOTTOM
    points = tuple(Point(LEFT + inset + i * step if len(series) > 1 else width / 2,
                         _scale(v, lo, hi, TOP, bottom, invert), k, v) for i, (k, v) in enumerate(series))
    values = [lo + (hi - lo) * i / (ticks - 1) for i in range(ticks)] if ticks > 1 else [lo]
    if invert:  # ranks are whole numbers
        values = sorted({float(round(v)) for v in values})
    marks = {p.key: p for p in points}
    return LineChart(width, height, points,
                     tuple(Tick(_scale(v, lo, hi, TOP, bottom, invert), v) for v in values),
                     marks.get(best or ""), marks.get(worst or ""))


@dataclass(frozen=True)
class Bar:
    key: str
    x: float
    y: float
    width: float
    height: float
    value: float
    kind: str  # start | up | down | end | count


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    lines: tuple[tuple[str, float, float], ...] = ()  # (label, x, value): the grade thresholds


def waterfall(before: float, steps: Sequence[tuple[str, float]], after: float, *, width: float = 640,
              height: float = 260, most: int = 8) -> BarChart:
    """Composite marks before, each scheme's contribution (the `most` largest; the rest as one
    `others` step), and after. Bars float from the running total."""
    ranked = sorted(steps, key=lambda s: -abs(s[1]))
    shown = list(ranked[:most])
    rest = sum(v for _, v in ranked[most:])
    if abs(rest) >= 0.005:
        shown.append(("others", rest))
    totals, running = [before], before
    for _, value in shown:
        running += value
        totals.append(running)
    # The axis spans the movement, not 0–10: contributions of a few hundredths must show.
    low, high = min(*totals, after), max(*totals, after)
    pad = max((high - low) * 0.25, 0.05)
    lo, hi = max(low - pad, 0.0), high + pad
    bottom, slot = height - BOTTOM, (width - LEFT - RIGHT) / (len(shown) + 2)

    def y(v: float) -> float:
        return _scale(v, lo, hi, TOP, bottom, False)

    bars = [Bar("before", LEFT + slot * 0.15, y(before), slot * 0.7, y(lo) - y(before), before, "start")]
    running = before
    for i, (key, value) in enumerate(shown, start=1):
        top, low = max(running, running + value), min(running, running + value)
        bars.append(Bar(key, LEFT + slot * (i + 0.15), y(top), slot * 0.7, max(y(low) - y(top), 1.0), value,
                        "up" if value >= 0 else "down"))
        running += value
    bars.append(Bar("after", LEFT + slot * (len(shown) + 1.15), y(after), slot * 0.7, y(lo) - y(after), after, "end"))
    return BarChart(width, height, tuple(bars), tuple(Tick(y(v), v) for v in _nice(lo, hi)))


def _nice(lo: float, hi: float, count: int = 5) -> list[float]:
    return [round(lo + (hi - lo) * i / (count - 1), 2) for i in range(count)]


def histogram(values: Sequence[float], thresholds: Mapping[str, float], *, lo: float = 0.0, hi: float = 10.0,
              bins: int = 10, width: float = 640, height: float = 220) -> BarChart:
    """How many districts fall in each mark band (the last band includes `hi`), with a line at
    each grade's minimum."""
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, max(0, int((v - lo) / (hi - lo) * bins)))] += 1
    top_count = max(max(counts), 1)
    bottom, slot = height - BOTTOM, (width - LEFT - RIGHT) / bins

    def x(v: float) -> float:
        return LEFT + (v - lo) / (hi - lo) * (width - LEFT - RIGHT)

    bars = tuple(Bar(f"{lo + i * (hi - lo) / bins:g}", LEFT + i * slot + 1, _scale(c, 0, top_count, TOP, bottom, False),
                     slot - 2, bottom - _scale(c, 0, top_count, TOP, bottom, False), c, "count")
                 for i, c in enumerate(counts))
    ticks = tuple(Tick(_scale(v, 0, top_count, TOP, bottom, False), v) for v in sorted({0, top_count // 2, top_count}))
    lines = tuple((grade, x(minimum), minimum) for grade, minimum in sorted(thresholds.items()))
    return BarChart(width, height, bars, ticks, lines)
