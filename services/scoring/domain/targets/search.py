"""The smallest change on one KPI that reaches a goal, found with the real scorer.

The KPI formula inverted gives a first guess; the answer is then settled by scoring the
moved figures with `score_submission` itself (rounding half up included), stepping out from
the guess and bisecting. A lever moves the marks one way only (see `levers`), so the first
step count that reaches the goal is the smallest, and one step less does not reach it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from decimal import Decimal

from services.scoring.domain.kpi import field_sum, kpi_score, raw_value
from services.scoring.domain.marks import score_submission
from services.scoring.domain.plausibility import implausible
from services.scoring.domain.rounding import hundredths
from shared.catalog import Kpi, Scheme

from .levers import Lever, decimal, lever_for, movable, moved, steps_for, taking_order
from .model import Direction, FieldChange, Obstacle, Option


def first_true(pred: Callable[[int], bool], lo: int, hi: int, guess: int) -> int | None:
    """The smallest n in [lo, hi] with `pred(n)`, for a `pred` that is False up to some n and
    True from there on; None if it is nowhere True. A good `guess` costs two or three calls."""
    n = min(max(guess, lo), hi)
    if pred(n):
        good, bad, step = n, lo - 1, 1
        while good - step >= lo:
            if not pred(good - step):
                bad = good - step
                break
            good, step = good - step, step * 2
    else:
        bad, step = n, 1
        while True:
            probe = min(bad + step, hi)
            if probe == bad:
                return None
            if pred(probe):
                good = probe
                break
            bad, step = probe, step * 2
    while good - bad > 1:
        middle = (good + bad) // 2
        good, bad = (middle, bad) if pred(middle) else (good, middle)
    return good


def option_for(scheme: Scheme, kpi: Kpi, values: Mapping[str, float], goal: int) -> Option:
    """The smallest change on `kpi`'s inputs that lifts the scheme's marks to `goal` hundredths.

    `values` are an accepted (plausible) submission's figures whose marks are below the goal.
    """
    lever = lever_for(scheme, kpi)
    if kpi_score(kpi, values) >= 1.0:
        return _blocked(scheme, kpi, values, "kpi_at_cap")
    if lever is None:
        return _blocked(scheme, kpi, values, "no_lever")
    if kpi.kind == "ratio" and field_sum(kpi.denominator_fields, values) == 0:
        return _blocked(scheme, kpi, values, "no_denominator")

    def reaches(steps: int) -> bool:
        return hundredths(score_submission(scheme, moved(lever, values, steps)).marks) >= goal

    limit = _plausible_limit(scheme, lever, values)
    steps = first_true(reaches, 0, limit, _estimate(scheme, lever, values, goal))
    if steps is None:
        ideal = _ideal(lever, values) + 1  # one more step absorbs float noise at the target
        beyond_bound = ideal > limit and reaches(ideal)
        return _blocked(scheme, kpi, values, "plausibility_bound" if beyond_bound else "beyond_kpi")
    return _change(scheme, lever, values, steps)


def _change(scheme: Scheme, lever: Lever, values: Mapping[str, float], steps: int) -> Option:
    after = moved(lever, values, steps)
    return Option(
        kpi=lever.kpi.id, kind=lever.kpi.kind, direction=lever.direction, unit=lever.unit,
        raw_before=raw_value(lever.kpi, values), raw_after=raw_value(lever.kpi, after),
        changes=tuple(FieldChange(f, float(values[f]), after[f])
                      for f in taking_order(lever, values) if after[f] != values[f]),
        amount=float(lever.step * steps), marks_after=score_submission(scheme, after).marks,
    )


def _blocked(scheme: Scheme, kpi: Kpi, values: Mapping[str, float], obstacle: Obstacle) -> Option:
    direction: Direction = "reduce" if kpi.kind == "inverse_ratio" else "raise"
    field = kpi.value or "" if kpi.kind == "percent" else kpi.numerator_fields[0]
    return Option(kpi=kpi.id, kind=kpi.kind, direction=direction, unit=scheme.unit(field),
                  raw_before=raw_value(kpi, values), obstacle=obstacle)


def _sum(fields: tuple[str, ...], values: Mapping[str, float]) -> Decimal:
    return sum((decimal(values[f]) for f in fields), Decimal(0))


def _plausible_limit(scheme: Scheme, lever: Lever, values: Mapping[str, float]) -> int:
    """The most steps that keep every KPI of the scheme within its plausibility bound."""
    room = movable(lever, values)
    if room.is_infinite():  # a ratio's numerator: up to max_ratio × denominator, one step past
        kpi = lever.kpi  # the edge so that the real check below decides it
        room = decimal(kpi.max_ratio) * _sum(kpi.denominator_fields, values) - _sum(kpi.numerator_fields, values)
        room += lever.step
    most = max(0, int(room // lever.step))
    first_bad = first_true(lambda n: bool(implausible(scheme, moved(lever, values, n))), 0, most, most)
    return most if first_bad is None else first_bad - 1


def _estimate(scheme: Scheme, lever: Lever, values: Mapping[str, float], goal: int) -> int:
    """The formulas inverted: the KPI score the goal needs with the other KPIs as they are,
    the raw value that gives it, and the move that gives that raw value. Only a first guess."""
    kpi = lever.kpi
    others = math.fsum(k.weight * kpi_score(k, values) for k in scheme.kpis if k.id != kpi.id)
    # Marks are rounded half up, so reaching goal - ½ hundredth is enough.
    wanted = (goal - 0.5) / 1000 * scheme.total_weight
    score = min(1.0, max(0.0, (wanted - others) / kpi.weight))
    return steps_for(_move_to(kpi, kpi.floor + score * (kpi.target - kpi.floor), values), lever)


def _ideal(lever: Lever, values: Mapping[str, float]) -> int:
    """Steps that bring the KPI to its target, bounded only by what can physically move."""
    kpi = lever.kpi
    if lever.direction == "reduce":
        return min(int(movable(lever, values) // lever.step), steps_for(_move_to(kpi, kpi.target, values), lever))
    return steps_for(_move_to(kpi, kpi.target, values), lever)


def _move_to(kpi: Kpi, raw: float, values: Mapping[str, float]) -> float:
    """How far the KPI's lever fields must move (summed) for its raw value to be `raw`."""
    if kpi.kind == "percent":
        return 100 * raw - float(values[kpi.value or ""])
    numerator = field_sum(kpi.numerator_fields, values)
    denominator = field_sum(kpi.denominator_fields, values)
    if kpi.kind == "ratio":
        return raw * denominator - numerator
    return numerator - (1.0 - raw) * denominator
