"""Periods (`YYYY-MM`, CONTRACT §2) and financial years (April to March), the same for every
service: which text is a period at all, which periods may be named (from the first financial
year the system holds to the current month), which month came before, which financial year a
month belongs to, and its months so far. Pure: the caller passes in any date or bound it needs.

This module is the one parser of periods: event models, HTTP paths, the CLI and the submission
rules all use it. Digits are ASCII only: Unicode digits (`٢٠٢٦`, which `int()` reads as 2026) are
no period, since no text comparison, index or file name treats them as that year.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

# For JSON schemas and OpenAPI documents; `[0-9]`, never `\d` (Unicode digits).
PERIOD_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
_PERIOD = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
FIRST_MONTH_OF_FY = 4


def is_period(text: object) -> bool:
    """Whether `text` is a well-formed period, YYYY-MM in ASCII digits."""
    return isinstance(text, str) and _PERIOD.fullmatch(text) is not None


def parse_period(period: str) -> tuple[int, int]:
    """`"2026-03"` → `(2026, 3)`; ValueError for anything that is not a month as YYYY-MM."""
    match = _PERIOD.fullmatch(period) if isinstance(period, str) else None
    if match is None:
        raise ValueError(f"period {period!r} is not a month in the form YYYY-MM")
    return int(match.group(1)), int(match.group(2))


@dataclass(frozen=True)
class PeriodWindow:
    """The periods that may be named: from April of the first financial year the system
    holds to the current month, both included."""

    first_financial_year: int
    current: str

    @property
    def earliest(self) -> str:
        return f"{self.first_financial_year:04d}-{FIRST_MONTH_OF_FY:02d}"

    def problem(self, text: object) -> tuple[str, str] | None:
        """(code, message) if `text` is not a period inside the window, else None. Codes:
        `invalid_period`, `period_before_first_year`, `period_in_future`."""
        if not is_period(text):
            return "invalid_period", "must be a month, YYYY-MM, in ASCII digits"
        assert isinstance(text, str)
        # Zero-padded YYYY-MM strings of ASCII digits order like the months they name.
        if text < self.earliest:
            return "period_before_first_year", (
                f"{text} is before {self.earliest}, the first month of the first financial year "
                f"held ({financial_year(self.earliest)})")
        if text > self.current:
            return "period_in_future", f"{text} has not begun (current period {self.current})"
        return None

    def check(self, text: object) -> str:
        """`text` if it is a period inside the window; else ValueError with the reason."""
        found = self.problem(text)
        if found is not None:
            raise ValueError(found[1])
        return str(text)


def period_of(day: date) -> str:
    """The period a day falls in: `period_of(date(2026, 3, 24)) == "2026-03"`."""
    return f"{day.year:04d}-{day.month:02d}"


@functools.lru_cache(maxsize=1024)  # asked for every scored submission
def previous_period(period: str) -> str:
    """The calendar month before: `previous_period("2026-01") == "2025-12"`."""
    year, month = parse_period(period)
    return f"{year - 1:04d}-12" if month == 1 else f"{year:04d}-{month - 1:02d}"


def fy_start_year(period: str) -> int:
    """The calendar year in whose April the period's financial year began."""
    year, month = parse_period(period)
    return year if month >= FIRST_MONTH_OF_FY else year - 1


def financial_year(period: str) -> str:
    """The financial year a period falls in: 2025-04 … 2026-03 are all `"2025-26"`."""
    start = fy_start_year(period)
    return f"{start:04d}-{(start + 1) % 100:02d}"


def fy_periods(period: str) -> list[str]:
    """Every month of the period's financial year up to and including it, April first."""
    end = parse_period(period)
    year, month = fy_start_year(period), FIRST_MONTH_OF_FY
    periods = [f"{year:04d}-{month:02d}"]
    while (year, month) != end:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        periods.append(f"{year:04d}-{month:02d}")
    return periods


def earlier_periods_of_financial_year(period: str) -> list[str]:
    """The months of the period's financial year before it, oldest first: `[]` for an April."""
    return fy_periods(period)[:-1]


def next_period(period: str) -> str:
    """The calendar month after: `next_period("2025-12") == "2026-01"`."""
    year, month = parse_period(period)
    return f"{year + 1:04d}-01" if month == 12 else f"{year:04d}-{month + 1:02d}"


def has_ended(period: str, today: date) -> bool:
    """Whether the month is over on `today`: `has_ended("2026-03", date(2026, 4, 1))` is True,
    and no day of March 2026 itself ends it. The operator CLI refuses deadlines and freezes of
    months that have not ended."""
    year, month = parse_period(period)
    return (today.year, today.month) > (year, month)
