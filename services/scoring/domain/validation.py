"""Why a submission is refused outright (DESIGN.md §3, submissions; CONTRACT.md §3).

Pure and free of scoring specifics, so that ingest (HTTP) and scoring (Kafka) refuse the
same submissions with the same reasons. Every reason is reported, not only the first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from numbers import Real

from shared.catalog import Scheme
from shared.events.ingest import Reason

REASON_CODES: tuple[str, ...] = (
    "unknown_scheme",
    "unknown_district",
    "unknown_field",
    "missing_field",
    "not_a_number",
    "non_finite",
    "negative",
    "not_an_object",
    "invalid_period",
    "period_in_future",
    "period_frozen",
)
_PERIOD = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def check_submission(
    scheme: Scheme | None,
    scheme_id: str,
    district_known: bool,
    values: Mapping[str, object],
    period: str,
    today_period: str,
    frozen: bool,
) -> list[Reason]:
    """Every reason to refuse a submission; an empty list means it may be accepted.

    `scheme` is the catalogue's scheme for `scheme_id` (None if unknown); `today_period`
    is the current month, `YYYY-MM`; `frozen` says whether `period` is frozen.
    """
    reasons: list[Reason] = []
    if scheme is None:
        reasons.append(Reason(field="scheme", code="unknown_scheme", message=f"unknown scheme {scheme_id!r}"))
    if not district_known:
        reasons.append(Reason(field="district", code="unknown_district", message="unknown district"))
    reasons.extend(check_period(period, today_period, frozen))
    if not isinstance(values, Mapping):
        reasons.append(Reason(field="values", code="not_an_object", message="must be an object of numbers"))
    elif scheme is not None:
        reasons.extend(check_values(scheme, values))
    return reasons


def check_period(period: str, today_period: str, frozen: bool) -> list[Reason]:
    """Reasons to refuse the period: malformed, in the future, or frozen."""
    if not isinstance(period, str) or not _PERIOD.fullmatch(period):
        return [Reason(field="period", code="invalid_period", message="must be a month, YYYY-MM")]
    reasons: list[Reason] = []
    # Zero-padded YYYY-MM strings order like the months they name.
    if period > today_period:
        message = f"{period} has not begun (current period {today_period})"
        reasons.append(Reason(field="period", code="period_in_future", message=message))
    if frozen:
        message = f"{period} is frozen: its ranking is final"
        reasons.append(Reason(field="period", code="period_frozen", message=message))
    return reasons


def check_values(scheme: Scheme, values: Mapping[str, object]) -> list[Reason]:
    """Reasons to refuse the input values: exactly the scheme's fields, each finite and ≥ 0."""
    expected = scheme.input_fields
    reasons = [
        Reason(
            field=f"values.{name}", code="unknown_field", message=f"scheme {scheme.id!r} has no such field"
        )
        for name in sorted(str(n) for n in values if n not in expected)
    ]
    for name in expected:
        if name not in values:
            reasons.append(Reason(field=f"values.{name}", code="missing_field", message="is required"))
            continue
        problem = value_problem(values[name])
        if problem is not None:
            reasons.append(Reason(field=f"values.{name}", code=problem[0], message=problem[1]))
    return reasons


def value_problem(value: object) -> tuple[str, str] | None:
    """(code, message) if `value` is not a finite count or amount ≥ 0, else None."""
    # bool is a subclass of int: `true` must not be read as 1.
    if isinstance(value, bool) or not isinstance(value, Real):
        return "not_a_number", f"must be a number, not {type(value).__name__}"
    try:
        number = float(value)
    except OverflowError:
        return "non_finite", "must be a finite number"
    if not math.isfinite(number):
        return "non_finite", "must be a finite number"
    if number < 0:
        return "negative", "must be ≥ 0"
    return None
