"""Rules on stored finals at freeze: a scheme stuck in grade D."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from shared.catalog import Scheme
from shared.events.alerts import Alert, Standing
from shared.events.scoring import SchemeRanked
from shared.periods import previous_period

from .. import messages
from ..factory import make_alert
from ..severity import FIXED_SEVERITY

PERSISTENT_MONTHS = 3


def months_in_grade_d(period: str, final_grades_by_period: Mapping[str, str | None]) -> int:
    """How many calendar-consecutive final periods, ending with `period`, were in grade D.

    A month with no final grade (not reported, ungraded, or simply absent) ends the run.
    """
    months, cursor = 0, period
    while final_grades_by_period.get(cursor) == "D":
        months += 1
        cursor = previous_period(cursor)
    return months


def persistent_grade_d(
    district: str,
    scheme: Scheme,
    period: str,
    final_grades_by_period: Mapping[str, str | None],
    *,
    now: str,
    months: int = PERSISTENT_MONTHS,
) -> Alert | None:
    """`persistent_grade_d` when this period's final grade and those of the `months - 1`
    calendar months before it are all D; None otherwise.

    `final_grades_by_period` maps periods (`YYYY-MM`) to the district's final grade on the
    scheme, and must include `period` itself. The alert fires again each month the run
    continues (the period is part of its id) and its message says how long the run is.
    """
    run = months_in_grade_d(period, final_grades_by_period)
    if run < months:
        return None
    first = period
    for _ in range(run - 1):
        first = previous_period(first)
    return make_alert(
        "persistent_grade_d", district=district, scheme=scheme, period=period, to_state="D",
        severity=FIXED_SEVERITY["persistent_grade_d"],
        message=messages.persistent_grade_d(scheme.name, run, first, period), now=now,
        previous=Standing(period=first, grade="D"), current=Standing(period=period, grade="D"),
    )


def persistent_in_final_ranking(
    ranking: SchemeRanked,
    earlier_finals: Iterable[SchemeRanked],
    scheme: Scheme,
    *,
    now: str,
    months: int = PERSISTENT_MONTHS,
) -> list[Alert]:
    """`persistent_grade_d` for every district in grade D in a final scheme ranking whose
    final grades of the `months - 1` calendar months before were D too.

    `earlier_finals` are the scheme's final rankings of earlier periods (others are
    ignored); a district absent from a ranking had no final grade that month.
    """
    if not ranking.final:
        return []
    grades: dict[str, dict[str, str | None]] = {}
    for final in [*(r for r in earlier_finals if r.final and r.period < ranking.period), ranking]:
        for entry in final.ranks:
            grades.setdefault(entry.district, {})[final.period] = entry.grade
    alerts = (
        persistent_grade_d(entry.district, scheme, ranking.period, grades[entry.district], now=now, months=months)
        for entry in ranking.ranks
        if entry.grade == "D"
    )
    return [alert for alert in alerts if alert is not None]
