"""The five components of one group's month and their weighted index (see the package)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

from services.scoring.domain.rounding import round_half_up

from .records import Arrival, DqiWeights, Expected, Quality, Refusal

COMPONENTS = ("timeliness", "completeness", "validity", "stability", "plausibility")


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
