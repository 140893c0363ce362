"""Money against work: the share of the cost spent, and spending that runs ahead of the work.

Money spent while the work is not seen on the ground is the classic sign of misreporting (or of
advances paid without work): the expenditure share is compared with physical progress.
"""

from __future__ import annotations


def expenditure_percent(expenditure: float, cost: float) -> float:
    """Cumulative expenditure as a share of the current cost, %, two decimals (cost must be > 0)."""
    if cost <= 0:
        raise ValueError("cost must be greater than 0")
    return round(expenditure / cost * 100, 2)


def financial_ahead_of_physical(expenditure_share: float, physical: float, lead_points: float = 20.0) -> bool:
    """Whether the expenditure share (%) is more than `lead_points` ahead of physical progress (%)."""
    return expenditure_share - physical > lead_points
