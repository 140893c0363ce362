"""Who may change what in the alerts service: one rule, judged by the alerts API for a key and
for the person a console acts for (`decide` combines the two), and by the console before it
offers a form.

- acknowledge an alert: keys `admin` and `viewer` (the Command Centre's systems, as they always
  could: a key's acknowledgement is recorded under its own id), and `district` for its
  district's alerts; people `state`, `admin`, `district` for its district's and `department`
  for its departments';
- silences (create, expire, remove): `admin` keys and people.

`submitter` keys submit figures and change nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from shared.authority import ALLOW, Decision, Subject, refuse

Action = Literal["acknowledge", "silence"]
ACTIONS: tuple[Action, ...] = ("acknowledge", "silence")


@dataclass(frozen=True)
class AlertScope:
    """What of an alert its acknowledgement is judged by (None: judged before one is chosen)."""

    district: str
    department: str | None = None


def may(subject: Subject, action: Action, alert: AlertScope | None = None) -> Decision:
    """Whether `subject` may take `action` (on `alert`, for an acknowledgement).

    Without `alert`, whether the subject may acknowledge any alert at all: a bulk
    acknowledgement is refused outright to those who may not, and narrowed to the alerts in
    scope for the others."""
    if subject.role == "admin":
        return ALLOW
    if action == "silence":
        return refuse("only admin manages silences")
    if subject.is_("person", "state") or subject.is_("key", "viewer"):
        return ALLOW
    if subject.role == "district" and (alert is None or alert.district == subject.district):
        return ALLOW
    if subject.is_("person", "department") and (alert is None or alert.department in subject.departments):
        return ALLOW
    if subject.role == "district":
        return refuse(f"acknowledges only the alerts of {subject.district}")
    if subject.is_("person", "department"):
        return refuse(f"acknowledges only the alerts of {', '.join(sorted(subject.departments))}")
    return refuse(f"a {subject.role} {subject.kind} acknowledges nothing; it reads")
