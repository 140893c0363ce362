"""What the alerts handlers need from the outside world, as protocols: MongoDB adapters in
repository.py, readmodels.py and silence_store.py; fakes in the unit tests."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from services.alerts.domain.ledger import Triple
from services.alerts.domain.silences import Silence
from services.alerts.domain.suppression import Verdict
from shared.catalog import Scheme
from shared.events.alerts import Alert, AlertStatus, AlertType
from shared.events.envelope import OutgoingEvent
from shared.events.scoring import CompositeRanked, SchemeRanked, SchemeScored

ScoreKey = tuple[str, str, str]  # (district, scheme, period)


@dataclass(frozen=True)
class Pending:
    """A stored alert with an event still to publish: its raise, its resolution, or both."""

    alert: Alert
    publish_raised: bool
    publish_resolved: bool
    stored_at: datetime


@dataclass(frozen=True)
class AlertQuery:
    """Filters of `GET /v1/alerts`; None means any."""

    district: str | None = None
    period: str | None = None
    type: AlertType | None = None
    status: AlertStatus | None = None
    limit: int = 200


@dataclass(frozen=True)
class Ack:
    """One acknowledgement: who says they acknowledge, their note, when, and with which key."""

    by: str
    note: str
    at: datetime
    key_id: str


class AlertStore(Protocol):
    async def of_triples(self, triples: Collection[Triple]) -> list[Alert]: ...
    async def of_scheme(self, scheme: str | None, period: str) -> list[Alert]: ...
    async def of_type(self, type_: AlertType, period: str) -> list[Alert]: ...
    async def store(self, raised: Sequence[Verdict], resolved: Sequence[Alert], announced: Collection[str],
                    at: datetime) -> list[Verdict]:
        """Insert new alerts and resolve others (those `announced` get a resolution to
        publish); returns the verdicts actually inserted (not stored before)."""
        ...
    async def pending(self) -> list[Pending]:
        """Every stored alert with an event not yet on the topic, oldest first."""
        ...
    async def mark_published(self, raised: Collection[str], resolved: Collection[str]) -> None: ...
    async def find(self, query: AlertQuery) -> list[dict[str, Any]]: ...
    async def acknowledge(self, alert_id: str, ack: Ack) -> dict[str, Any] | None:
        """Acknowledge an open or acknowledged alert, keeping every acknowledgement; None if it
        is resolved (or unknown)."""
        ...
    async def get(self, alert_id: str) -> dict[str, Any] | None: ...
    async def latest_period(self, district: str | None) -> str | None:
        """The latest period with an alert (of the district, when given)."""
        ...


class ReadModels(Protocol):
    async def save_scores(self, events: Sequence[SchemeScored]) -> None: ...
    async def kpis(self, keys: Collection[ScoreKey]) -> dict[ScoreKey, dict[str, float]]: ...
    async def accepted(self, period: str) -> set[tuple[str, str]]: ...
    async def save_final(self, ranking: SchemeRanked | CompositeRanked) -> None: ...
    async def scheme_finals(self, scheme: str, periods: Collection[str]) -> list[SchemeRanked]: ...
    async def composite_finals(self, periods: Collection[str]) -> list[CompositeRanked]: ...


class SilenceStore(Protocol):
    async def active(self, now: datetime) -> list[Silence]: ...
    async def add(self, silence: Silence, key_id: str) -> None: ...
    async def all(self) -> list[Silence]: ...
    async def remove(self, silence_id: str) -> bool: ...
    async def expire(self, silence_id: str, now: datetime, by: str) -> Silence | None:
        """End the silence at `now` (kept, inactive); None when there is none of that id."""
        ...


class Catalog(Protocol):
    """The scheme catalogue as the service's catalogue view holds it."""

    @property
    def schemes(self) -> dict[str, Scheme]: ...
    def get(self, scheme_id: str) -> Scheme | None: ...
    def graded(self) -> list[Scheme]: ...


class Publisher(Protocol):
    async def publish_many(self, items: Sequence[tuple[str, str, OutgoingEvent]]) -> None: ...


class PublishedLog(Protocol):
    async def event_ids(self, since: datetime) -> set[str]:
        """CloudEvents ids on `alerts.rank-change` published at or after `since`."""
        ...


class Barrier(Protocol):
    async def wait(self) -> None:
        """Return once `scores.updated` is stored up to where it stood when called."""
        ...


@dataclass(frozen=True)
class Stores:
    alerts: AlertStore
    read: ReadModels
    silences: SilenceStore
