"""How Anushravan writes numbers, months, ranks and dates in Hindi and English: the minutes, the
booklet and the console read the same rules from here.

Babel gives Indian digit grouping; month names are our own table because Babel's Hindi
spells them the way newspapers do ("नवंबर"), while the district's minutes use the office
spelling ("नवम्बर").
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from babel.numbers import format_decimal

from shared.periods import parse_period

Lang = Literal["hi", "en"]

MONTHS: dict[Lang, tuple[str, ...]] = {
    "hi": ("जनवरी", "फरवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितम्बर",
           "अक्टूबर", "नवम्बर", "दिसम्बर"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
# Feminine ordinal endings (रैंक is feminine): 1ली, 2री, 3री, 4थी, then वीं.
_HI_ORDINAL = {1: "ली", 2: "री", 3: "री", 4: "थी"}
_EN_ORDINAL = {1: "st", 2: "nd", 3: "rd"}
# "The n-th time" in words up to ten, as the minutes escalate ("दूसरी बार"; बार is feminine).
_HI_TIMES = ("पहली", "दूसरी", "तीसरी", "चौथी", "पाँचवीं", "छठी", "सातवीं", "आठवीं", "नौवीं", "दसवीं")
_EN_TIMES = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def indian(value: float) -> str:
    """A number with Indian digit grouping: 175796 -> "1,75,796", 92.69 -> "92.69".

    Whole floats lose their ".0" (figures arrive as floats); fractions keep up to two places.
    """
    rounded = round(float(value), 2)
    if rounded.is_integer():
        return format_decimal(int(rounded), locale="en_IN")
    return format_decimal(rounded, format="#,##,##0.##", locale="en_IN")


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


def nth_time(n: int, lang: Lang) -> str:
    """How many times something has come round: 2 -> "दूसरी बार" / "second time"; from the 11th
    on in figures ("11वीं बार" / "11th time")."""
    if n < 1:
        raise ValueError(f"a count of times starts at 1, got {n}")
    words = _HI_TIMES if lang == "hi" else _EN_TIMES
    word = words[n - 1] if n <= len(words) else ordinal(n, lang)
    return f"{word} बार" if lang == "hi" else f"{word} time"



def long_date_text(day: date, lang: Lang) -> str:
    """A letter's date as the minutes write it: "23 अप्रैल, 2026" / "23 April 2026"."""
    month = MONTHS[lang][day.month - 1]
    return f"{day.day} {month}, {day.year}" if lang == "hi" else f"{day.day} {month} {day.year}"


def percent(value: float) -> str:
    """A KPI's raw value (a share) in its own terms: 0.8425 -> "84.25%", 8.4849 -> "848.49%"."""
    return f"{indian(100 * value)}%"


def date_text(day: date, lang: Lang) -> str:
    """A meeting date: "16.04.2026" in Hindi (office style), "16 April 2026" in English."""
    if lang == "hi":
        return day.strftime("%d.%m.%Y")
    return f"{day.day} {MONTHS['en'][day.month - 1]} {day.year}"


def dotted_date(day: date) -> str:
    """A date as officers write it in either language: 16.04.2026."""
    return day.strftime("%d.%m.%Y")


def marks_text(value: float | None) -> str:
    """Marks out of 10 as published, always two decimals ("9.63", "0.00"); none as an en dash."""
    return "–" if value is None else f"{float(value):.2f}"
