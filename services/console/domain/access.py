"""Who may see what in the console: one pure rule, decided in one place for every page.

Part 2 of the console adds actions (alerts, minutes, departments' desks) to this table; each
refusal carries a reason, which the 403 page shows and the log records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["state", "admin", "district", "department"]
# overview: the state at a glance · district: a district's page · scheme: a scheme's ranking of
# every district · documents: a district's minutes and booklet.
Action = Literal["overview", "district", "scheme", "documents"]


@dataclass(frozen=True)
class Viewer:
    """The logged-in person as far as access goes: role and binding."""

    user_id: str
    role: Role
    district: str | None = None
    departments: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""


ALLOW = Decision(True)


def decide(viewer: Viewer, action: Action, district: str | None = None, department: str | None = None) -> Decision:
    """Whether `viewer` may take `action` on `district` (district pages, documents) or on a
    scheme of `department` (scheme pages).

    - `state` and `admin` see everything.
    - `district` sees the state overview and every scheme's state ranking (read-only state
      views), and its own district in full; no other district's page or documents.
    - `department` sees the state overview, the schemes of its departments (their rankings
      and their rows on any district's page), and no district's minutes or booklet.
    """
    if viewer.role in ("state", "admin") or action == "overview":
        return ALLOW
    if viewer.role == "district":
        if action == "scheme" or district == viewer.district:
            return ALLOW
        return Decision(False, f"a district user of {viewer.district} sees only that district's pages")
    if action == "district":
        return ALLOW  # rows are narrowed to the departments' schemes (visible_departments)
    if action == "scheme" and department in viewer.departments:
        return ALLOW
    if action == "scheme":
        return Decision(False, f"a department user sees only the schemes of {', '.join(sorted(viewer.departments))}")
    return Decision(False, "a department user has no access to a district's minutes and booklet")


def visible_departments(viewer: Viewer) -> frozenset[str] | None:
    """The departments whose schemes the viewer's pages show; None means every department."""
    return viewer.departments if viewer.role == "department" else None
