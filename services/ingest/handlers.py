"""The ingest service's one consumer: frozen periods, so that it refuses submissions for
them (409) before they reach scoring."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from services.ingest.repository import FrozenPeriods
from shared.events.envelope import utc_now
from shared.events.periods import FROZEN, PeriodEvent
from shared.messaging import PoisonMessage, parse_envelope

log = logging.getLogger("anushravan.ingest.handlers")
GROUP = "ingest"


def frozen_periods_handler(frozen: FrozenPeriods) -> Any:
    async def handle(records: Sequence[Any]) -> None:
        periods = [p for p in (frozen_period(r.value) for r in records) if p is not None]
        if periods:
            await frozen.freeze(periods, utc_now())

    return handle


def frozen_period(value: bytes | None) -> str | None:
    """The period a `period.frozen.v1` record freezes; None for other period events.
    Raises PoisonMessage (the record is dead-lettered) for what cannot be read."""
    event = parse_envelope(value)
    if event.type != FROZEN:
        return None
    try:
        return PeriodEvent.read(event.data).period
    except ValidationError as exc:
        raise PoisonMessage(f"invalid {FROZEN}: {exc.errors()[0]['msg']}") from None
