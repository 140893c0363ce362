"""Whether a newly raised alert is published or suppressed (inhibited or silenced).

The contract knows four statuses (open, acknowledged, resolved, silenced). Like
Alertmanager, which calls both "suppressed", an inhibited alert and a silenced one are both
stored with status `silenced`; `inhibited_by` and `silenced_by` say why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from shared.events.alerts import Alert

from .inhibition import inhibitor
from .silences import Silence, silenced_by


@dataclass(frozen=True)
class Verdict:
    """A new alert as raised (status open) and what suppresses it, if anything."""

    alert: Alert
    inhibited_by: str | None = None
    silenced_by: str | None = None

    @property
    def notify(self) -> bool:
        """True when the alert is to be published on `alerts.rank-change`."""
        return self.inhibited_by is None and self.silenced_by is None

    @property
    def stored(self) -> Alert:
        """The alert as it is stored: a suppressed one with status `silenced`."""
        return self.alert if self.notify else self.alert.model_copy(update={"status": "silenced"})


def triage(alert: Alert, known: Iterable[Alert], silences: Iterable[Silence], now: str) -> Verdict:
    """Judge a new alert against the known alerts of its (district, scheme, period), for
    inhibition, and against the silences active at `now`. Both reasons are recorded."""
    inhibiting = inhibitor(alert, known)
    silence = silenced_by(alert, silences, now)
    return Verdict(
        alert,
        inhibited_by=inhibiting.alert_id if inhibiting else None,
        silenced_by=silence.id if silence else None,
    )
