"""Alert messages in Hindi and English, worded as a district officer would say them.

One template pair per alert type; the functions below only gather the values. Grades stay
Latin letters in Hindi too, as on the dashboard and in the minutes ("श्रेणी B से D").
"""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date

from shared.catalog import Names
from shared.events.alerts import AlertType, Bilingual, Standing
from shared.events.scoring import Grade

_TEMPLATES: dict[AlertType, tuple[str, str]] = {
    "grade_drop": (
        "{name_hi} में श्रेणी {before} से {after}{ranks_hi}",
        "{name_en}: grade {before} to {after}{ranks_en}",
    ),
    "entered_grade_d": (
        "{name_hi} में श्रेणी D, {before_hi}",
        "{name_en}: now in grade D, {before_en}",
    ),
    "recovered": (
        "{name_hi} में श्रेणी {before} से पुनः {after}{ranks_hi}",
        "{name_en}: grade back from {before} to {after}{ranks_en}",
    ),
    "rank_drop": (
        "{name_hi} में रैंक {before} से {after} ({of} में), {places} स्थान नीचे{provisional_hi}",
        "{name_en}: rank {before} to {after} of {of}, down {places} places{provisional_en}",
    ),
    "composite_rank_drop": (
        "कम्पोजिट रैंक {before} से {after} ({of} में), {places} स्थान नीचे",
        "Composite rank {before} to {after} of {of}, down {places} places",
    ),
    "implausible_data": (
        "{name_hi} के आंकड़े विश्वसनीय सीमा से बाहर (प्रविष्टि {submission}); "
        "संशोधित आंकड़े आने तक अंक व रैंक में शामिल नहीं",
        "{name_en}: figures outside plausible bounds (submission {submission}); "
        "left out of marks and ranks until corrected",
    ),
    "missed_deadline": (
        "{name_hi}: {month_hi} के आंकड़े अंतिम तिथि ({day} तारीख) तक प्राप्त नहीं हुए",
        "{name_en}: no figures for {month_en} by the deadline (the {day_en})",
    ),
    "persistent_grade_d": (
        "{name_hi} में लगातार {months} माह से श्रेणी D ({first_hi} से {last_hi})",
        "{name_en}: in grade D for {months} consecutive months ({first_en} to {last_en})",
    ),
    "bottom_ten_repeat": (
        "कम्पोजिट रैंक {rank} ({of} में): वित्तीय वर्ष {fy} में {count}वीं बार अंतिम 10 जनपदों में",
        "Composite rank {rank} of {of}: in the bottom ten for the {count_en} time in FY {fy}",
    ),
}


def _render(type_: AlertType, name: Names | None = None, **values: Any) -> Bilingual:
    hi, en = _TEMPLATES[type_]
    if name is not None:
        values |= {"name_hi": name.hi, "name_en": name.en}
    return Bilingual(hi=hi.format(**values), en=en.format(**values))


def ordinal(n: int) -> str:
    """English ordinal: 1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def month(period: str, locale: str) -> str:
    """A period as a month name: "मार्च 2026" / "March 2026"."""
    year, mon = (int(part) for part in period.split("-"))
    return format_date(date(year, mon, 1), "MMMM y", locale=locale)


def _ranks(previous: Standing | None, current: Standing, coverage_line: float = 0.9) -> dict[str, str]:
    if previous is None or previous.rank is None or current.rank is None:
        return {"ranks_hi": "", "ranks_en": ""}
    # A live rank early in the month is "of the few ranked so far" (rank 6 of 6): quoting it
    # beside last month's final rank would mislead, so it is left out until coverage is fair.
    if previous.of and (current.of or 0) < coverage_line * previous.of:
        return {"ranks_hi": "", "ranks_en": ""}
    return {
        "ranks_hi": f", रैंक {previous.rank} से {current.rank}",
        "ranks_en": f", rank {previous.rank} to {current.rank}",
    }


def grade_drop(name: Names, previous: Standing, current: Standing) -> Bilingual:
    """E.g. `SC Post-matric Scholarship: grade B to D, rank 53 to 71`."""
    ranks = _ranks(previous, current)
    return _render("grade_drop", name, before=previous.grade, after=current.grade, **ranks)


def entered_grade_d(name: Names, previous_grade: Grade | None) -> Bilingual:
    """E.g. `…: now in grade D, last month B` (or `no grade last month`)."""
    if previous_grade is None:
        before = {"before_hi": "गत माह कोई श्रेणी नहीं", "before_en": "no grade last month"}
    else:
        before = {"before_hi": f"गत माह श्रेणी {previous_grade}", "before_en": f"last month {previous_grade}"}
    return _render("entered_grade_d", name, **before)


def recovered(name: Names, previous: Standing, current: Standing) -> Bilingual:
    """E.g. `…: grade back from D to B, rank 71 to 50`."""
    ranks = _ranks(previous, current)
    return _render("recovered", name, before=previous.grade or "-", after=current.grade, **ranks)


def rank_drop(name: Names, before: int, after: int, of: int, provisional: bool) -> Bilingual:
    """E.g. `…: rank 53 to 71 of 75, down 18 places`, marked provisional before the freeze."""
    marks = {"provisional_hi": " (अनंतिम)", "provisional_en": " (provisional)"} if provisional else {
        "provisional_hi": "", "provisional_en": ""}
    return _render("rank_drop", name, before=before, after=after, of=of, places=after - before, **marks)


def composite_rank_drop(before: int, after: int, of: int) -> Bilingual:
    """E.g. `Composite rank 35 to 59 of 75, down 24 places`."""
    return _render("composite_rank_drop", before=before, after=after, of=of, places=after - before)


def implausible_data(name: Names, submission_id: str) -> Bilingual:
    """The submission is quarantined until a corrected revision arrives."""
    return _render("implausible_data", name, submission=submission_id)


def missed_deadline(name: Names, period: str, deadline_day: int) -> Bilingual:
    """No accepted figures for the period when its deadline passed."""
    return _render(
        "missed_deadline", name, month_hi=month(period, "hi"), month_en=month(period, "en"),
        day=deadline_day, day_en=ordinal(deadline_day),
    )


def persistent_grade_d(name: Names, months: int, first: str, last: str) -> Bilingual:
    """E.g. `…: in grade D for 3 consecutive months (January 2026 to March 2026)`."""
    return _render(
        "persistent_grade_d", name, months=months, first_hi=month(first, "hi"), last_hi=month(last, "hi"),
        first_en=month(first, "en"), last_en=month(last, "en"),
    )


def bottom_ten_repeat(rank: int, of: int, count: int, fy: str) -> Bilingual:
    """E.g. `Composite rank 68 of 75: in the bottom ten for the 3rd time in FY 2025-26`."""
    return _render("bottom_ten_repeat", rank=rank, of=of, count=count, count_en=ordinal(count), fy=fy)
