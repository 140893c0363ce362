"""A directive of a review meeting followed until it is complied with (अनुपालन आख्या): the
stored record and the payload of `directive.updated.v1` (topic `directives.events`, keyed by
district), published by reports at every change so that alerts can raise `directive_overdue`
and the console can show it.

`status` and `version` are derived, so they cannot disagree with the notes: the status is the
latest note's, and the version is 1 + the misses + the notes (every change adds one), so a
consumer keeps the highest version, and the CloudEvents id derived from (directive id,
version) repeats for a repeat. Read stored records with `Directive.read` (which ignores them).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, Field, computed_field

from shared.catalog import Names
from shared.events.base import Payload
from shared.events.envelope import derived_id
from shared.events.ingest import PERIOD, SLUG

DIRECTIVE_UPDATED = "directive.updated.v1"
DirectiveStatus = Literal["open", "partly", "complied", "not_complied"]
ReportedStatus = Literal["partly", "complied", "not_complied"]
ItemKind = Literal["scheme", "work", "general"]
CLOSED: frozenset[str] = frozenset({"complied"})


class DirectiveItem(Payload):
    """What a directive is about: a scheme, a construction work, or the meeting in general."""

    kind: ItemKind
    ref: str = Field(min_length=1, max_length=120,
                     description="the scheme id, the work id, or a key for a general directive")
    item_id: str = Field(min_length=1, max_length=200, description="the item's id in the minutes")


class ComplianceNote(Payload):
    """A compliance report on a directive: what was done, who said so, and when."""

    status: ReportedStatus = Field(description="the status it reports")
    text: str = Field(min_length=1, max_length=2000)
    by: str = Field(min_length=1, max_length=200, description="the user or key that recorded it")
    at: AwareDatetime


class Directive(Payload):
    """A tracked directive (`directive.updated.v1` data)."""

    directive_id: str = Field(description="<district>:<period>:<item kind>:<item ref>")
    district: str = Field(pattern=SLUG)
    period: str = Field(pattern=PERIOD, description="the period whose minutes gave it")
    item: DirectiveItem
    text: str = Field(min_length=1, max_length=4000)
    officer: Names = Field(description="who must act (कार्यवाही), by designation")
    department: str | None = Field(default=None, pattern=SLUG)
    given_on: date = Field(description="the meeting that gave it")
    first_due: date = Field(description="the due date it was given with")
    due: date = Field(description="the current due date: the next meeting once carried forward")
    misses: int = Field(default=0, ge=0, description="due dates passed without compliance")
    notes: tuple[ComplianceNote, ...] = Field(default=(), description="compliance notes, oldest first")

    @computed_field(description="the latest note's status; open before any")  # type: ignore[prop-decorator]
    @property
    def status(self) -> DirectiveStatus:
        return self.notes[-1].status if self.notes else "open"

    @computed_field(description="1 + misses + notes: grows with every change")  # type: ignore[prop-decorator]
    @property
    def version(self) -> int:
        return 1 + self.misses + len(self.notes)

    @property
    def closed(self) -> bool:
        return self.status in CLOSED


def event_id(directive: Directive) -> str:
    """The CloudEvents id of a directive's `directive.updated.v1` at its version."""
    return derived_id(DIRECTIVE_UPDATED, directive.directive_id, directive.version)


def overdue_state(directive: Directive, miss: int | None = None) -> str:
    """The to-state of the `directive_overdue` alert for a directive's `miss`-th missed due date
    (default: its latest): `<item kind>:<item ref>:<miss>`, so each miss is alerted once."""
    return f"{directive.item.kind}:{directive.item.ref}:{directive.misses if miss is None else miss}"
