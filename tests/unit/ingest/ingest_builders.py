"""Catalogue entries and rules for the ingest tests."""

from __future__ import annotations

from typing import Any

from services.ingest.domain.submission import Rules
from shared.catalog import Scheme
from shared.periods import PeriodWindow

_NAMES = {"hi": "नाम", "en": "name"}


def scheme(scheme_id: str = "scholarship", department: str = "social-welfare") -> Scheme:
    """A scheme reading `pending` of `received`."""
    return Scheme.model_validate({
        "id": scheme_id, "name": _NAMES, "department": {"id": department, "name": _NAMES},
        "sector": "welfare", "category": "development", "officer": _NAMES,
        "kpis": [{"id": "disposal", "name": _NAMES, "kind": "inverse_ratio", "numerator": "pending",
                  "denominator": "received"}],
    })


SCHEMES = {s.id: s for s in (scheme(), scheme("jsy", "medical-health"))}


def rules(departments: frozenset[str] | None = None, frozen: frozenset[str] = frozenset()) -> Rules:
    return Rules(schemes=SCHEMES, districts=frozenset({"agra", "kanpur-nagar"}), window=PeriodWindow(2018, "2026-03"),
                 frozen_periods=frozen, departments=departments)


def doc(**changes: Any) -> dict[str, Any]:
    """A valid submission of `scholarship`, with `changes`."""
    base: dict[str, Any] = {"submission_id": "s1", "scheme": "scholarship", "district": "agra",
                            "period": "2026-03", "values": {"pending": 5, "received": 100}}
    return {**base, **changes}
