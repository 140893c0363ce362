"""Plain builders of works and reports for the works tests (a plain module, not a conftest)."""

from __future__ import annotations

from datetime import date
from typing import Any

from shared.events.works import WorkProgress, WorkRegistered

WORK_ID = "uprnn-kanpur-nagar-hospital"


def a_work(**overrides: Any) -> WorkRegistered:
    """A ₹18.5 crore hospital in Kanpur Nagar, sanctioned April 2024, due 31 March 2026."""
    data: dict[str, Any] = {
        "id": WORK_ID,
        "name": {"hi": "100 शैय्या संयुक्त चिकित्सालय का निर्माण", "en": "Construction of a 100-bed hospital"},
        "district": "kanpur-nagar",
        "department": {"id": "medical-health", "name": {"hi": "चिकित्सा एवं स्वास्थ्य विभाग",
                                                        "en": "Medical and Health Department"}},
        "agency": {"id": "uprnn", "name": {"hi": "उत्तर प्रदेश राजकीय निर्माण निगम लि०",
                                           "en": "Uttar Pradesh Rajkiya Nirman Nigam Ltd."}},
        "officer": {"hi": "मुख्य चिकित्सा अधिकारी", "en": "Chief Medical Officer"},
        "sanctioned_cost_lakh": 1850.0,
        "sanction_date": date(2024, 4, 1),
        "scheduled_completion_date": date(2026, 3, 31),
    }
    data.update(overrides)
    return WorkRegistered(**data)


def a_report(period: str, physical: float, expenditure: float, **overrides: Any) -> WorkProgress:
    """An in-progress report of the builder's work for `period`."""
    data: dict[str, Any] = {
        "report_id": f"{WORK_ID}-{period}-r{overrides.get('revision', 1)}",
        "work": WORK_ID, "period": period, "physical_percent": physical, "expenditure_lakh": expenditure,
        "status": "in_progress",
    }
    data.update(overrides)
    return WorkProgress(**data)


def monthly(periods_and_physical: list[tuple[str, float]], cost_share: float = 1.0,
            sanctioned: float = 1850.0) -> list[WorkProgress]:
    """Reports with expenditure in step with physical progress (× `cost_share`)."""
    return [a_report(period, physical, round(sanctioned * physical / 100 * cost_share, 2))
            for period, physical in periods_and_physical]
