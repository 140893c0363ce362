"""Reading consumed Kafka records: the CloudEvents envelope, with precise reasons when unreadable."""

from __future__ import annotations

from dataclasses import field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from shared import fastjson
from shared.events.envelope import CloudEvent, iso
from shared.events.ingest import Reason
from shared.value import value_object


@value_object
class Reading:
    """One record as read: its event, or the reasons it cannot be read."""

    topic: str
    partition: int
    offset: int
    raw: bytes
    event: CloudEvent | None = None
    submitted_at: str = ""
    problems: list[Reason] = field(default_factory=list)

    @property
    def position(self) -> str:
        return f"{self.topic}/{self.partition}/{self.offset}"

    @property
    def data(self) -> Any:
        return self.event.data if self.event is not None else None


def _broker_time(record: Any) -> datetime:
    ms = getattr(record, "timestamp", None)
    if isinstance(ms, int) and ms > 0:
        return datetime.fromtimestamp(ms / 1000, UTC)
    return datetime(1970, 1, 1, tzinfo=UTC)


def _submitted_at(event: CloudEvent, record: Any) -> str:
    # The event's time orders revisions; without one, the broker's timestamp stands in. A time
    # without an offset is UTC, never the local time of whichever machine reads it.
    moment = event.time or _broker_time(record)
    return iso(moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC))


def read(record: Any, *expected_types: str) -> Reading:
    """The record's event if it is a readable event of one of `expected_types`, else why not."""
    raw: bytes = record.value or b""
    base = {"topic": record.topic, "partition": record.partition, "offset": record.offset, "raw": raw}
    try:
        doc = fastjson.loads(raw)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError, a 4,301-digit integer
        return Reading(**base, problems=[Reason(field="", code="malformed_json", message=f"not JSON: {exc}")])
    if not isinstance(doc, dict):
        return Reading(**base, problems=[_envelope("", "expected a CloudEvents JSON object")])
    try:
        event = CloudEvent.model_validate(doc)
    except ValidationError as exc:
        return Reading(**base, problems=[_envelope(".".join(str(p) for p in e["loc"]), e["msg"])
                                         for e in exc.errors()])
    if event.type not in expected_types:
        expected = " or ".join(repr(t) for t in expected_types)
        return Reading(**base, problems=[_envelope("type", f"expected {expected}, got {event.type!r}")])
    try:
        submitted_at = _submitted_at(event, record)
    except (OverflowError, ValueError) as exc:
        return Reading(**base, problems=[_envelope("time", f"not a usable time: {exc}")])
    return Reading(**base, event=event, submitted_at=submitted_at)


def _envelope(where: str, message: str) -> Reason:
    return Reason(field=where, code="invalid_envelope", message=message)
