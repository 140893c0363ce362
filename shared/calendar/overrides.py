"""What an operator's overrides make of a period's calendar (the audit trail folded).

- `hold`: the clock does not freeze the period; `reopen` lifts the hold.
- `deadline` / `freeze`: the event is due at once, or at the start (freeze) or end (deadline)
  of the day given in `on`. A deadline override sets one deadline for every scheme.
- A freeze override ends a hold: the operator froze the period explicitly (with `--force`).

`check` refuses what cannot be done, with the field and the reason; overrides that pass it are
appended to the trail, which is folded here in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from shared.calendar.zone import day_ends, day_starts
from shared.events.calendar import PeriodOverride


@dataclass(frozen=True)
class OverrideState:
    """The trail folded: whether the period is held (and by which override), and the instants
    the overrides set (None where the clock decides)."""

    hold: PeriodOverride | None = None
    deadline_at: datetime | None = None
    freeze_at: datetime | None = None

    @property
    def held(self) -> bool:
        return self.hold is not None


def instant(override: PeriodOverride) -> datetime:
    """When a deadline or freeze override takes effect: its `on` day (a deadline passes at the
    end of the day, a freeze happens at its start) or, without one, the moment it was made."""
    if override.on is None:
        return override.at
    return day_ends(override.on) if override.action == "deadline" else day_starts(override.on)


def fold(overrides: Iterable[PeriodOverride]) -> OverrideState:
    """The state after every override of the trail, oldest first."""
    state = OverrideState()
    for override in overrides:
        if override.action == "hold":
            state = OverrideState(override, state.deadline_at, state.freeze_at)
        elif override.action == "reopen":
            state = OverrideState(None, state.deadline_at, state.freeze_at)
        elif override.action == "deadline":
            state = OverrideState(state.hold, instant(override), state.freeze_at)
        else:
            state = OverrideState(None, state.deadline_at, instant(override))
    return state
