"""More achievement never costs a district marks or rank."""

from hypothesis import given
from hypothesis import strategies as st

from services.scoring.domain.marks import score_submission
from services.scoring.domain.ranking import Ranking
from shared.catalog import Kpi, Scheme
from tests.unit.scoring.scoring_builders import kpi, scheme

Case = tuple[Scheme, dict[str, float], dict[str, float]]

_counts = st.floats(min_value=0, max_value=1e6, allow_nan=False)
_kinds = st.sampled_from(["ratio", "inverse_ratio", "percent"])


@st.composite
def _kpis(draw: st.DrawFn, index: int) -> tuple[Kpi, dict[str, float], str]:
    """A KPI with its own fields (so that improving one KPI cannot worsen another) and values."""
    kind = draw(_kinds)
    floor = draw(st.floats(min_value=0, max_value=0.9))
    bounds = {"floor": floor, "target": floor + draw(st.floats(min_value=0.01, max_value=1))}
    weight = draw(st.floats(min_value=0.1, max_value=5))
    if kind == "percent":
        field = f"p{index}"
        return kpi(f"k{index}", kind, value=field, weight=weight, **bounds), {field: draw(_counts)}, field
    numerator = [f"n{index}a", f"n{index}b"]
    values = {name: draw(_counts) for name in [*numerator, f"d{index}"]}
    made = kpi(f"k{index}", kind, numerator=numerator, denominator=f"d{index}", weight=weight, **bounds)
    return made, values, draw(st.sampled_from(numerator))


@st.composite
def _improvements(draw: st.DrawFn) -> tuple[Scheme, dict[str, float], dict[str, float]]:
    """A scheme, a submission, and the same submission with more achievement on one KPI."""
    parts = [draw(_kpis(i)) for i in range(draw(st.integers(min_value=1, max_value=4)))]
    values = {name: v for _, kpi_values, _ in parts for name, v in kpi_values.items()}
    made, _, field = parts[draw(st.integers(min_value=0, max_value=len(parts) - 1))]
    step = draw(st.floats(min_value=0, max_value=1e6, allow_nan=False))
    better = dict(values)
    # Achievement grows with a ratio's numerator or a percent, and with fewer pending.
    better[field] = max(0.0, values[field] - step) if made.kind == "inverse_ratio" else values[field] + step
    return scheme(kpis=[k for k, _, _ in parts]), values, better


@given(_improvements())
def test_more_achievement_never_lowers_marks(case: Case) -> None:
    catalogue_entry, values, better = case
    assert score_submission(catalogue_entry, better).marks >= score_submission(catalogue_entry, values).marks


@given(_improvements(), st.lists(st.integers(min_value=0, max_value=1000), max_size=30))
def test_more_achievement_never_worsens_the_rank(case: Case, others: list[int]) -> None:
    catalogue_entry, values, better = case
    ranking = Ranking()
    for i, hundredths in enumerate(others):
        ranking.upsert(f"district-{i}", hundredths / 100)
    ranking.upsert("kanpur-nagar", score_submission(catalogue_entry, values).marks)
    before = ranking.rank("kanpur-nagar")
    ranking.upsert("kanpur-nagar", score_submission(catalogue_entry, better).marks)
    after = ranking.rank("kanpur-nagar")
    assert before is not None and after is not None
    assert after <= before
