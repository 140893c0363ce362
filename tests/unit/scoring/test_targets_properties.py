"""The targets are exact: the proposed change reaches the goal when re-scored with the real
scorer, and one step less — or any smaller change in the same fields — does not."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from services.scoring.domain.kpi import field_sum, kpi_score
from services.scoring.domain.marks import grade, score_submission
from services.scoring.domain.plausibility import implausible
from services.scoring.domain.rounding import hundredths
from services.scoring.domain.targets import Option, Target, next_grade_target, overtake_target
from shared.catalog import GRADES, Kpi, Scheme
from tests.unit.scoring.targets_strategies import Case, cases

PROPERTY = settings(max_examples=300, deadline=None)


def _reaches(scheme: Scheme, values: Mapping[str, float], goal: int) -> bool:
    return hundredths(score_submission(scheme, values).marks) >= goal


def _applied(values: Mapping[str, float], option: Option, shrink: Decimal = Decimal(0)) -> dict[str, float]:
    """The option's changes applied, with the total move made smaller by `shrink`."""
    changed = dict(values)
    for change in option.changes:
        changed[change.field] = change.after
    if shrink:
        first = option.changes[0]
        sign = 1 if option.direction == "reduce" else -1  # give back part of the move
        changed[first.field] = float(Decimal(repr(first.after)) + sign * shrink)
    return changed


def _step(option: Option) -> Decimal:
    return Decimal(1) if option.unit == "count" else Decimal("0.01")


def _check_exact(scheme: Scheme, values: Mapping[str, float], target: Target) -> None:
    goal = round((target.goal_marks or 0) * 100)
    for option in target.options:
        if not option.reachable:
            continue
        after = _applied(values, option)
        assert _reaches(scheme, after, goal), option
        assert not implausible(scheme, after)
        assert _is_whole_where_counted(scheme, after)
        assert not _reaches(scheme, _applied(values, option, _step(option)), goal), option


def _is_whole_where_counted(scheme: Scheme, values: Mapping[str, float]) -> bool:
    return all(scheme.unit(f) != "count" or float(v).is_integer() for f, v in values.items())


@PROPERTY
@given(cases())
def test_the_change_reaches_the_next_grade_and_one_step_less_does_not(case: Case) -> None:
    scheme, values = case
    target = next_grade_target(scheme, values)
    _check_exact(scheme, values, target)
    for option in target.options:
        if option.reachable:
            reached = grade(score_submission(scheme, _applied(values, option)).marks, scheme)
            assert reached is not None and target.grade is not None
            assert GRADES.index(reached) <= GRADES.index(target.grade)


@PROPERTY
@given(cases(), st.integers(min_value=0, max_value=1000))
def test_the_change_overtakes_the_district_above_and_one_step_less_does_not(case: Case, above: int) -> None:
    scheme, values = case
    own = hundredths(score_submission(scheme, values).marks)
    target = overtake_target(scheme, values, max(above, own + 1) / 100)
    _check_exact(scheme, values, target)
    for option in target.options:
        if option.reachable:
            assert hundredths(score_submission(scheme, _applied(values, option)).marks) > max(above, own + 1)


@PROPERTY
@given(cases(), st.integers(min_value=1, max_value=1000))
def test_no_smaller_change_in_the_same_fields_reaches_the_next_grade(case: Case, per_mille: int) -> None:
    scheme, values = case
    target = next_grade_target(scheme, values)
    goal = round((target.goal_marks or 0) * 100)
    for option in target.options:
        if option.reachable:
            amount = Decimal(repr(option.amount))
            part = (amount * per_mille / 1000).quantize(_step(option), "ROUND_CEILING")
            given_back = max(_step(option), part)
            assert not _reaches(scheme, _applied(values, option, min(given_back, amount)), goal)


@PROPERTY
@given(cases())
def test_a_kpi_said_to_be_unable_cannot_reach_the_goal_even_at_its_plausible_best(case: Case) -> None:
    scheme, values = case
    target = next_grade_target(scheme, values)
    goal = round((target.goal_marks or 0) * 100)
    for option in target.options:
        kpi = next(k for k in scheme.kpis if k.id == option.kpi)
        if option.obstacle == "kpi_at_cap":
            assert kpi_score(kpi, values) == 1.0
        elif option.obstacle == "no_denominator":
            assert field_sum(kpi.denominator_fields, values) == 0
        elif option.obstacle in ("beyond_kpi", "plausibility_bound"):
            assert not _reaches(scheme, _best(scheme, kpi, values), goal)


def _best(scheme: Scheme, kpi: Kpi, values: Mapping[str, float]) -> dict[str, float]:
    """The KPI's best figures that are still plausible, computed without the targets' code."""
    best = dict(values)
    if kpi.kind == "percent":
        best[kpi.value or ""] = 100.0
    elif kpi.kind == "inverse_ratio":
        best.update({f: 0.0 for f in kpi.numerator_fields})
    else:
        step = Decimal(1) if scheme.unit(kpi.numerator_fields[0]) == "count" else Decimal("0.01")
        room = Decimal(repr(kpi.max_ratio)) * Decimal(repr(field_sum(kpi.denominator_fields, values)))
        room -= Decimal(repr(field_sum(kpi.numerator_fields, values)))
        first = kpi.numerator_fields[0]
        best[first] = float(Decimal(repr(values[first])) + (room // step) * step)
        while implausible(scheme, best):
            best[first] = float(Decimal(repr(best[first])) - step)
    return best


@PROPERTY
@given(cases())
def test_a_district_at_or_above_the_goal_needs_nothing(case: Case) -> None:
    scheme, values = case
    marks = score_submission(scheme, values).marks
    assert overtake_target(scheme, values, None).answer == "none_needed"
    if marks > 0:  # a district "above" with fewer marks is overtaken already
        assert overtake_target(scheme, values, marks - 0.01).answer == "none_needed"
    if grade(marks, scheme) == "A":
        assert next_grade_target(scheme, values).answer == "none_needed"
    else:
        assert next_grade_target(scheme, values).answer in ("change", "unreachable")
