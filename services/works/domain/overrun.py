"""Time and cost overruns, as India's infrastructure project monitoring defines them.

A time overrun is a completion — actual, or anticipated — later than the originally scheduled
one. A cost overrun is a current cost above the sanctioned one. Both are measured against the
original sanction, never against a revision (a revised date does not make a late work punctual),
and neither is ever negative: finishing early or cheap is not a negative overrun.
"""

from __future__ import annotations

from datetime import date

from services.works.domain.months import months_late


def expected_completion(*, scheduled: date, anticipated: date | None, completed_on: date | None, as_of: date) -> date:
    """When the work is, or will be, complete, as known at `as_of`.

    Its completion date once completed. Otherwise the reported anticipated date (the scheduled
    one when none was reported) — but never earlier than `as_of`: a date that has passed without
    completion is no longer a forecast, the work will finish after today at the earliest.
    """
    if completed_on is not None:
        return completed_on
    return max(anticipated or scheduled, as_of)


def time_overrun_months(scheduled: date, completion: date) -> int:
    """Whole months by which `completion` (from `expected_completion`) is later than `scheduled`; ≥ 0."""
    return months_late(scheduled, completion)


def current_cost(sanctioned: float, revised: float | None, expenditure: float) -> float:
    """The cost the work is now expected to have: the latest revised cost, else the sanctioned one.

    Never below the money already spent: an agency that has spent ₹130 lakh of a ₹100 lakh work
    without reporting a revision has a cost overrun all the same.
    """
    return max(sanctioned if revised is None else revised, expenditure)


def cost_overrun_percent(sanctioned: float, cost: float) -> float:
    """(cost − sanctioned) / sanctioned × 100, two decimals, never negative; sanctioned must be > 0."""
    if sanctioned <= 0:
        raise ValueError("sanctioned cost must be greater than 0")
    return max(round((cost - sanctioned) / sanctioned * 100, 2), 0.0)
