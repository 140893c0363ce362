"""A district's best and worst composite month of a financial year, as the minutes state them
("best rank 10th in April 2025, worst 59th in November 2025"): the minutes and the console's
chart mark the same months."""

from __future__ import annotations

from collections.abc import Iterable


def extreme_month(points: Iterable[tuple[str, int]], *, best: bool) -> tuple[str, int] | None:
    """The (period, rank) with the lowest rank (best) or the highest (worst), None when empty.

    A rank reached in several months counts at its earliest month, for best and worst alike:
    that is when the district first stood there.
    """
    return min(points, key=lambda p: (p[1] if best else -p[1], p[0]), default=None)
