"""Assembling the draft minutes (कार्यवृत्त) of a district's monthly review meeting.

The document mirrors the real minutes (DESIGN.md §3 "Minutes"): header, summary, one
numbered section per department with schemes in grade B, C or D (worst first), general
instructions and the signature with its copy list. The service layer adds `version` and
may change `status`; everything else is decided here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from services.reports.domain.boilerplate import DEFAULT_INSTRUCTIONS, DEFAULT_SIGNATURE, SOURCE
from services.reports.domain.driver import find_driver
from services.reports.domain.figures import describe
from services.reports.domain.inputs import MinutesInput, PriorItem, SchemeStanding
from services.reports.domain.language import language_of
from services.reports.domain.meeting_record import meeting, section_attendance
from services.reports.domain.summary import (
    SEVERITY,
    group_by_department,
    needs_review,
    summarise,
    worst,
)
from shared.catalog import Names
from shared.numbers import date_text, month_name
from shared.periods import financial_year


def assemble(inp: MinutesInput) -> dict[str, Any]:
    """The draft minutes of one district and period, as a JSON-ready dict (CONTRACT §3)."""
    parts = sections(inp)
    return {
        "district": inp.district.id,
        "period": inp.period,
        "status": "draft",
        "header": header(inp),
        "summary": summarise(inp),
        "sections": parts,
        **({"general_directives": general} if (general := general_directives(inp)) else {}),
        "instructions": [n.model_dump() for n in _instructions(inp)],
        "signature": signature(inp),
        "meeting": meeting(inp.record, [s.scheme for s in inp.standings], {s["department"] for s in parts}),
    }


def item_id(period: str, scheme: str) -> str:
    """The stable id of a scheme's item in a period's minutes; directives are keyed by it."""
    return f"{period}:{scheme}"


# The meeting's general directives (the paragraphs the real minutes give all officers before
# the standing instructions): `<period>:general:<n>`, n from 1 to MAX_GENERAL.
MAX_GENERAL = 20
_GENERAL = re.compile(r"^(\d{4}-\d{2}):general:([1-9]\d?)$")


def general_id(period: str, n: int) -> str:
    return f"{period}:general:{n}"


def general_number(period: str, key: str) -> int | None:
    """n of a general directive's id of `period` (1 to MAX_GENERAL), else None."""
    found = _GENERAL.match(key)
    if found is None or found.group(1) != period or not 1 <= int(found.group(2)) <= MAX_GENERAL:
        return None
    return int(found.group(2))


def general_directives(inp: MinutesInput) -> list[dict[str, Any]]:
    """The meeting's general directives in their order; an empty text is none. Each is tracked
    to compliance like an item's (domain/directives/creation.py reads `key` and `text`)."""
    found = [(n, key, text.strip()) for key, text in inp.directives.items()
             if (n := general_number(inp.period, key)) is not None and text.strip()]
    return [{"key": n, "item_id": key, "text": text, "lang": language_of(text)} for n, key, text in sorted(found)]


def header(inp: MinutesInput) -> dict[str, Any]:
    """District, period, meeting date and source, with the texts both languages print."""
    return {
        "district": {"id": inp.district.id, "name": inp.district.name.model_dump()},
        "period": inp.period,
        "month": {"hi": month_name(inp.period, "hi"), "en": month_name(inp.period, "en")},
        "financial_year": financial_year(inp.period),
        "meeting_date": inp.meeting_date.isoformat(),
        "meeting_date_text": {"hi": date_text(inp.meeting_date, "hi"),
                              "en": date_text(inp.meeting_date, "en")},
        "source": SOURCE.model_dump(),
    }


def sections(inp: MinutesInput) -> list[dict[str, Any]]:
    """One numbered section per department with B/C/D schemes.

    Departments go by their worst grade, then by how many B/C/D schemes they hold, then by
    id; items within a section by worst grade, then by the lowest rank (largest number).
    """
    groups = group_by_department(s for s in inp.standings if needs_review(s))
    ordered = sorted(groups.items(), key=lambda kv: (-worst(kv[1]), -len(kv[1]), kv[0]))
    priors = {p.scheme: p for p in inp.prior_items}
    return [
        {
            "number": number,
            "department": dept,
            "name": members[0].scheme.department.name.model_dump(),
            "attendance": section_attendance(inp.record, dept, [s.scheme for s in inp.standings]),
            "items": [_item(s, inp, priors.get(s.scheme.id)) for s in sorted(members, key=_item_order)],
        }
        for number, (dept, members) in enumerate(ordered, start=1)
    ]


def _item_order(standing: SchemeStanding) -> tuple[int, int, str]:
    return (-SEVERITY.get(standing.grade or "", -1), -(standing.rank or 0), standing.scheme.id)


def _item(standing: SchemeStanding, inp: MinutesInput, prior: PriorItem | None) -> dict[str, Any]:
    scheme = standing.scheme
    key = item_id(inp.period, scheme.id)
    directive = _directive(inp.directives, key)
    carried = prior.directive if prior and not prior.resolved else None
    return {
        "item_id": key,
        "scheme": scheme.id,
        "name": scheme.name.model_dump(),
        "department": scheme.department.id,
        "grade": standing.grade,
        "previous_grade": standing.previous_grade,
        "rank": standing.rank,
        "previous_rank": standing.previous_rank,
        "of": standing.of,
        "previous_of": standing.previous_of,
        "marks": standing.marks,
        "previous_marks": standing.previous_marks,
        "figures": dict(standing.figures),
        "facts": [f.as_dict() for f in describe(scheme, standing.figures)],
        "driver": find_driver(standing, inp.alerts),
        "alerts": sorted(a.alert_id for a in inp.alerts if a.scheme == scheme.id),
        # Consecutive meetings: the previous period's final minutes carried it, so one more.
        "meetings": prior.meetings + 1 if prior else 1,
        "directive": directive,
        # The language a directive was typed in: the other language's minutes mark it as such.
        "directive_lang": language_of(directive),
        "previous_directive": carried,
        "previous_directive_lang": language_of(carried),
        "officer": scheme.officer.model_dump(),
    }


def _directive(directives: Mapping[str, str], key: str) -> str | None:
    text = directives.get(key, "").strip()
    return text or None


def _instructions(inp: MinutesInput) -> tuple[Names, ...]:
    return DEFAULT_INSTRUCTIONS if inp.instructions is None else inp.instructions


def signature(inp: MinutesInput) -> dict[str, Any]:
    """Who signs, for which district, and the copy list with the district's name filled in."""
    sig = inp.signature or DEFAULT_SIGNATURE
    name = inp.district.name
    return {
        "designation": sig.designation.model_dump(),
        "district": name.model_dump(),
        "copy_to": [
            {"hi": c.hi.replace("{district}", name.hi), "en": c.en.replace("{district}", name.en)}
            for c in sig.copy_to
        ],
    }
