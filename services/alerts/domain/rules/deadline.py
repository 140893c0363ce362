"""The deadline rule: graded schemes with no accepted figures when the deadline passes."""

from __future__ import annotations

from collections.abc import Iterable

from shared.catalog import Scheme
from shared.events.alerts import Alert, Standing

from .. import messages
from ..factory import make_alert
from ..severity import FIXED_SEVERITY


def missed_deadline(
    period: str,
    graded_schemes: Iterable[Scheme],
    districts: Iterable[str],
    accepted: set[tuple[str, str]],
    now: str,
) -> list[Alert]:
    """`missed_deadline` for every (graded scheme, district) without an accepted submission.

    `accepted` holds the `(scheme id, district)` pairs with an accepted submission for
    `period`; a quarantined one does not count (it already raised `implausible_data`).
    Ungraded schemes are skipped even if given: they cost no marks. Ordered by scheme,
    then district, as given.
    """
    district_list = list(districts)
    return [
        make_alert(
            "missed_deadline", district=district, scheme=scheme, period=period, to_state="missing",
            severity=FIXED_SEVERITY["missed_deadline"],
            message=messages.missed_deadline(scheme.name, period, scheme.deadline_day), now=now,
            current=Standing(period=period),
        )
        for scheme in graded_schemes
        if scheme.graded
        for district in district_list
        if (scheme.id, district) not in accepted
    ]
