"""When the review meeting of a period is held, for the minutes' header.

The district meets after the month's figures are in and ranked: Kanpur Nagar's minutes of
March 2026 record a meeting on 16 April 2026. So by default the meeting is on the 16th of
the month after the period; a deployment may configure another day (1–28, so that every
month has it). The rule itself is the period calendar's (`shared.calendar.rules`), which the
freeze and the directives' due dates follow too.
"""

from __future__ import annotations

from shared.calendar.rules import DEFAULT_MEETING_DAY, meeting_date
from shared.periods import next_period

__all__ = ["DEFAULT_MEETING_DAY", "meeting_date", "next_period"]
