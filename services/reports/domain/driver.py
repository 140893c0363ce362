"""The KPI that explains a scheme's result: the one the minutes name as its driver."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from services.reports.domain.inputs import AlertFact, SchemeStanding
from shared.catalog import Kpi
from shared.kpi_value import raw_value

# When several alerts name a driver, the one about the grade is the one the meeting discusses.
_ALERT_PREFERENCE = ("grade_drop", "entered_grade_d", "rank_drop", "persistent_grade_d", "recovered")


def find_driver(standing: SchemeStanding, alerts: Iterable[AlertFact]) -> dict[str, Any] | None:
    """The driver of a scheme's result: `{"kpi", "name", "before", "after", "value_before",
    "value_after", "source"}` — `before`/`after` are KPI scores in [0, 1], `value_before`/
    `value_after` the KPI's raw values (shares: 0.84 is 84 % disposed of) from the submitted
    figures, which is what the minutes print.

    An alert's driver wins (the alerts service compared with last period's final scores);
    otherwise the KPI whose score moved most since last period; without last period's
    scores, the weakest of several KPIs, with `before` null. None when there is nothing to
    tell: no KPI scores, or a single KPI with no score last period.
    """
    cited = [a for a in alerts if a.scheme == standing.scheme.id and a.driver_kpi]
    if cited:
        alert = min(cited, key=_alert_order)
        return _driver(standing, alert.driver_kpi or "", alert.driver_before, alert.driver_after, "alert")
    return _computed(standing)


def _alert_order(alert: AlertFact) -> tuple[int, int, str]:
    kind = _ALERT_PREFERENCE.index(alert.type) if alert.type in _ALERT_PREFERENCE else len(_ALERT_PREFERENCE)
    return (alert.severity != "critical", kind, alert.alert_id)


def _computed(standing: SchemeStanding) -> dict[str, Any] | None:
    order = [k.id for k in standing.scheme.kpis if k.id in standing.kpis]
    if not order:
        return None
    compared = [k for k in order if k in standing.previous_kpis]
    if compared:
        # max() keeps the first of equal moves, i.e. catalogue order breaks ties.
        kpi = max(compared, key=lambda k: abs(standing.kpis[k] - standing.previous_kpis[k]))
        return _driver(standing, kpi, standing.previous_kpis[kpi], standing.kpis[kpi], "computed")
    if len(order) == 1:
        return None  # a lone KPI without last period's score explains nothing beyond the marks
    kpi = min(order, key=lambda k: standing.kpis[k])
    return _driver(standing, kpi, None, standing.kpis[kpi], "computed")


def _driver(
    standing: SchemeStanding, kpi: str, before: float | None, after: float | None, source: str
) -> dict[str, Any]:
    found = next((k for k in standing.scheme.kpis if k.id == kpi), None)
    named = found.name.model_dump() if found else {"hi": kpi, "en": kpi}
    return {"kpi": kpi, "name": named, "before": before, "after": after,
            "value_before": _value(found, standing.previous_figures),
            "value_after": _value(found, standing.figures), "source": source}


def _value(kpi: Kpi | None, figures: Mapping[str, float]) -> float | None:
    """The KPI's raw value from figures, when all its inputs are there."""
    if kpi is None or not all(f in figures for f in kpi.input_fields):
        return None
    return round(raw_value(kpi, figures), 6)
