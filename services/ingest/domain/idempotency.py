"""When a submission id arrives again: a duplicate, a conflict, or a retry to publish again.

The ingest service records each submission id with the hash of its content before it
publishes (status `pending`) and marks it `accepted` once the broker has acknowledged it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from shared.events.ingest import ProgressSubmitted

PENDING = "pending"
ACCEPTED = "accepted"
Decision = Literal["publish", "duplicate", "conflict"]


@dataclass(frozen=True)
class Prior:
    """What the ingest record says about a submission id received before."""

    content_hash: str
    status: str
    received_at: datetime


def content_hash(submission: ProgressSubmitted) -> str:
    """SHA-256 of the submission's canonical JSON: the same figures sent as CSV or as JSON,
    with `26466` or `26466.0`, hash the same."""
    canonical = json.dumps(submission.model_dump(mode="json"), sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def decide(digest: str, prior: Prior | None) -> Decision:
    """What to do with a submission whose content hashes to `digest`.

    A pending record with the same content is an attempt whose acknowledgement never reached
    us (a timeout or a crash): publishing it again is harmless, because scoring keeps one
    submission per id and the event id is derived from id and content.
    """
    if prior is None:
        return "publish"
    if prior.content_hash != digest:
        return "conflict"
    return "duplicate" if prior.status == ACCEPTED else "publish"
