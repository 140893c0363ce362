"""Incremental ranking of units by marks (DESIGN.md §3, ranking).

One `Ranking` per scheme and period, and one per period for the composite (and per
category): every update costs O(log n), so the same code serves 7,000 blocks as well as
75 districts.
"""

from __future__ import annotations

from sortedcontainers import SortedList

from services.scoring.domain.rounding import hundredths


class Ranking:
    """Units ordered by two-decimal marks, highest first, with competition ranks (1, 2, 2, 4).

    Marks are compared as published (rounded half up to two decimals), so units with equal
    published marks share a rank. Ties are listed by unit id.
    """

    def __init__(self) -> None:
        # Keys (-hundredths, unit): ascending order is best marks first, then unit id.
        self._order: SortedList = SortedList()
        self._hundredths: dict[str, int] = {}

    def upsert(self, unit: str, marks: float) -> None:
        """Enter `unit` with `marks`, or move it to its new marks (ValueError if not finite)."""
        new = hundredths(marks)
        old = self._hundredths.get(unit)
        if old == new:
            return
        if old is not None:
            self._order.remove((-old, unit))
        self._order.add((-new, unit))
        self._hundredths[unit] = new

    def remove(self, unit: str) -> None:
        """Take `unit` out of the ranking; nothing happens if it is not ranked."""
        old = self._hundredths.pop(unit, None)
        if old is not None:
            self._order.remove((-old, unit))

    def rank(self, unit: str) -> int | None:
        """1 + the number of units with strictly higher marks; None if `unit` is not ranked."""
        own = self._hundredths.get(unit)
        if own is None:
            return None
        # "" sorts before every unit id, so this counts exactly the units with higher marks.
        return int(self._order.bisect_left((-own, ""))) + 1

    def marks(self, unit: str) -> float | None:
        """The unit's two-decimal marks, or None if it is not ranked."""
        own = self._hundredths.get(unit)
        return None if own is None else own / 100

    @property
    def of(self) -> int:
        """How many units are ranked: the N of "rank r of N"."""
        return len(self._hundredths)

    def __len__(self) -> int:
        return len(self._hundredths)

    def __contains__(self, unit: object) -> bool:
        return unit in self._hundredths

    def standings(self) -> list[tuple[str, float, int]]:
        """Every ranked unit as (unit, marks, rank), best first, ties by unit id. O(n)."""
        rows: list[tuple[str, float, int]] = []
        previous: int | None = None
        rank = 0
        for position, (negated, unit) in enumerate(self._order, start=1):
            if negated != previous:
                rank, previous = position, negated
            rows.append((unit, -negated / 100, rank))
        return rows
