"""The CloudEvents 1.0 envelope (structured JSON mode) of every Kafka message value."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# A fixed namespace so that ids derived from causes are stable across processes and restarts.
_NAMESPACE = uuid.UUID("5f0e6a52-9a1b-4c53-8d0e-6b7f3d1a2c90")


_PREFIX = _NAMESPACE.bytes


def derived_id(*parts: object) -> str:
    """An event id derived from what caused the event: the same cause gives the same id.

    `str(uuid.uuid5(_NAMESPACE, name))` computed without building UUID objects (scoring derives
    one per event, thousands a second); tests/unit/test_envelope.py holds it to uuid5.
    """
    digest = bytearray(hashlib.sha1(_PREFIX + "\x1f".join(str(p) for p in parts).encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(ts: datetime) -> str:
    """RFC 3339 in UTC with a 'Z', as CloudEvents examples write it."""
    return ts.astimezone(UTC).isoformat().replace("+00:00", "Z")


class CloudEvent(BaseModel):
    """What we read: tolerant of unknown attributes (extensions)."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    specversion: str
    id: str = Field(min_length=1, max_length=200)
    type: str = Field(min_length=1, max_length=200)
    source: str = Field(min_length=1, max_length=500)
    time: datetime | None = None
    datacontenttype: str | None = "application/json"
    data: Any = None


class OutgoingEvent(BaseModel):
    """What we emit: strict (no extra attributes), always specversion 1.0."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    specversion: str = "1.0"
    id: str
    type: str
    source: str
    time: str
    datacontenttype: str = "application/json"
    data: Any


def make_event(
    type_: str, source: str, data: BaseModel | dict[str, Any], *, id_: str | None = None,
    time: datetime | None = None,
) -> OutgoingEvent:
    payload = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    return OutgoingEvent(
        id=id_ or str(uuid.uuid4()), type=type_, source=source,
        time=iso(time or utc_now()), data=payload,
    )


def encode(event: OutgoingEvent) -> bytes:
    return json.dumps(event.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":")).encode()
