"""Data Quality Index: how well a department, or a district, reported a month (issue 21).

The month owes one submission per scheme and district: a *slot*. Five components, 0–100:
  timeliness    slots whose first accepted submission came by the scheme's deadline, of slots owed
  completeness  slots with an accepted submission at all, of slots owed
  validity      accepted submissions, of every submission sent (accepted + refused)
  stability     slots not revised after the deadline, of slots present
  plausibility  slots never quarantined, of slots present
A group with no accepted submission at all scores 0 on every component: no data is not good
data, and a department that sent nothing must not look better than one whose figures were
late or refused. (Otherwise a component's denominator is never 0.) The index is the weighted mean
of the five (`DqiWeights`); components and index are rounded half up to two decimals.
Formulas and a worked month: docs/data-quality.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import datetime

from services.scoring.domain.rounding import round_half_up

COMPONENTS = ("timeliness", "completeness", "validity", "stability", "plausibility")


@dataclass(frozen=True)
class Expected:
    """A slot the month owes: one scheme's figures for one district, due by `deadline`."""

    scheme: str
    department: str
    district: str
    deadline: datetime


@dataclass(frozen=True)
class Arrival:
    """One accepted submission (each revision counts), quarantined or not."""

    scheme: str
    department: str
    district: str
    at: datetime
    quarantined: bool = False


@dataclass(frozen=True)
class Refusal:
    """One refused submission, attributed as far as it could be (unknown scheme: no department)."""

    department: str | None
    district: str | None


@dataclass(frozen=True)
class DqiWeights:
    """How much each component counts in the index; equal by default."""

    timeliness: float = 1.0
    completeness: float = 1.0
    validity: float = 1.0
    stability: float = 1.0
    plausibility: float = 1.0

    def __post_init__(self) -> None:
        values = [getattr(self, f.name) for f in fields(self)]
        if not all(math.isfinite(v) and v >= 0 for v in values) or sum(values) == 0:
            raise ValueError("DQI weights must be finite, ≥ 0 and not all 0")


@dataclass(frozen=True)
class Quality:
    """The counts behind a group's index, the five components and the index."""

    expected: int
    present: int
    on_time: int
    sent: int
    refused: int
    revised_late: int
    quarantined: int
    timeliness: float
    completeness: float
    validity: float
    stability: float
    plausibility: float
    index: float


def _share(part: int, whole: int) -> float:
    return 0.0 if whole == 0 else 100 * part / whole


def quality(expected: Iterable[Expected], arrivals: Iterable[Arrival], refusals: Iterable[Refusal],
            weights: DqiWeights | None = None) -> Quality:
    """The index of one group (a department's or a district's month). Arrivals for slots not
    owed are ignored; datetimes must all be timezone-aware."""
    weights = weights or DqiWeights()
    owed = {(e.scheme, e.district): e.deadline for e in expected}
    by_slot = _by_slot(owed, arrivals)
    sent = sum(len(a) for a in by_slot.values())
    refused = sum(1 for _ in refusals)
    on_time = sum(1 for slot, a in by_slot.items() if a[0].at <= owed[slot])
    revised_late = sum(1 for slot, a in by_slot.items() if any(r.at > owed[slot] for r in a[1:]))
    quarantined = sum(1 for a in by_slot.values() if any(r.quarantined for r in a))
    present = len(by_slot)
    parts = {
        "timeliness": _share(on_time, len(owed)), "completeness": _share(present, len(owed)),
        "validity": _share(sent, sent + refused), "stability": _share(present - revised_late, present),
        "plausibility": _share(present - quarantined, present),
    }
    total = math.fsum(getattr(weights, c) for c in COMPONENTS)
    index = math.fsum(getattr(weights, c) * parts[c] for c in COMPONENTS) / total
    rounded = {c: round_half_up(v, 2) for c, v in parts.items()}
    return Quality(expected=len(owed), present=present, on_time=on_time, sent=sent, refused=refused,
                   revised_late=revised_late, quarantined=quarantined, index=round_half_up(index, 2), **rounded)


Slot = tuple[str, str]  # (scheme, district)


def _by_slot(owed: dict[Slot, datetime], arrivals: Iterable[Arrival]) -> dict[Slot, list[Arrival]]:
    """The arrivals of each owed slot that has any, oldest first."""
    by_slot: dict[Slot, list[Arrival]] = {}
    for arrival in sorted(arrivals, key=lambda a: a.at):
        if (arrival.scheme, arrival.district) in owed:
            by_slot.setdefault((arrival.scheme, arrival.district), []).append(arrival)
    return by_slot


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
