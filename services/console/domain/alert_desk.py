"""The alerts desk (pure): its filters as they stand in the URL, which alerts they keep, why an
alert is suppressed, and the grouping by district with counts (as Alertmanager's and Karma's
views group). Alerts are the alerts API's dicts (CONTRACT §3 plus status and suppression)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any, get_args

from shared.events.alerts import AlertType, Severity

Alert = Mapping[str, Any]
TYPES: tuple[str, ...] = get_args(AlertType)
SEVERITIES: tuple[str, ...] = get_args(Severity)
# `active`: what still wants attention — open, acknowledged, and suppressed (shown as such);
# resolved alerts leave the feed unless asked for.
STATUSES = ("active", "open", "acknowledged", "silenced", "resolved", "all")
ACTIVE = frozenset({"open", "acknowledged", "silenced"})
RANK = {"critical": 0, "warning": 1, "info": 2}


class UnknownFilter(ValueError):
    def __init__(self, name: str, value: str) -> None:
        super().__init__(f"{name}={value}")
        self.name, self.value = name, value


@dataclass(frozen=True)
class Known:
    """The values a filter may take (reference data and the catalogue)."""

    districts: frozenset[str]
    divisions: frozenset[str]
    departments: frozenset[str]
    schemes: frozenset[str]


@dataclass(frozen=True)
class DeskFilter:
    district: str | None = None
    division: str | None = None
    department: str | None = None
    scheme: str | None = None
    type: str | None = None
    severity: str | None = None
    status: str = "active"

    @classmethod
    def parse(cls, params: Mapping[str, str], known: Known) -> DeskFilter:
        """The filter of a URL's query; UnknownFilter naming the first value that is not known."""
        allowed = {"district": known.districts, "division": known.divisions, "department": known.departments,
                   "scheme": known.schemes, "type": frozenset(TYPES), "severity": frozenset(SEVERITIES),
                   "status": frozenset(STATUSES)}
        values: dict[str, str] = {}
        for name, choices in allowed.items():
            value = (params.get(name) or "").strip()
            if value and value not in choices:
                raise UnknownFilter(name, value[:60])
            if value:
                values[name] = value
        return cls(**values)

    def params(self) -> dict[str, str]:
        """The query that shows this view again (a shared link); the default status is left out."""
        return {k: v for k, v in asdict(self).items() if v and not (k == "status" and v == "active")}

    def key(self) -> tuple[str, ...]:
        return tuple(getattr(self, f.name) or "" for f in fields(self))

    def keeps(self, alert: Alert, division_of: Mapping[str, str]) -> bool:
        status = alert.get("status")
        if self.status == "active" and status not in ACTIVE:
            return False
        if self.status not in ("active", "all") and status != self.status:
            return False
        if self.division and division_of.get(alert.get("district", "")) != self.division:
            return False
        return all(value is None or alert.get(name) == value for name, value in (
            ("district", self.district), ("department", self.department), ("scheme", self.scheme),
            ("type", self.type), ("severity", self.severity)))


def suppression(alert: Alert) -> tuple[str, str] | None:
    """Why a stored alert was not published: ("inhibited", the inhibiting alert's id) or
    ("silenced", the silence's id); None for an alert that was."""
    if alert.get("inhibited_by"):
        return "inhibited", str(alert["inhibited_by"])
    if alert.get("silenced_by"):
        return "silenced", str(alert["silenced_by"])
    return None


@dataclass(frozen=True)
class Group:
    """One district's alerts in the view, newest first, with counts by severity and status."""

    district: str
    alerts: tuple[Alert, ...]
    severities: Mapping[str, int]
    statuses: Mapping[str, int]

    @property
    def total(self) -> int:
        return len(self.alerts)


def grouped(alerts: Iterable[Alert]) -> list[Group]:
    """By district: the districts with most critical alerts first, then most alerts, then by id;
    within a district the order given (the API's: newest first)."""
    by_district: dict[str, list[Alert]] = {}
    for alert in alerts:
        by_district.setdefault(str(alert.get("district", "")), []).append(alert)
    groups = [Group(d, tuple(a), Counter(str(x.get("severity")) for x in a), Counter(str(x.get("status")) for x in a))
              for d, a in by_district.items()]
    return sorted(groups, key=lambda g: (-g.severities.get("critical", 0), -g.total, g.district))


def counts(alerts: Sequence[Alert]) -> dict[str, int]:
    """How many alerts of each severity the view holds (its summary line)."""
    found = Counter(a.get("severity") for a in alerts)
    return {s: found.get(s, 0) for s in SEVERITIES}


def silence_matchers(alert: Alert) -> dict[str, str]:
    """The matchers a silence made from this alert starts with: its district, scheme and type."""
    return {label: str(alert[label]) for label in ("district", "scheme", "type") if alert.get(label)}
