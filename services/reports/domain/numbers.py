"""How the minutes write numbers, months, ranks and financial years, in Hindi and English.

Babel gives Indian digit grouping; month names are our own table because Babel's Hindi
spells them the way newspapers do ("नवंबर"), while the district's minutes use the office
spelling ("नवम्बर").
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from babel.numbers import format_decimal

Lang = Literal["hi", "en"]

MONTHS: dict[Lang, tuple[str, ...]] = {
    "hi": ("जनवरी", "फरवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितम्बर",
           "अक्टूबर", "नवम्बर", "दिसम्बर"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
FIRST_MONTH_OF_FY = 4
# Feminine ordinal endings (रैंक is feminine): 1ली, 2री, 3री, 4थी, then वीं.
_HI_ORDINAL = {1: "ली", 2: "री", 3: "री", 4: "थी"}
_EN_ORDINAL = {1: "st", 2: "nd", 3: "rd"}


def indian(value: float) -> str:
    """A number with Indian digit grouping: 175796 -> "1,75,796", 92.69 -> "92.69".

    Whole floats lose their ".0" (figures arrive as floats); fractions keep up to two places.
    """
    rounded = round(float(value), 2)
    if rounded.is_integer():
        return format_decimal(int(rounded), locale="en_IN")
    return format_decimal(rounded, format="#,##,##0.##", locale="en_IN")


def parse_period(period: str) -> tuple[int, int]:
    """("2026-03") -> (2026, 3); raises ValueError for anything that is not YYYY-MM."""
    year, sep, month = period.partition("-")
    if not (sep and len(year) == 4 and len(month) == 2 and year.isdigit() and month.isdigit()):
        raise ValueError(f"period must be YYYY-MM, got {period!r}")
    if not 1 <= int(month) <= 12:
        raise ValueError(f"period month out of range: {period!r}")
    return int(year), int(month)


def month_name(period: str, lang: Lang) -> str:
    """The month of a period as the minutes write it: "मार्च, 2026" / "March 2026"."""
    year, month = parse_period(period)
    name = MONTHS[lang][month - 1]
    return f"{name}, {year}" if lang == "hi" else f"{name} {year}"


def ordinal(n: int, lang: Lang) -> str:
    """A rank as an ordinal: 45 -> "45वीं" / "45th".

    The Hindi form agrees with रैंक (feminine), as in "रैंक 59वीं".
    """
    if lang == "hi":
        return f"{n}{_HI_ORDINAL.get(n, 'वीं')}"
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{_EN_ORDINAL.get(n % 10, 'th')}"


def financial_year(period: str) -> str:
    """The financial year (April–March) a period falls in: "2026-03" -> "2025-26"."""
    start = fy_start_year(period)
    return f"{start}-{(start + 1) % 100:02d}"


def fy_start_year(period: str) -> int:
    year, month = parse_period(period)
    return year if month >= FIRST_MONTH_OF_FY else year - 1


def fy_periods(period: str) -> list[str]:
    """Every period of the financial year up to and including `period` (April first)."""
    year, month = fy_start_year(period), FIRST_MONTH_OF_FY
    periods: list[str] = []
    while True:
        current = f"{year}-{month:02d}"
        periods.append(current)
        if current == period:
            return periods
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def previous_period(period: str) -> str:
    """The month before: "2026-01" -> "2025-12"."""
    year, month = parse_period(period)
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def date_text(day: date, lang: Lang) -> str:
    """A meeting date: "16.04.2026" in Hindi (office style), "16 April 2026" in English."""
    if lang == "hi":
        return day.strftime("%d.%m.%Y")
    return f"{day.day} {MONTHS['en'][day.month - 1]} {day.year}"
