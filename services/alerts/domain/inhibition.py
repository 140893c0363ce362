"""Inhibition, as in Alertmanager: a data problem mutes the alerts it would only repeat.

A `missed_deadline` or `implausible_data` alert for a (district, scheme, period) inhibits
the grade and rank alerts of the same triple: a grade that fell because the figures are
missing or implausible says nothing new about the district's work.
"""

from __future__ import annotations

from collections.abc import Iterable

from shared.events.alerts import Alert, AlertType

INHIBITORS: frozenset[AlertType] = frozenset({"missed_deadline", "implausible_data"})
INHIBITED: frozenset[AlertType] = frozenset({"grade_drop", "entered_grade_d", "rank_drop"})


def inhibited(alert: Alert, inhibitors: Iterable[Alert]) -> bool:
    """True when an unresolved inhibitor for the same district, scheme and period exists.

    A resolved inhibitor (corrected figures arrived) inhibits nothing; a silenced one still
    does, because the data problem behind it is still there.
    """
    return inhibitor(alert, inhibitors) is not None


def inhibitor(alert: Alert, candidates: Iterable[Alert]) -> Alert | None:
    """The first unresolved alert among `candidates` that inhibits `alert` (see `inhibited`)."""
    if alert.type not in INHIBITED:
        return None
    key = (alert.district, alert.scheme, alert.period)
    return next(
        (
            other for other in candidates
            if other.type in INHIBITORS and other.status != "resolved"
            and (other.district, other.scheme, other.period) == key
        ),
        None,
    )
