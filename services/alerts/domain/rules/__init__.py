"""The alert rules (DESIGN.md §3, Alerts): pure functions from events and stored finals to alerts."""

from shared.periods import financial_year, previous_period

from ..identity import alert_id
from .composite import bottom_ten_counts, in_bottom_ten, on_composite_final
from .deadline import missed_deadline
from .history import months_in_grade_d, persistent_grade_d, persistent_in_final_ranking
from .ranked import on_scheme_ranked
from .scored import on_scored, recovered_alerts

__all__ = [
    "alert_id",
    "bottom_ten_counts",
    "financial_year",
    "in_bottom_ten",
    "missed_deadline",
    "months_in_grade_d",
    "on_composite_final",
    "on_scheme_ranked",
    "on_scored",
    "persistent_grade_d",
    "persistent_in_final_ranking",
    "previous_period",
    "recovered_alerts",
]
