"""The lines of a batch, as read from the body before each is examined."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shared.events.ingest import Reason

MAX_LINE_TEXT = 64 * 1024


@dataclass(frozen=True)
class Line:
    """One submission of a batch: where it is (1-based line number in the body), what it
    says, or why it cannot be read."""

    number: int
    raw: dict[str, Any] | None
    text: str
    reasons: tuple[Reason, ...] = ()


class UnreadableBatch(Exception):
    """A body that cannot be read line by line at all (e.g. a CSV without its header)."""

    def __init__(self, reasons: list[Reason]) -> None:
        super().__init__("; ".join(r.message for r in reasons))
        self.reasons = reasons


class TooManyLines(Exception):
    """More submissions than one batch may carry."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"a batch carries at most {limit} submissions")
        self.limit = limit


def unreadable(number: int, text: str, field: str, code: str, message: str) -> Line:
    return Line(number, None, text[:MAX_LINE_TEXT], (Reason(field=field, code=code, message=message),))
