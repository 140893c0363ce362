"""The period calendar (docs/calendar.md): deadlines, freezes, meetings and reminders by the
clock, in India's time, after the operators' overrides. Pure: every function takes the state
and an aware "now" and reads no clock, so a restart recomputes the same answer.

- `zone`: India's days and instants; `rules`: the configurable days;
- `schedule`: a period's calendar; `overrides` / `refusals`: the operators' trail and what it
  may hold;
- `due`: the period events (and early scheme deadlines) due and not yet published;
- `reminders`: `deadline_approaching` for the departments.
"""
