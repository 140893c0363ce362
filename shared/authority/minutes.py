"""Who may change a district's minutes (CONTRACT §6): only `admin` and the district's own
`district` principals — a `district` key, or a person of that district through the console —
may write directives, record the meeting or finalise. `viewer` keys and `state` and `department`
people read; `submitter` keys submit figures and nothing more here. Judged by the reports API
(for the key and the person a console acts for) and by the console before it offers a form.
"""

from __future__ import annotations

from typing import Literal

from shared.authority import ALLOW, Decision, Subject, refuse

Action = Literal["directives", "meeting", "finalize"]
ACTIONS: tuple[Action, ...] = ("directives", "meeting", "finalize")


def may(subject: Subject, action: Action, district: str) -> Decision:
    """Whether `subject` may take `action` on the minutes of `district`."""
    if subject.role == "admin":
        return ALLOW
    if subject.role == "district":
        if subject.district == district:
            return ALLOW
        return refuse(f"changes only the minutes of {subject.district}")
    return refuse(f"a {subject.role} {subject.kind} reads the minutes; only admin and {district}'s own district "
                  f"principals change them ({action})")
