"""What a run left behind, as plain data keyed for comparison: read from a live deployment by
tests/faults/collect.py, built by hand in tests/faults/test_canary.py, judged by
tests/faults/invariants.py."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

RAISED = "alert.raised.v1"


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
    live_rankings: list[dict[str, Any]] = field(default_factory=list)  # published, coverage ≥ 90 %

    def published_alert_ids(self) -> set[str]:
        return {e.alert_id for e in self.alert_events if e.type == RAISED}

    def within(self, periods: Collection[str]) -> Outcome:
        """Only what concerns `periods` (a run that replayed only the first months compares
        with those months of a longer run: later months never change a frozen one)."""
        def keep(key: str) -> bool:
            return key.replace("|", " ").split(" ")[-1] in periods

        return Outcome(
            rankings={k: v for k, v in self.rankings.items() if keep(k)},
            composites={k: v for k, v in self.composites.items() if k in periods},
            history={k: v for k, v in self.history.items() if keep(k)},
            alert_events=[e for e in self.alert_events if alert_period(e.alert_id) in periods],
            alerts={k: v for k, v in self.alerts.items() if alert_period(k) in periods},
            minutes={k: v for k, v in self.minutes.items() if keep(k)},
            audited=self.audited, acknowledged=self.acknowledged,
            live_rankings=[r for r in self.live_rankings if r["period"] in periods],
        )


def alert_period(alert_id: str) -> str:
    """The period named in an alert id (`type:district:scheme:period:to-state`)."""
    return alert_id.split(":")[3]


def provisional(alert_id: str) -> bool:
    return alert_id.startswith("rank_drop:") and alert_id.endswith(":provisional")
