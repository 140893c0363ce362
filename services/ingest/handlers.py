"""The ingest service's one consumer: frozen periods, so that it refuses submissions for
them (409) before they reach scoring."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from services.ingest.frozen_periods import FrozenPeriods
from shared.events.envelope import utc_now
from shared.events.periods import FROZEN, UnusablePeriod, event_period
from shared.messaging import PoisonMessage, parse_envelope
from shared.periods import PeriodWindow

log = logging.getLogger("anushravan.ingest.handlers")
GROUP = "ingest"


def frozen_periods_handler(frozen: FrozenPeriods, window: Callable[[], PeriodWindow]) -> Any:
    async def handle(records: Sequence[Any]) -> None:
        periods = [p for p in (frozen_period(r.value, window()) for r in records) if p is not None]
        if periods:
            await frozen.freeze(periods, utc_now())

    return handle


def frozen_period(value: bytes | None, window: PeriodWindow) -> str | None:
    """The period a `period.frozen.v1` record freezes; None for other period events.
    Raises PoisonMessage (the record is dead-lettered) for what cannot be read, or a period
    outside the window."""
    event = parse_envelope(value)
    if event.type != FROZEN:
        return None
    try:
        return event_period(event.data, window)
    except UnusablePeriod as exc:
        raise PoisonMessage(f"invalid {FROZEN}: {exc}") from None
