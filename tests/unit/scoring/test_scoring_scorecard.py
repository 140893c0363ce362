"""The scorecard's shape and the financial-year parameter of the history reads."""

from __future__ import annotations

import pytest

from services.scoring.http_scorecard import _months
from services.scoring.scorecard_queries import scorecard
from shared.http import ApiError


def test_a_scorecard_groups_cells_by_district_then_scheme() -> None:
    cells = [{"district": "agra", "scheme": "jsy", "status": "scored", "marks": 9.1, "grade": "A"},
             {"district": "agra", "scheme": "nrlm", "status": "quarantined", "marks": None, "grade": None}]
    assert scorecard("2026-03", cells) == {"period": "2026-03", "districts": {"agra": {
        "jsy": {"marks": 9.1, "grade": "A", "status": "scored"},
        "nrlm": {"marks": None, "grade": None, "status": "quarantined"}}}}


def test_a_financial_year_names_its_twelve_months_april_first() -> None:
    months = _months("2025-26")
    assert months[0] == "2025-04" and months[-1] == "2026-03" and len(months) == 12


@pytest.mark.parametrize("text", ["2025-27", "2025-25"])
def test_a_year_that_is_not_a_financial_year_is_refused(text: str) -> None:
    with pytest.raises(ApiError) as caught:
        _months(text)
    assert caught.value.status == 422 and caught.value.errors[0]["field"] == "financial_year"
