"""Events of the operator CLI or scheduler on `periods.events`."""

from __future__ import annotations

from pydantic import Field

from shared.events.base import Payload
from shared.events.ingest import PERIOD

DEADLINE_PASSED = "period.deadline_passed.v1"
FROZEN = "period.frozen.v1"


class PeriodEvent(Payload):
    period: str = Field(pattern=PERIOD)
