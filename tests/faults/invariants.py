"""What must hold after any fault, as plain checks on plain data: an `Outcome` is what a run
left behind (read by tests/faults/outcome.py), and each check returns the violations it
found, worded for the person who must fix them. `check` raises with all of them at once.

- nothing acknowledged is lost: every submission acknowledged by ingest or the broker is in
  scoring's audit trail;
- nothing is duplicated: no alert is published twice on `alerts.rank-change`;
- nothing is made up or missed: rankings, composites, the composite history, the alert ids
  and the latest minutes equal those of an uninterrupted run of the same replay.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Shown per kind of difference; the count says how many more there are.
SHOWN = 3


class InvariantViolation(AssertionError):
    """A trust invariant broke: something was lost, duplicated or made up."""


@dataclass(frozen=True)
class AlertEvent:
    """One message on `alerts.rank-change`: its CloudEvents type and id, and the alert's id."""

    type: str
    event_id: str
    alert_id: str


@dataclass
class Outcome:
    """What a run left behind, keyed for comparison."""

    rankings: dict[str, Any] = field(default_factory=dict)  # "scheme period" -> ranking data
    composites: dict[str, Any] = field(default_factory=dict)  # period -> composite data
    history: dict[str, Any] = field(default_factory=dict)  # "district|period" -> composite history
    alert_events: list[AlertEvent] = field(default_factory=list)
    alerts: dict[str, str] = field(default_factory=dict)  # stored alert id -> status
    minutes: dict[str, Any] = field(default_factory=dict)  # "district period" -> latest content
    audited: set[str] = field(default_factory=set)  # scoring's audit trail
    acknowledged: set[str] = field(default_factory=set)  # by ingest (202/200) or the broker

    def published_alert_ids(self) -> set[str]:
        return {e.alert_id for e in self.alert_events if e.type == "alert.raised.v1"}


def republished(events: Iterable[AlertEvent]) -> list[str]:
    """Alerts raised (or resolved) more than once on the topic, by alert id and event type."""
    counts = Counter((e.type, e.alert_id) for e in events)
    ids = Counter(e.event_id for e in events)
    found = [f"{kind} {alert_id} published {n} times" for (kind, alert_id), n in sorted(counts.items()) if n > 1]
    found += [f"CloudEvents id {eid} used {n} times" for eid, n in sorted(ids.items()) if n > 1]
    return found


def unaudited(outcome: Outcome) -> list[str]:
    missing = sorted(outcome.acknowledged - outcome.audited)
    return [f"acknowledged but not in the audit trail: {sid}" for sid in missing]


def _diff(what: str, reference: Mapping[str, Any], other: Mapping[str, Any]) -> list[str]:
    keys = sorted(set(reference) | set(other))
    found = []
    for key in keys:
        if key not in other:
            found.append(f"{what} {key}: missing (the uninterrupted run has it)")
        elif key not in reference:
            found.append(f"{what} {key}: made up (the uninterrupted run has none)")
        elif reference[key] != other[key]:
            found.append(f"{what} {key}: differs: {_first_difference(reference[key], other[key])}")
    return _shown(found)


def _first_difference(a: Any, b: Any, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if a.get(k) != b.get(k):
                return _first_difference(a.get(k), b.get(k), f"{path}.{k}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return f"{path or '.'}: uninterrupted {str(a)[:200]!s} ≠ {str(b)[:200]!s}"


def _shown(found: list[str]) -> list[str]:
    if len(found) <= SHOWN:
        return found
    return [*found[:SHOWN], f"… and {len(found) - SHOWN} more like these"]


def differences(reference: Outcome, other: Outcome) -> list[str]:
    """Where `other` departs from the uninterrupted `reference`."""
    ref_ids, other_ids = reference.published_alert_ids(), other.published_alert_ids()
    return [
        *_diff("ranking", reference.rankings, other.rankings),
        *_diff("composite", reference.composites, other.composites),
        *_diff("composite history", reference.history, other.history),
        *_shown([f"alert {a}: never published (the uninterrupted run published it)"
                 for a in sorted(ref_ids - other_ids)]),
        *_shown([f"alert {a}: published, but the uninterrupted run never raised it" for a in sorted(other_ids - ref_ids)]),
        *_diff("stored alert", reference.alerts, other.alerts),
        *_diff("minutes", reference.minutes, other.minutes),
    ]


def violations(reference: Outcome, other: Outcome) -> list[str]:
    """Every invariant on `other`, and those that need no reference on `reference` too."""
    return [
        *(f"[uninterrupted run] {v}" for v in [*_shown(republished(reference.alert_events)),
                                             *_shown(unaudited(reference))]),
        *_shown(republished(other.alert_events)),
        *_shown(unaudited(other)),
        *differences(reference, other),
    ]


def check(reference: Outcome, other: Outcome, what: str = "the run with faults") -> None:
    """Raise InvariantViolation naming every broken invariant."""
    found = violations(reference, other)
    if found:
        raise InvariantViolation(f"{len(found)} trust invariant(s) broken in {what}:\n  - " + "\n  - ".join(found))
