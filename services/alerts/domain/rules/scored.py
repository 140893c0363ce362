"""Live rules on `scheme.scored.v1`: implausible data, grade drop, entry into D, recovery.

`event.previous` is the district's *final* result for the previous period, so a grade is
always compared with last month's frozen grade, never with an earlier live revision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial

from shared.catalog import Scheme
from shared.events.alerts import Alert, Standing
from shared.events.scoring import SchemeScored

from .. import messages
from ..driver import kpi_that_moved_most
from ..factory import make_alert, standing_of_previous, standing_of_scored
from ..severity import FIXED_SEVERITY, GRADE_STEPS, grade_drop_severity, is_worse


def on_scored(
    event: SchemeScored, scheme: Scheme, previous_kpis: Mapping[str, float] | None, now: str
) -> list[Alert]:
    """The alerts one scored (or quarantined) submission raises, in a stable order.

    `previous_kpis` are the KPI scores of the previous period's final result (for the
    driver); `now` is the ISO time stamped as `raised_at`. An ungraded scheme raises no
    grade alert; a grade that falls into D raises both `grade_drop` and `entered_grade_d`.
    """
    previous = standing_of_previous(event.previous) if event.previous else None
    current = standing_of_scored(event)
    # Every alert of this event shares where, when and the before/after standings.
    alert = partial(
        make_alert, district=event.district, scheme=scheme, period=event.period, now=now,
        previous=previous, current=current,
    )
    if event.status == "quarantined":
        return [alert(
            "implausible_data", to_state=event.submission_id, severity=FIXED_SEVERITY["implausible_data"],
            message=messages.implausible_data(scheme.name, event.submission_id),
        )]
    grade, before = event.grade, previous.grade if previous else None
    if grade is None:
        return []
    driver = kpi_that_moved_most(previous_kpis, event.kpis)
    alerts: list[Alert] = []
    if previous is not None and before is not None and is_worse(grade, before):
        alerts.append(alert(
            "grade_drop", to_state=grade, severity=grade_drop_severity(before, grade),
            message=messages.grade_drop(scheme.name, previous, current), driver=driver,
        ))
    if grade == "D" and before != "D":
        alerts.append(alert(
            "entered_grade_d", to_state="D", severity=FIXED_SEVERITY["entered_grade_d"],
            message=messages.entered_grade_d(scheme.name, before), driver=driver,
        ))
    return alerts


def recovered_alerts(
    event: SchemeScored, scheme: Scheme, open_grade_drops: Sequence[Alert], now: str
) -> tuple[list[Alert], list[Alert]]:
    """`(raised, resolved)` when the district regains the grade it lost.

    A `grade_drop` of the same district, scheme and period that is not yet resolved is
    recovered when the current grade is at least as good as the grade it dropped from;
    it comes back with status `resolved`, and one `recovered` alert (to-state: the grade
    regained) is raised, naming the worst grade the district had fallen to.
    """
    if event.status != "scored" or event.grade is None:
        return [], []
    regained = [a for a in open_grade_drops if _regained(a, event)]
    if not regained:
        return [], []
    # A grade_drop always carries the standing it fell to; the fallback only keeps types honest.
    low = max(regained, key=_fallen_to).current or Standing(period=event.period)
    current = standing_of_scored(event)
    alert = make_alert(
        "recovered", district=event.district, scheme=scheme, period=event.period, to_state=event.grade,
        severity=FIXED_SEVERITY["recovered"], message=messages.recovered(scheme.name, low, current),
        now=now, previous=low, current=current,
    )
    return [alert], [a.model_copy(update={"status": "resolved"}) for a in regained]


def _fallen_to(drop: Alert) -> int:
    grade = drop.current.grade if drop.current else None
    return GRADE_STEPS[grade] if grade else -1


def _regained(drop: Alert, event: SchemeScored) -> bool:
    lost = drop.previous.grade if drop.previous else None
    return (
        drop.type == "grade_drop" and drop.status != "resolved" and lost is not None
        and (drop.district, drop.scheme, drop.period) == (event.district, event.scheme, event.period)
        and event.grade is not None and not is_worse(event.grade, lost)
    )
