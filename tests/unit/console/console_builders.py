"""Schemes for the console's unit tests."""

from __future__ import annotations

from shared.catalog import Scheme


def scheme(scheme_id: str, department: str = "health", graded: bool = True) -> Scheme:
    return Scheme.model_validate({
        "id": scheme_id, "name": {"hi": scheme_id, "en": scheme_id.upper()},
        "department": {"id": department, "name": {"hi": department, "en": department.title()}},
        "sector": "health", "category": "development", "graded": graded,
        "officer": {"hi": "अधिकारी", "en": "Officer"},
        "kpis": [{"id": "k", "name": {"hi": "क", "en": "K"}, "kind": "ratio", "numerator": "a", "denominator": "b"}]})
