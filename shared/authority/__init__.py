"""Who acts, and the one rule for an action taken for a person through a key (pure).

Machines call the services with API keys; people act through the console, which calls them
with its own key marked `acts_for_users` and names the person in headers (shared/acting.py).
Each service judges its actions with one pure rule of its own (`services/*/domain/authority.py`)
applied to a `Subject` — a key, or a person — and `decide` applies it to both the key and the
person it acts for: a person never gets more through the console than the console's key itself
may do, nor more than the person may do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

KeyRole = Literal["submitter", "viewer", "admin", "district"]
PersonRole = Literal["state", "admin", "district", "department"]
KEY_ROLES: tuple[KeyRole, ...] = ("submitter", "viewer", "admin", "district")
PERSON_ROLES: tuple[PersonRole, ...] = ("state", "admin", "district", "department")
USER_ID = r"^[a-z0-9][a-z0-9._-]{0,79}$"  # a person's login name (shared/users.py)


@dataclass(frozen=True)
class Subject:
    """A key or a person as a rule sees them: the role and what it is bound to."""

    kind: Literal["key", "person"]
    id: str
    role: str  # a KeyRole for a key, a PersonRole for a person
    district: str | None = None
    departments: frozenset[str] = frozenset()

    def is_(self, kind: Literal["key", "person"], *roles: str) -> bool:
        return self.kind == kind and self.role in roles

    def describe(self) -> str:
        return f"{'key' if self.kind == 'key' else 'user'} {self.id!r} ({self.role})"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""


ALLOW = Decision(True)


def refuse(reason: str) -> Decision:
    return Decision(False, reason)


@dataclass(frozen=True)
class Actor:
    """Who takes an action: the key that called and, when it acts for a person, that person.
    `by` is what the records keep (the person, else the key); `via` the key a person acted through."""

    key: Subject
    person: Subject | None = None

    @property
    def by(self) -> str:
        return (self.person or self.key).id

    @property
    def via(self) -> str | None:
        return self.key.id if self.person is not None else None

    @property
    def acting(self) -> Subject:
        return self.person or self.key


Rule = Callable[[Subject], Decision]


def decide(rule: Rule, actor: Actor) -> Decision:
    """`rule` applied to the key, and to the person it acts for: both must be allowed."""
    for subject in (actor.key, actor.person):
        if subject is None:
            continue
        decision = rule(subject)
        if not decision.allowed:
            return refuse(f"{subject.describe()}: {decision.reason}")
    return ALLOW
