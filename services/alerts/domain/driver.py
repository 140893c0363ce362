"""The KPI that moved most: what an officer should look at first."""

from __future__ import annotations

from collections.abc import Mapping

from shared.events.alerts import Driver


def kpi_that_moved_most(before: Mapping[str, float] | None, after: Mapping[str, float]) -> Driver | None:
    """The KPI whose score changed most (absolute change) between `before` and `after`.

    Without a comparable `before` (no previous period, or no KPI in common after a catalogue
    change) the lowest-scoring KPI of `after` is named, with `before=None`: it is where the
    marks were lost. Ties go to the KPI id first in alphabetical order, so the answer is
    deterministic. None when `after` has no KPI at all (a quarantined submission).
    """
    if not after:
        return None
    common = sorted(set(before or {}) & set(after))
    if before and common:
        # max() and min() return the first of equal items: over sorted ids, ties go to "a…".
        kpi = max(common, key=lambda k: abs(after[k] - before[k]))
        return Driver(kpi=kpi, before=before[kpi], after=after[kpi])
    kpi = min(sorted(after), key=lambda k: after[k])
    return Driver(kpi=kpi, before=None, after=after[kpi])

