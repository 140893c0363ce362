"""The events scoring publishes, with ids derived from what caused them (so that whatever is
published again after a crash carries the same CloudEvents id, and consumers drop repeats).

Payloads are plain dicts shaped exactly as the contract's models (`shared.events.scoring`,
`shared.events.ingest`; unit tests hold them to it) and are encoded once, straight to bytes:
building a pydantic model per event costs more than the rest of scoring it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from services.scoring.internal_events import PERIOD_CLOSED, PERIOD_MARKS
from shared import fastjson
from shared.events.envelope import derived_id, iso
from shared.events.ingest import PROGRESS_REJECTED
from shared.events.scoring import COMPOSITE_RANKED, SCHEME_RANKED, SCHEME_SCORED
from shared.topics import COMPOSITE_KEY, RANKS_UPDATED, SCORES_BY_PERIOD, SCORES_UPDATED
from shared.topics import PROGRESS_REJECTED as REJECTED_TOPIC

SOURCE = "anushravan/scoring"
Outgoing = tuple[str, str, bytes]  # topic, key, CloudEvent bytes


def _json(value: Any) -> bytes:
    return fastjson.dumps(value)


_second: list[Any] = [None, ""]


def now_iso() -> str:
    """The current time to the second, formatted once per second (thousands of events share it)."""
    second = int(time.time())
    if second != _second[0]:
        _second[:] = [second, iso(datetime.fromtimestamp(second, UTC))]
    return str(_second[1])


def envelope(type_: str, id_: str, data: dict[str, Any] | bytes) -> bytes:
    """A CloudEvents 1.0 structured-mode message (`data` as a dict, or already as JSON bytes).

    The attributes are a uuid, our own constants and a timestamp: nothing to escape.
    """
    body = data if isinstance(data, bytes) else _json(data)
    head = (f'{{"specversion":"1.0","id":"{id_}","type":"{type_}","source":"{SOURCE}","time":"{now_iso()}",'
            f'"datacontenttype":"application/json","data":')
    return b"%s%s}" % (head.encode(), body)


def digest(text: bytes) -> str:
    """What identifies a content: its JSON text (our payloads are built in a fixed key order)."""
    return hashlib.sha256(text).hexdigest()[:32]


def scored(data: dict[str, Any], cause: Sequence[object]) -> Outgoing:
    """`scheme.scored.v1` keyed by district; `cause` names what changed the score besides the submission."""
    id_ = derived_id(SCHEME_SCORED, data["scheme"], data["district"], data["period"], data["submission_id"],
                     data["status"], data["marks"], data["grade"], *cause)
    return SCORES_UPDATED, data["district"], envelope(SCHEME_SCORED, id_, data)


def rejected(data: dict[str, Any], position: str) -> Outgoing:
    """`progress.rejected.v1` keyed by scheme (empty when unknown); caused by a record's position."""
    id_ = derived_id(PROGRESS_REJECTED, position)
    return REJECTED_TOPIC, data["scheme"] or "", envelope(PROGRESS_REJECTED, id_, data)


def scheme_ranked(data: dict[str, Any]) -> Outgoing:
    """Live rankings are identified by their content, the final one by scheme and period."""
    body = _json(data)
    id_ = derived_id(SCHEME_RANKED, data["scheme"], data["period"], "final" if data["final"] else digest(body))
    return RANKS_UPDATED, data["scheme"], envelope(SCHEME_RANKED, id_, body)


def composite_ranked(data: dict[str, Any]) -> Outgoing:
    body = _json(data)
    id_ = derived_id(COMPOSITE_RANKED, data["period"], "final" if data["final"] else digest(body))
    return RANKS_UPDATED, COMPOSITE_KEY, envelope(COMPOSITE_RANKED, id_, body)


def period_marks(period: str, marks: Sequence[dict[str, Any]]) -> Outgoing:
    body = _json({"period": period, "marks": list(marks)})
    return SCORES_BY_PERIOD, period, envelope(PERIOD_MARKS, derived_id(PERIOD_MARKS, digest(body)), body)


def period_closed(period: str) -> Outgoing:
    return SCORES_BY_PERIOD, period, envelope(PERIOD_CLOSED, derived_id(PERIOD_CLOSED, period), {"period": period})
