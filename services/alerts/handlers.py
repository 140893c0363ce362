"""The alert path: `scores.updated` in, alerts out. Thin: read the events, store the read
model, load what the rules need in one round, let the domain decide, store and publish."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from services.alerts.dispatch import Dispatcher
from services.alerts.domain.ledger import Ledger
from services.alerts.domain.reactions import react_to_scored
from services.alerts.ports import Catalog, ScoreKey, Stores
from shared.catalog import Scheme
from shared.events.base import Payload
from shared.events.envelope import iso, utc_now
from shared.events.scoring import SCHEME_SCORED, SchemeScored
from shared.messaging import PoisonMessage, parse_envelope
from shared.observability import ServiceMetrics
from shared.topics import SCORES_UPDATED


def read_event(record: Any, expected: Mapping[str, type[Payload]]) -> tuple[str, Payload] | None:
    """The event type and payload of a record, None for a type this consumer does not act on.

    Raises PoisonMessage (the record goes to the dead-letter topic) for a malformed one.
    """
    envelope = parse_envelope(record.value)
    model = expected.get(envelope.type)
    if model is None:
        return None
    try:
        return envelope.type, model.read(envelope.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "data"
        raise PoisonMessage(f"invalid {envelope.type}: {where}: {first['msg']}") from None


def previous_key(event: SchemeScored) -> ScoreKey | None:
    """Where the KPI scores of the previous period's final result are stored."""
    return (event.district, event.scheme, event.previous.period) if event.previous else None


@dataclass
class ScoresHandler:
    stores: Stores
    catalog: Catalog
    dispatcher: Dispatcher
    service: ServiceMetrics
    clock: Callable[[], datetime] = field(default=utc_now)

    async def __call__(self, records: Sequence[Any]) -> None:
        events = self._read(records)
        if len(events) < len(records):
            # Counted once the batch succeeded; the consumer counts the others as "ok".
            self.service.messages.labels(SCORES_UPDATED, "ignored").inc(len(records) - len(events))
        if not events:
            return
        at = self.clock()
        # A previous period's scores in this very batch are newer than the stored ones.
        in_batch = {(e.district, e.scheme, e.period): e.kpis for e, _ in events if e.status == "scored"}
        wanted = {key for event, _ in events if (key := previous_key(event)) and key not in in_batch}
        # One round trip of independent reads and the read-model write: the alert path's latency.
        _, stored_kpis, known, silences = await asyncio.gather(
            self.stores.read.save_scores([event for event, _ in events]),
            self.stores.read.kpis(wanted),
            self.stores.alerts.of_triples({(e.district, e.scheme, e.period) for e, _ in events}),
            self.stores.silences.active(at),
        )
        kpis = {**stored_kpis, **in_batch}
        ledger = Ledger(known)
        for event, scheme in events:
            key = previous_key(event)
            react_to_scored(ledger, event, scheme, kpis.get(key) if key else None, silences, iso(at))
        await self.dispatcher.settle(ledger, at, SCORES_UPDATED)

    def _read(self, records: Sequence[Any]) -> list[tuple[SchemeScored, Scheme]]:
        events: list[tuple[SchemeScored, Scheme]] = []
        for record in records:
            read = read_event(record, {SCHEME_SCORED: SchemeScored})
            event = read[1] if read else None
            if not isinstance(event, SchemeScored):
                continue
            scheme = self.catalog.get(event.scheme)
            if scheme is None:
                raise PoisonMessage(f"unknown scheme {event.scheme!r}: not in the catalogue")
            events.append((event, scheme))
        return events
