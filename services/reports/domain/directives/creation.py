"""Directives become tracked actions when the minutes that gave them are finalised.

A directive's id is derived from the district, the period and the item, so finalising twice
(or a replay) creates nothing new: `new_directives` keeps only ids not stored yet, and a stored
directive keeps its notes. The officer is the one the item names (the catalogue's, for a
scheme); the due date is the next meeting unless one is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.reports.domain.boilerplate import GENERAL_OFFICER
from shared.calendar.rules import meeting_date
from shared.catalog import Names
from shared.events.directives import Directive, DirectiveItem
from shared.periods import next_period


@dataclass(frozen=True)
class GivenDirective:
    """A directive as the meeting gave it; `due` None means the next meeting."""

    item: DirectiveItem
    text: str
    officer: Names
    department: str | None = None
    due: date | None = None


def directive_id(district: str, period: str, item: DirectiveItem) -> str:
    """`<district>:<period>:<item kind>:<item ref>`, e.g. `kanpur-nagar:2026-03:scheme:jsy`."""
    return f"{district}:{period}:{item.kind}:{item.ref}"


def create(district: str, period: str, given: Iterable[GivenDirective], given_on: date,
           meeting_day: int) -> list[Directive]:
    """The tracked directives of a meeting held on `given_on` for `period`; ValueError for a due
    date before the meeting."""
    next_meeting = meeting_date(next_period(period), meeting_day)
    directives = []
    for g in given:
        due = g.due or next_meeting
        if due < given_on:
            raise ValueError(f"directive on {g.item.item_id}: due {due.isoformat()} is before the meeting "
                             f"of {given_on.isoformat()}")
        directives.append(Directive(
            directive_id=directive_id(district, period, g.item), district=district, period=period,
            item=g.item, text=g.text, officer=g.officer, department=g.department,
            given_on=given_on, first_due=due, due=due))
    return directives


def given_in_minutes(minutes: Mapping[str, Any]) -> list[GivenDirective]:
    """Every directive typed into the minutes: items of the sections with a directive (a scheme
    item, or a work item where it names a `work`), then `general_directives`
    (`[{"key", "text", "officer"?}]`), whose officer defaults to all heads of office."""
    given = []
    for section in minutes.get("sections", []):
        for item in section.get("items", []):
            text = (item.get("directive") or "").strip()
            if text:
                kind, ref = ("work", item["work"]) if item.get("work") else ("scheme", item["scheme"])
                given.append(GivenDirective(
                    DirectiveItem(kind=kind, ref=ref, item_id=item["item_id"]), text,
                    Names.model_validate(item["officer"]), item.get("department") or section.get("department")))
    for general in minutes.get("general_directives", []):
        text = (general.get("text") or "").strip()
        if text:
            key = str(general["key"])
            officer = Names.model_validate(general["officer"]) if general.get("officer") else GENERAL_OFFICER
            item = DirectiveItem(kind="general", ref=key, item_id=f"{minutes['period']}:general:{key}")
            given.append(GivenDirective(item, text, officer))
    return given


def directives_of(minutes: Mapping[str, Any], meeting_day: int) -> list[Directive]:
    """The tracked directives of a final version of the minutes; ValueError for a draft (a
    draft's directives may still change)."""
    if minutes.get("status") != "final":
        raise ValueError(f"minutes of {minutes.get('district')} {minutes.get('period')} are not final; "
                         "only final minutes give tracked directives")
    period = minutes["period"]
    held = (minutes.get("header") or {}).get("meeting_date")
    given_on = date.fromisoformat(held) if held else meeting_date(period, meeting_day)
    return create(minutes["district"], period, given_in_minutes(minutes), given_on, meeting_day)


def new_directives(stored_ids: Set[str], created: Iterable[Directive]) -> list[Directive]:
    """The created directives not stored yet; stored ones are left as they are (with their notes)."""
    return [d for d in created if d.directive_id not in stored_ids]
