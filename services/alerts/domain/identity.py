"""The alert id: the deduplication key (type, district, scheme, period, to-state).

The same condition always yields the same id, so replays, re-deliveries and restarts can
never publish an alert twice: the store's unique index on the id does the deduplication.
"""

from __future__ import annotations

from shared.events.alerts import AlertType

NO_SCHEME = "-"


def alert_id(type_: AlertType, district: str, scheme: str | None, period: str, to_state: str) -> str:
    """`f"{type}:{district}:{scheme or '-'}:{period}:{to_state}"`.

    `to_state` is the new grade for grade alerts, `provisional` or `final` for rank drops,
    the submission id for implausible data, `missing` for a missed deadline, `D` for
    persistent grade D and the count (3, 4, …) for a repeated bottom-ten place.
    """
    return f"{type_}:{district}:{scheme or NO_SCHEME}:{period}:{to_state}"
