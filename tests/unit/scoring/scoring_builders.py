"""Catalogue entries for the scoring domain's tests, with every field but the one a test is about."""

from __future__ import annotations

from typing import Any

from shared.catalog import Kpi, Scheme

_NAMES = {"hi": "नाम", "en": "name"}


def kpi(kpi_id: str = "k", kind: str = "ratio", **fields: Any) -> Kpi:
    """A KPI; a ratio of `done` over `due` unless told otherwise."""
    if kind == "percent":
        fields.setdefault("value", "progress")
    else:
        fields.setdefault("numerator", "done")
        fields.setdefault("denominator", "due")
    return Kpi.model_validate({"id": kpi_id, "name": _NAMES, "kind": kind, **fields})


def scheme(scheme_id: str = "s", kpis: list[Kpi] | None = None, **fields: Any) -> Scheme:
    """A graded development scheme with default bands and one ratio KPI unless told otherwise."""
    return Scheme.model_validate(
        {
            "id": scheme_id,
            "name": _NAMES,
            "department": {"id": "dept", "name": _NAMES},
            "sector": "sector",
            "category": "development",
            "officer": _NAMES,
            "kpis": [k.model_dump() for k in (kpis or [kpi()])],
            **fields,
        }
    )
