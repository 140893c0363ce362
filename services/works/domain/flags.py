"""The alert conditions of one work at one month end, from its situation and the thresholds.

Alerts raise `work_<flag>` when a flag turns true and resolve it when it turns false; a stalled
work's overrun alerts are inhibited by the alerts service while `stalled` holds.
"""

from __future__ import annotations

from services.works.domain.due import due_soon
from services.works.domain.situation import Situation
from services.works.domain.spending import financial_ahead_of_physical
from services.works.domain.thresholds import Thresholds
from shared.events.works import Flags


def flags(s: Situation, thresholds: Thresholds) -> Flags:
    """Every flag: time overrun of at least `time_overrun_months`; cost overrun of at least
    `cost_overrun_percent` (and above 0); stalled; expenditure share more than
    `financial_lead_points` ahead of physical; due soon; anticipated date implausible."""
    r, t = s.reported, thresholds
    return Flags(
        time_overrun=s.time_overrun >= t.time_overrun_months,
        cost_overrun=s.cost_overrun > 0 and s.cost_overrun >= t.cost_overrun_percent,
        stalled=s.stalled,
        financial_ahead_of_physical=financial_ahead_of_physical(s.expenditure_share, r.physical,
                                                                t.financial_lead_points),
        due_soon=due_soon(as_of=r.as_of, scheduled=r.work.scheduled_completion_date, physical=r.physical,
                          completed=r.completed_on is not None, days=t.due_soon_days,
                          physical_below=t.due_soon_physical_below),
        anticipated_date_implausible=s.anticipated_implausible,
    )
