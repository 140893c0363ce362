"""How big a district's figures are: what was due or received, by field and scheme.

Sizes are those of an average district at the end of the financial year; a district's own
size factor scales them, and cumulative figures grow through the year. Fields not named here
get a plain default, so a new scheme in the catalogue is simulated without code changes.
"""

from __future__ import annotations

from shared.catalog import Scheme

DEFAULT_SIZE = 1_000.0

BY_FIELD: dict[str, float] = {
    "applications_received": 8_000,
    "institutional_deliveries": 9_000,
    "expected_deliveries": 10_500,
    "children_target": 12_000,
    "eligible_beneficiaries": 300_000,
    "groups_target": 600,
    "houses_sanctioned": 2_500,
    "person_days_target": 1_500_000,
    "beneficiaries_registered": 5_000,
    "tap_connections_target": 40_000,
    "schemes_sanctioned": 300,
    "toilets_target": 6_000,
    "villages_total": 1_200,
    "farmers_registered": 350_000,
    "cards_target": 20_000,
    "loans_target": 300,
    "projects_target": 200,
    "schools_total": 2_500,
    "students_assessed": 120_000,
    "cases_filed": 6_000,
    "cases_pending": 9_000,
    "complaints_received": 5_000,
    "feedback_received": 2_500,
    "marriages_target": 700,
    "revenue_target_lakh": 25_000,
    "revenue_assessed_lakh": 30_000,
}

BY_SCHEME_FIELD: dict[tuple[str, str], float] = {
    ("general-prematric-scholarship", "applications_received"): 3_000,
    ("sc-postmatric-scholarship", "applications_received"): 18_000,
    ("old-age-pension", "applications_received"): 150_000,
    ("nirashrit-mahila-pension", "applications_received"): 60_000,
    ("divyang-pension", "applications_received"): 25_000,
    ("kanya-sumangala", "applications_received"): 12_000,
    ("nrlm-community-investment-fund", "groups_target"): 700,
    ("cm-yuva-udyami", "loans_target"): 1_500,
    ("odop-financing", "loans_target"): 250,
}

# Targets are set for the whole year; what was received or expected accumulates month by month.
_ANNUAL = ("_target", "_sanctioned", "_total", "_registered", "eligible_")


def base_size(scheme: Scheme, field: str) -> float:
    """An average district's year-end figure for `field` of `scheme`."""
    return BY_SCHEME_FIELD.get((scheme.id, field), BY_FIELD.get(field, DEFAULT_SIZE))


def year_progress(field: str, fy_month: int) -> float:
    """The share of the year-end figure reached by month `fy_month` (0 = April)."""
    if any(mark in field for mark in _ANNUAL):
        return 1.0
    return 0.4 + 0.6 * (fy_month + 1) / 12
