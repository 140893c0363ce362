"""The alerts a batch of events works on: those already stored for what it touches, kept
current while the batch raises and resolves alerts, so that later events of the same batch
see the effects of earlier ones (a correction resolving the `implausible_data` raised two
events before, say)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

from shared.events.alerts import Alert, AlertStatus, AlertType

from .silences import Silence
from .suppression import Verdict, triage

Triple: TypeAlias = tuple[str, str | None, str]
OPEN: frozenset[AlertStatus] = frozenset({"open", "acknowledged"})


def triple(alert: Alert) -> Triple:
    """The (district, scheme, period) an alert is about."""
    return alert.district, alert.scheme, alert.period


class Ledger:
    """Known alerts by id and by (district, scheme, period), and what this batch changed."""

    def __init__(self, known: Iterable[Alert] = ()) -> None:
        self._by_id: dict[str, Alert] = {}
        self._by_triple: dict[Triple, dict[str, Alert]] = {}
        for alert in known:
            self._keep(alert)
        self.raised: list[Verdict] = []
        self.resolved: list[Alert] = []
        # Resolutions of alerts that were published: only those are announced.
        self.announced: list[Alert] = []
        self.repeated: list[Alert] = []

    def _keep(self, alert: Alert) -> None:
        self._by_id[alert.alert_id] = alert
        self._by_triple.setdefault(triple(alert), {})[alert.alert_id] = alert

    def __contains__(self, alert_id: object) -> bool:
        return alert_id in self._by_id

    def get(self, alert_id: str) -> Alert | None:
        return self._by_id.get(alert_id)

    def of(self, district: str, scheme: str | None, period: str) -> list[Alert]:
        """Every known alert of the (district, scheme, period)."""
        return list(self._by_triple.get((district, scheme, period), {}).values())

    def open_of(self, type_: AlertType, district: str, scheme: str | None, period: str) -> list[Alert]:
        """The open or acknowledged alerts of one type for the (district, scheme, period)."""
        return [a for a in self.of(district, scheme, period) if a.type == type_ and a.status in OPEN]

    def raise_all(self, alerts: Iterable[Alert], silences: Iterable[Silence], now: str) -> None:
        """Record new alerts with their verdict; an alert already known is only a repeat.

        Each alert is judged against what is known at that moment, including the alerts
        raised just before it, so an inhibitor raised earlier in the batch inhibits.
        """
        active = list(silences)
        for alert in alerts:
            if alert.alert_id in self._by_id:
                self.repeated.append(alert)
                continue
            verdict = triage(alert, self.of(*triple(alert)), active, now)
            self._keep(verdict.stored)
            self.raised.append(verdict)

    def resolve_all(self, alerts: Iterable[Alert]) -> None:
        """Mark alerts resolved; one already resolved (or unknown) is left as it is."""
        for alert in alerts:
            current = self._by_id.get(alert.alert_id)
            if current is None or current.status == "resolved":
                continue
            done = current.model_copy(update={"status": "resolved"})
            self._keep(done)
            self.resolved.append(done)
            if current.status != "silenced":
                self.announced.append(done)
