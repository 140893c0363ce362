"""The opening section of the next month's minutes: "गत बैठक में दिये गये निर्देशों का
अनुपालन" / "Compliance with the directives of the last meeting" — each directive with its
status and latest note, and who is behind.

The minutes of a period take up every directive given at the last meeting, and every earlier
one still not complied with when the last meeting ended: a directive not complied with is
carried forward from meeting to meeting until it is, and `times` counts the meetings that have
taken it up ("दूसरी बार" from the second on). The section is data; the templates word it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from services.reports.domain.directives.carry import roll
from services.reports.domain.directives.league import officer_key, tallies
from shared.calendar.rules import meeting_date
from shared.calendar.zone import day_ends
from shared.events.directives import Directive, DirectiveStatus
from shared.numbers import nth_time
from shared.periods import parse_period, previous_period

# Worst first: what the meeting must press on comes first.
STATUS_ORDER: tuple[DirectiveStatus, ...] = ("not_complied", "open", "partly", "complied")


def months_between(earlier: str, later: str) -> int:
    (y1, m1), (y2, m2) = parse_period(earlier), parse_period(later)
    return (y2 - y1) * 12 + (m2 - m1)


def taken_up(directive: Directive, period: str, meeting_day: int) -> bool:
    """Whether the minutes of `period` take the directive up: given at the last meeting, or
    earlier and not complied with by the end of the last meeting."""
    last = previous_period(period)
    if directive.period >= period:
        return False
    if directive.period == last or not directive.closed:
        return True
    return directive.notes[-1].at >= day_ends(meeting_date(last, meeting_day))


def compliance_section(directives: Iterable[Directive], period: str, now: datetime,
                       meeting_day: int) -> dict[str, Any]:
    """The section's data from all of the district's directives, at `now` (for what is overdue).

    `officers` counts every directive of each officer named in the section (misses ever, overdue
    now), not only those taken up this month."""
    every = [roll(d, now, meeting_day) for d in directives]
    listed = [d for d in every if taken_up(d, period, meeting_day)]
    listed.sort(key=lambda d: (STATUS_ORDER.index(d.status), -months_between(d.period, period),
                               d.officer.en, d.directive_id))
    named = {officer_key(d) for d in listed}
    return {
        "last_meeting": meeting_date(previous_period(period), meeting_day).isoformat(),
        "entries": [_entry(d, period) for d in listed],
        "counts": {status: sum(1 for d in listed if d.status == status) for status in STATUS_ORDER},
        "officers": [{"officer": t.officer.model_dump() if t.officer else None, "department": t.department,
                      "misses": t.misses, "overdue": t.overdue}
                     for t in tallies(every, officer_key, now, meeting_day) if t.key in named],
    }


def _entry(d: Directive, period: str) -> dict[str, Any]:
    times = months_between(d.period, period)
    note = d.notes[-1] if d.notes else None
    return {
        "directive_id": d.directive_id, "period": d.period, "item": d.item.model_dump(), "text": d.text,
        "officer": d.officer.model_dump(), "department": d.department, "given_on": d.given_on.isoformat(),
        "first_due": d.first_due.isoformat(), "due": d.due.isoformat(), "status": d.status,
        "note": note.model_dump(mode="json") if note else None,
        "overdue": not d.closed and d.misses > 0, "misses": d.misses, "times": times,
        "times_text": {"hi": nth_time(times, "hi"), "en": nth_time(times, "en")} if times > 1 else None,
        "carried_forward": not d.closed,
    }
