"""Events produced by the reports service on `minutes.published`."""

from __future__ import annotations

from typing import Literal

from shared.events.base import Payload, Period

MINUTES_UPDATED = "minutes.updated.v1"


class MinutesUpdated(Payload):
    district: str
    period: Period
    version: int
    status: Literal["draft", "final"]
