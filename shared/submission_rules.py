"""Why a submission is refused outright (DESIGN.md §3, submissions; CONTRACT.md §3).

One rule for ingest (HTTP) and scoring (Kafka), so that acceptance is a promise: whatever this
accepts, scoring's evaluation scores or quarantines without raising (a property test holds it
to that). Every reason is reported, not only the first. Pure.

Figures are finite, ≥ 0 and at most `MAX_VALUE`, so that every sum a KPI reads is finite too:
without the bound, two figures of 1e308 were each finite but their sum was not, and scoring
could not score what ingest had accepted.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Real

from shared.catalog import Scheme
from shared.events.ingest import Reason
from shared.periods import PeriodWindow
from shared.text import UNENCODABLE, UNENCODABLE_MESSAGE, encodable, printable

REASON_CODES: tuple[str, ...] = (
    "unknown_scheme",
    "unknown_district",
    "unknown_field",
    "missing_field",
    "not_a_number",
    "non_finite",
    "negative",
    "too_large",
    "not_an_object",
    "invalid_period",
    "period_before_first_year",
    "period_in_future",
    "period_frozen",
    UNENCODABLE,
)
# A quadrillion: above any count of people or amount in rupees a district reports, and far
# enough below the largest float that no sum of a scheme's fields can overflow.
MAX_VALUE = 1e15


def check_submission(
    scheme: Scheme | None,
    scheme_id: str,
    district_known: bool,
    values: Mapping[str, object],
    period: str,
    window: PeriodWindow,
    frozen: bool,
) -> list[Reason]:
    """Every reason to refuse a submission; an empty list means it may be accepted.

    `scheme` is the catalogue's scheme for `scheme_id` (None if unknown); `window` holds the
    periods that may be named now; `frozen` says whether `period` is frozen.
    """
    reasons: list[Reason] = []
    if scheme is None:
        shown = printable(scheme_id)[:200]
        reasons.append(Reason(field="scheme", code="unknown_scheme", message=f"unknown scheme {shown!r}"))
    if not district_known:
        reasons.append(Reason(field="district", code="unknown_district", message="unknown district"))
    reasons.extend(check_period(period, window, frozen))
    if not isinstance(values, Mapping):
        reasons.append(Reason(field="values", code="not_an_object", message="must be an object of numbers"))
    elif scheme is not None:
        reasons.extend(check_values(scheme, values))
    return reasons


def check_period(period: object, window: PeriodWindow, frozen: bool) -> list[Reason]:
    """Reasons to refuse the period: malformed, outside the window, or frozen."""
    problem = window.problem(period)
    reasons = [] if problem is None else [Reason(field="period", code=problem[0], message=problem[1])]
    if frozen:
        message = f"{period} is frozen: its ranking is final"
        reasons.append(Reason(field="period", code="period_frozen", message=message))
    return reasons


def check_values(scheme: Scheme, values: Mapping[str, object]) -> list[Reason]:
    """Reasons to refuse the input values: exactly the scheme's fields, each a finite number
    from 0 to MAX_VALUE (a catalogue names far fewer than 10**290 fields, so no sum of them
    can overflow)."""
    expected = scheme.input_fields
    reasons = [_unknown(scheme, str(name)) for name in sorted(str(n) for n in values if n not in expected)]
    for name in expected:
        if name not in values:
            reasons.append(Reason(field=f"values.{name}", code="missing_field", message="is required"))
            continue
        problem = value_problem(values[name])
        if problem is not None:
            reasons.append(Reason(field=f"values.{name}", code=problem[0], message=problem[1]))
    return reasons


def _unknown(scheme: Scheme, name: str) -> Reason:
    if not encodable(name):
        return Reason(field=f"values.{printable(name)}", code=UNENCODABLE, message=UNENCODABLE_MESSAGE)
    return Reason(field=f"values.{name}", code="unknown_field", message=f"scheme {scheme.id!r} has no such field")


def value_problem(value: object) -> tuple[str, str] | None:
    """(code, message) if `value` is not a finite count or amount from 0 to MAX_VALUE, else None."""
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
    if number > MAX_VALUE:
        return "too_large", f"must be at most {MAX_VALUE:.0e}"
    return None


def scoped_id(department: str, submission_id: str) -> str:
    """The key of a submission for deduplication: its id within its scheme's department, so that
    one department can never take (or learn about) an id another department uses. Department
    ids are slugs, so the first `|` separates the two."""
    return f"{department}|{submission_id}"
