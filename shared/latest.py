"""`latest` in place of a period: the most recent period for which there is something to show.

Every read API and CLI command that takes a period takes `latest` too; each resolves it
against its own data (the composite's latest period, a district's latest scores, its latest
minutes, …) and answers with the period it chose, so a newcomer need not know which months
exist. Pure: the callers look the periods up.
"""

from __future__ import annotations

from collections.abc import Iterable

from shared.periods import PERIOD_PATTERN

LATEST = "latest"
# A month as YYYY-MM (ASCII digits, as every period), or the word `latest`.
PERIOD_OR_LATEST = rf"^({LATEST}|{PERIOD_PATTERN[1:-1]})$"


def is_latest(period: str) -> bool:
    return period == LATEST


def most_recent(periods: Iterable[str]) -> str | None:
    """The last of the periods (YYYY-MM sorts as text), or None when there is none."""
    return max(periods, default=None)
