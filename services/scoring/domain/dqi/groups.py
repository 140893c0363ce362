"""The index per department and per district, and the group that comes last."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .index import quality
from .records import Arrival, DqiWeights, Expected, Quality, Refusal

Key = Callable[[Expected | Arrival | Refusal], str | None]


def _grouped(key: Key, expected: Iterable[Expected], arrivals: Iterable[Arrival],
             refusals: Iterable[Refusal], weights: DqiWeights | None) -> dict[str, Quality]:
    owed: dict[str, list[Expected]] = {}
    for slot in expected:
        group = key(slot)
        if group is not None:
            owed.setdefault(group, []).append(slot)
    came: dict[str | None, list[Arrival]] = {}
    for arrival in arrivals:
        came.setdefault(key(arrival), []).append(arrival)
    refused: dict[str | None, list[Refusal]] = {}
    for refusal in refusals:
        refused.setdefault(key(refusal), []).append(refusal)
    return {g: quality(owed[g], came.get(g, []), refused.get(g, []), weights) for g in sorted(owed)}


def by_department(expected: Iterable[Expected], arrivals: Iterable[Arrival], refusals: Iterable[Refusal],
                  weights: DqiWeights | None = None) -> dict[str, Quality]:
    """Each department's index over every district; refusals without a department are left out."""
    return _grouped(lambda r: r.department, expected, arrivals, refusals, weights)


def by_district(expected: Iterable[Expected], arrivals: Iterable[Arrival], refusals: Iterable[Refusal],
                weights: DqiWeights | None = None) -> dict[str, Quality]:
    """Each district's index over every department; refusals without a district are left out."""
    return _grouped(lambda r: r.district, expected, arrivals, refusals, weights)


def lowest(qualities: dict[str, Quality]) -> str | None:
    """The group with the lowest index (the department the minutes name); ties by id."""
    return min(qualities, key=lambda g: (qualities[g].index, g), default=None)
