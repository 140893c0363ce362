"""Who may submit figures: `submitter` keys for their departments and `admin` keys for any.
People never submit through the console: departments' portals do, with keys of their own.
(Which department a submission's scheme belongs to is judged per submission, with the reasons
of `submission.py`; this rule decides who may knock at all.)"""

from __future__ import annotations

from typing import Literal

from shared.authority import ALLOW, Decision, Subject, refuse

Action = Literal["submit"]
ACTIONS: tuple[Action, ...] = ("submit",)


def may(subject: Subject, department: str | None = None, action: Action = "submit") -> Decision:
    """Whether `subject` may submit figures of `department` (None: of some department)."""
    if subject.is_("key", "admin"):
        return ALLOW
    if subject.is_("key", "submitter"):
        if department is None or department in subject.departments:
            return ALLOW
        return refuse(f"submits for {', '.join(sorted(subject.departments))} only")
    if subject.kind == "person":
        return refuse("people do not submit figures; departments' portals do, with submitter keys")
    return refuse(f"a {subject.role} key does not submit figures")
