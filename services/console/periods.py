"""Which period a page shows: the one asked for (`?period=YYYY-MM`, which must have scores),
else the latest period with scores."""

from __future__ import annotations

from dataclasses import dataclass

from services.console.reads import Reads
from services.console.web import PageError
from shared.periods import is_period


@dataclass(frozen=True)
class PeriodChoice:
    period: str | None  # None: nothing has been scored yet
    periods: tuple[str, ...]
    final: bool


async def choose_period(reads: Reads, asked: str | None) -> PeriodChoice:
    answer = await reads.periods()
    rows = answer.get("periods", [])
    known = tuple(r["period"] for r in rows)
    if asked:
        if not is_period(asked) or asked not in known:
            raise PageError(404, "unknown_period", id=asked[:40])
        period: str | None = asked
    else:
        period = answer.get("latest")
    final = any(r["period"] == period and r.get("final") for r in rows)
    return PeriodChoice(period, known, final)
