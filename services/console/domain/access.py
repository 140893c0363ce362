"""Who may see what in the console, and what a person may change: one pure rule per page,
decided in one place, and for changes the services' own rules (shared/authority/), which the
APIs apply again to the person the console acts for. Each refusal carries a reason, which the
403 page shows and the log records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from shared.authority import Subject
from shared.authority import alerts as alert_rules
from shared.authority import minutes as minute_rules

Role = Literal["state", "admin", "district", "department"]
# overview: the state at a glance · district: a district's page · scheme: a scheme's ranking of
# every district · documents: a district's minutes and booklet · alerts: the alerts desk ·
# minutes: a district's minutes workflow (reading it) · department: a department's desk.
Action = Literal["overview", "district", "scheme", "documents", "alerts", "minutes", "department"]
# What a person may change through the console (judged by shared/authority/).
Change = Literal["acknowledge", "silence", "directives", "meeting", "finalize"]


@dataclass(frozen=True)
class Viewer:
    """The logged-in person as far as access goes: role and binding."""

    user_id: str
    role: Role
    district: str | None = None
    departments: frozenset[str] = frozenset()

    def subject(self) -> Subject:
        """The person as the services' rules see them."""
        return Subject("person", self.user_id, self.role, self.district, self.departments)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""


ALLOW = Decision(True)


def decide(viewer: Viewer, action: Action, district: str | None = None, department: str | None = None) -> Decision:
    """Whether `viewer` may open the page of `action` for `district` (district pages, documents,
    minutes) or `department` (scheme pages, a department's desk).

    - `state` and `admin` see everything.
    - `district` sees the state overview and every scheme's state ranking (read-only state
      views), its own district in full (page, documents, minutes), and its district's alerts;
      no other district and no department's desk.
    - `department` sees the state overview, the schemes of its departments (their rankings,
      their rows on any district's page, its departments' desks and alerts), and no district's
      minutes or booklet.
    """
    if viewer.role in ("state", "admin") or action in ("overview", "alerts"):
        return ALLOW  # the alerts desk is narrowed to what the viewer may see (alert_scope)
    if viewer.role == "district":
        if action == "scheme" or (action != "department" and district == viewer.district):
            return ALLOW
        if action == "department":
            return Decision(False, "a district user has no department's desk; its district's page has its schemes")
        return Decision(False, f"a district user of {viewer.district} sees only that district's pages")
    if action == "district":
        return ALLOW  # rows are narrowed to the departments' schemes (visible_departments)
    if action in ("scheme", "department") and department in viewer.departments:
        return ALLOW
    if action in ("scheme", "department"):
        return Decision(False, f"a department user sees only the schemes of {', '.join(sorted(viewer.departments))}")
    return Decision(False, "a department user has no access to a district's minutes and booklet")


def visible_departments(viewer: Viewer) -> frozenset[str] | None:
    """The departments whose schemes the viewer's pages show; None means every department."""
    return viewer.departments if viewer.role == "department" else None


def sees_alert(viewer: Viewer, district: str, department: str | None) -> bool:
    """Whether an alert of `district` (and `department`) is on the viewer's desk."""
    if viewer.role == "district":
        return district == viewer.district
    if viewer.role == "department":
        return department in viewer.departments
    return True


def may_change(viewer: Viewer, change: Change, district: str | None = None, department: str | None = None) -> Decision:
    """Whether the person may make `change` (the console offers the form only then; the API
    judges the same rule again for the person and for the console's key)."""
    person = viewer.subject()
    if change in ("acknowledge", "silence"):
        scope = alert_rules.AlertScope(district, department) if district else None
        verdict = alert_rules.may(person, change, scope)
    else:
        verdict = minute_rules.may(person, change, district or "")  # type: ignore[arg-type]
    return Decision(verdict.allowed, verdict.reason)
