"""The role table of the README, generated from the rules themselves (pure): every key role and
every person role × every mutating action, each cell what the rule answers for a principal
bound to district D (or department P) acting on D's (P's) things and on another's. A test holds
the README's copy equal to `role_table()`, and the role matrix test calls the real services
with every row and checks each cell."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from shared.authority import KEY_ROLES, PERSON_ROLES, Decision, Subject
from shared.authority import alerts as alert_rules
from shared.authority import figures as figure_rules
from shared.authority import minutes as minute_rules

OWN_DISTRICT, OTHER_DISTRICT = "kanpur-nagar", "agra"
OWN_DEPARTMENT, OTHER_DEPARTMENT = "social-welfare", "medical-health"

# An action on a target: whose (own or other) it is decides for scoped principals.
Judge = Callable[[Subject, bool], Decision]


@dataclass(frozen=True)
class Column:
    key: str  # a stable name, used by the matrix test
    heading: str
    judge: Judge


def _alert(own: bool) -> alert_rules.AlertScope:
    # An alert of the principal's own district *and* department, or of neither.
    return (alert_rules.AlertScope(OWN_DISTRICT, OWN_DEPARTMENT) if own
            else alert_rules.AlertScope(OTHER_DISTRICT, OTHER_DEPARTMENT))


def _minutes(action: minute_rules.Action) -> Judge:
    return lambda s, own: minute_rules.may(s, action, OWN_DISTRICT if own else OTHER_DISTRICT)


COLUMNS = (
    Column("submit", "submit figures (ingest)",
           lambda s, own: figure_rules.may(s, OWN_DEPARTMENT if own else OTHER_DEPARTMENT)),
    Column("acknowledge", "acknowledge an alert (one, or in bulk)",
           lambda s, own: alert_rules.may(s, "acknowledge", _alert(own))),
    Column("silence", "silences: create, expire, remove", lambda s, own: alert_rules.may(s, "silence")),
    Column("directives", "minutes: directives", _minutes("directives")),
    Column("meeting", "minutes: meeting record", _minutes("meeting")),
    Column("finalize", "minutes: finalise", _minutes("finalize")),
)


def subjects() -> list[Subject]:
    """One principal of every role, bound to the own district or department where it is bound."""
    out = []
    for kind, roles in (("key", KEY_ROLES), ("person", PERSON_ROLES)):
        for role in roles:
            district = OWN_DISTRICT if role == "district" else None
            departments = frozenset({OWN_DEPARTMENT}) if role in ("submitter", "department") else frozenset()
            out.append(Subject(kind, f"{role}-{kind}", role, district, departments))  # type: ignore[arg-type]
    return out


def cell(column: Column, subject: Subject) -> str:
    """`yes`, `no`, or the part of the state the principal is bound to."""
    own, other = column.judge(subject, True).allowed, column.judge(subject, False).allowed
    if own and other:
        return "yes"
    if not own:
        return "no"
    return "its district's" if subject.role == "district" else "its departments'"


def role_table() -> str:
    """The Markdown table (one row per key role and person role)."""
    lines = ["| who | " + " | ".join(c.heading for c in COLUMNS) + " |",
             "|---|" + "---|" * len(COLUMNS)]
    for subject in subjects():
        who = f"key `{subject.role}`" if subject.kind == "key" else f"person `{subject.role}` (console)"
        lines.append(f"| {who} | " + " | ".join(cell(c, subject) for c in COLUMNS) + " |")
    return "\n".join(lines) + "\n"
