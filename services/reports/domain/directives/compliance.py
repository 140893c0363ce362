"""Recording compliance: the state machine of a directive.

    open ──► partly ──► complied (closed)
      │        ▲ │          ▲
      └──► not_complied ────┘

Every report is a note (who, when, what); the status is the latest note's. `partly` and
`not_complied` may be reported again, with news, or move to the other; `complied` closes the
directive for good. Nobody reports `open`: it is where a directive starts.

Refusals carry the HTTP status an API answers: 404 for an unknown directive, 409 for a closed
one, 422 for a bad value (naming the field).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import cast, get_args

from services.reports.domain.directives.carry import roll
from shared.calendar.zone import aware, day_starts, india_date
from shared.events.directives import ComplianceNote, Directive, ReportedStatus

REPORTED: tuple[str, ...] = get_args(ReportedStatus)
MAX_NOTE = 2000
MAX_BY = 200


class DirectiveRefused(ValueError):
    """A refused compliance report: `status` (404/409/422), `field`, `code`, `message`."""

    def __init__(self, status: int, field: str, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.field, self.code, self.message = status, field, code, message


def find(directives: Mapping[str, Directive], directive_id: str) -> Directive:
    """The directive with this id; 404 `unknown_directive` when there is none."""
    found = directives.get(directive_id)
    if found is None:
        raise DirectiveRefused(404, "directive_id", "unknown_directive", f"no directive {directive_id!r}")
    return found


def record(directive: Directive, status: str, text: str, by: str, at: datetime, meeting_day: int) -> Directive:
    """The directive with a compliance note added at `at` (misses counted up to `at` first)."""
    aware(at, "at")
    if directive.closed:
        done = directive.notes[-1]
        raise DirectiveRefused(409, "status", "closed", (
            f"directive {directive.directive_id} was complied with on {india_date(done.at).isoformat()} "
            f"(recorded by {done.by}); a closed directive stays closed"))
    _check(status, text, by)
    if at < day_starts(directive.given_on):
        raise DirectiveRefused(422, "at", "before_directive", f"{at.isoformat()} is before the meeting "
                                                              f"of {directive.given_on.isoformat()} gave it")
    rolled = roll(directive, at, meeting_day)
    note = ComplianceNote(status=cast(ReportedStatus, status), text=text.strip(), by=by.strip(), at=at)
    return rolled.model_copy(update={"notes": (*rolled.notes, note)})


def _check(status: str, text: str, by: str) -> None:
    if status not in REPORTED:
        raise DirectiveRefused(422, "status", "invalid_status", (
            f"status must be one of {', '.join(REPORTED)}, got {status!r}; "
            "a directive starts open and cannot be reported open again"))
    if not text.strip():
        raise DirectiveRefused(422, "text", "blank", "say what was done (or why not)")
    if len(text.strip()) > MAX_NOTE:
        raise DirectiveRefused(422, "text", "too_long", f"at most {MAX_NOTE} characters, got {len(text.strip())}")
    if not by.strip() or len(by.strip()) > MAX_BY:
        raise DirectiveRefused(422, "by", "invalid", f"who records it: 1 to {MAX_BY} characters")
