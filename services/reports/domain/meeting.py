"""When the review meeting of a period is held, for the minutes' header.

The district meets after the month's figures are in and ranked: Kanpur Nagar's minutes of
March 2026 record a meeting on 16 April 2026. So by default the meeting is on the 16th of
the month after the period; a deployment may configure another day (1–28, so that every
month has it).
"""

from __future__ import annotations

from datetime import date

from shared.periods import parse_period

DEFAULT_MEETING_DAY = 16


def meeting_date(period: str, day: int = DEFAULT_MEETING_DAY) -> date:
    """The meeting date of a period: `day` of the following month ("2026-03" -> 2026-04-16)."""
    if not 1 <= day <= 28:
        raise ValueError(f"meeting day must be between 1 and 28, got {day}")
    year, month = parse_period(period)
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return date(year, month, day)


def next_period(period: str) -> str:
    """The month after: "2025-12" -> "2026-01"."""
    year, month = parse_period(period)
    return f"{year + 1}-01" if month == 12 else f"{year}-{month + 1:02d}"
