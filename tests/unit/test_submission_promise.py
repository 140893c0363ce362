"""Acceptance is a promise: any submission the shared rule accepts, scoring's evaluation scores
(or quarantines) without raising, with marks from 0 to 10."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.scoring.domain.entries import evaluate
from shared.catalog import Scheme, default_catalog_path, load_catalog
from shared.periods import PeriodWindow
from shared.submission_rules import MAX_VALUE, check_submission

WINDOW = PeriodWindow(2018, "2026-03")
_NAMES = {"hi": "नाम", "en": "name"}


def _kpi(kpi_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": kpi_id, "name": _NAMES, "weight": 1.0, **fields}


# Beside the real catalogue, schemes that stress the arithmetic: sums of many fields, a target
# a hair above the floor, a percent.
ODD = [Scheme.model_validate({
    "id": "odd", "name": _NAMES, "department": {"id": "d", "name": _NAMES}, "sector": "s",
    "category": "development", "officer": _NAMES,
    "kpis": [_kpi("wide", kind="ratio", numerator=[f"n{i}" for i in range(8)], denominator=["d1", "d2"]),
             _kpi("tight", kind="inverse_ratio", numerator="n0", denominator="d1", floor=0.9, target=0.9000001),
             _kpi("pct", kind="percent", value="p")],
})]
SCHEMES = [*load_catalog(default_catalog_path()), *ODD]

_figure = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.floats(min_value=0, max_value=MAX_VALUE),
    st.integers(min_value=-10, max_value=10**310), st.sampled_from([0, 0.0, 5e-324, MAX_VALUE, 1e308, True]),
)


@st.composite
def submissions(draw: st.DrawFn) -> tuple[Scheme, dict[str, Any]]:
    scheme = draw(st.sampled_from(SCHEMES))
    values = {name: draw(_figure) for name in scheme.input_fields}
    return scheme, values


@settings(max_examples=2000, deadline=None)
@given(submissions())
def test_whatever_the_rule_accepts_scoring_evaluates_without_raising(case: tuple[Scheme, dict[str, Any]]) -> None:
    scheme, values = case
    if check_submission(scheme, scheme.id, True, values, "2026-03", WINDOW, False):
        return
    evaluation = evaluate(scheme, {name: float(v) for name, v in values.items()})
    if evaluation.status == "scored":
        assert evaluation.marks is not None and 0 <= evaluation.marks <= 10
        assert all(0 <= s <= 1 for s in evaluation.kpis.values())
    else:
        assert evaluation.reasons


def test_the_figures_that_once_were_lost_are_now_refused_at_the_door() -> None:
    # Two figures of 1e308 were each finite; their sum was not, and scoring dead-lettered them.
    [scheme] = ODD
    values: dict[str, Any] = {name: 1.0 for name in scheme.input_fields}
    values.update(n0=1e308, n1=1e308)
    assert {r.code for r in check_submission(scheme, "odd", True, values, "2026-03", WINDOW, False)} == {"too_large"}
    values.update(n0=MAX_VALUE, n1=MAX_VALUE)
    evaluation = evaluate(scheme, values)
    assert evaluation.status == "quarantined" and math.isfinite(sum(values.values()))
