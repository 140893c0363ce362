"""Base classes for event payloads: strict when we emit them, tolerant when we read them."""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field

from shared.periods import PERIOD_PATTERN

# Every period of every event: YYYY-MM in ASCII digits (shared/periods.py is the one parser).
Period = Annotated[str, Field(pattern=PERIOD_PATTERN, description="YYYY-MM")]


class Payload(BaseModel):
    """Emitted payloads forbid unknown fields so that we never send what the contract lacks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def read(cls, data: Any) -> Self:
        """Parse a payload we receive: unknown fields are ignored (forward compatibility)."""
        if isinstance(data, dict):
            known = {k: v for k, v in data.items() if k in cls.model_fields}
            return cls.model_validate(known)
        return cls.model_validate(data)
