"""Which districts fell how many places between two rankings."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from shared.events.scoring import CompositeEntry, RankEntry
from shared.periods import previous_period

Entry = TypeVar("Entry", RankEntry, CompositeEntry)


def comparable(period: str, previous_final_period: str, previous_is_final: bool) -> bool:
    """A ranking is compared only with the final ranking of the calendar month before it.

    An older final (a month with no ranking in between) would report a fall over several
    months as if it were last month's.
    """
    return previous_is_final and previous_final_period == previous_period(period)


def falls(
    current: Sequence[Entry], previous: Sequence[Entry], threshold: int
) -> Iterator[tuple[Entry, Entry]]:
    """`(before, now)` for each district whose rank fell by `threshold` places or more.

    Districts absent from either ranking are skipped: a fall needs two places. Yields in
    the order of `current`, which is the ranking order.
    """
    before = {entry.district: entry for entry in previous}
    for entry in current:
        old = before.get(entry.district)
        if old is not None and entry.rank - old.rank >= threshold:
            yield old, entry
