"""One digest per district and period for the Command Centre, instead of a stream of alerts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from shared.catalog import Names
from shared.events.alerts import Alert, AlertStatus, Severity

from .severity import SEVERITY_ORDER, severity_order

DIGESTED: frozenset[AlertStatus] = frozenset({"open", "acknowledged"})
# Composite alerts (rank drop, bottom ten) belong to no department: the district as a whole.
DISTRICT_WIDE = Names(hi="जनपद स्तर", en="District as a whole")


def digest(
    district: str, period: str, alerts: Iterable[Alert], department_names: Mapping[str, Names]
) -> dict[str, Any]:
    """The district's open and acknowledged alerts of the period, grouped by department.

    Departments come worst first (most critical alerts, then most warnings, then most
    info), alerts within a department worst severity first; each group and the whole carry
    counts by severity. A department missing from `department_names` is shown by its id.
    Alerts of other districts or periods, and resolved or silenced ones, are left out.
    """
    chosen = [a for a in alerts if a.district == district and a.period == period and a.status in DIGESTED]
    groups: dict[str | None, list[Alert]] = {}
    for alert in sorted(chosen, key=_alert_order):
        groups.setdefault(alert.department, []).append(alert)
    departments = [_group(dept, items, department_names) for dept, items in groups.items()]
    departments.sort(key=lambda g: (*(-g["counts"][s] for s in SEVERITY_ORDER), g["department"] or ""))
    return {
        "district": district,
        "period": period,
        "total": len(chosen),
        "counts": _counts(chosen),
        "departments": departments,
    }


def _alert_order(alert: Alert) -> tuple[int, str, str, str]:
    return severity_order(alert.severity), alert.scheme or "", alert.type, alert.alert_id


def _counts(alerts: list[Alert]) -> dict[Severity, int]:
    return {s: sum(1 for a in alerts if a.severity == s) for s in SEVERITY_ORDER}


def _group(department: str | None, alerts: list[Alert], names: Mapping[str, Names]) -> dict[str, Any]:
    name = DISTRICT_WIDE if department is None else names.get(department, Names(hi=department, en=department))
    return {
        "department": department,
        "name": {"hi": name.hi, "en": name.en},
        "counts": _counts(alerts),
        "alerts": [a.model_dump(mode="json") for a in alerts],
    }
