"""Reading a `progress.submitted.v1` payload and deciding whether it may be accepted.

Every reason is reported, with the codes of `shared.submission_rules.REASON_CODES` plus
`invalid_payload` for fields of the wrong shape, so that a portal learns from one refusal all
it must fix. The rules are ingest's too: what one accepts, the other accepts.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, cast

from shared.catalog import Scheme
from shared.events.ingest import Reason
from shared.periods import PeriodWindow, is_period
from shared.submission_rules import MAX_VALUE, check_submission, scoped_id
from shared.text import encodable
from shared.value import value_object

MAX_ID = 200
MAX_REVISION = 1_000_000


@value_object
class Submission:
    """A well-formed submission; values are finite numbers ≥ 0 once admitted."""

    submission_id: str
    scheme: str
    district: str
    period: str
    revision: int
    values: Mapping[str, float]
    submitted_by: str | None


def identity(data: object) -> dict[str, str | None]:
    """submission_id, scheme, district and period as far as they are strings (for refusals)."""
    source: Mapping[str, Any] = data if isinstance(data, Mapping) else {}
    keys = ("submission_id", "scheme", "district", "period")
    return {k: source[k][:MAX_ID] if _text(source.get(k)) else None for k in keys}


def submission_id_of(data: object) -> str | None:
    """The submission id, if `data` carries a usable one."""
    sid = data.get("submission_id") if type(data) is dict or isinstance(data, Mapping) else None
    return sid if isinstance(sid, str) and _text(sid) else None


def dedup_key(data: object, schemes: Mapping[str, Scheme]) -> str | None:
    """The key of deduplication: the submission id within its scheme's department (None when
    either is unknown: such a submission is refused, never a duplicate)."""
    sid = submission_id_of(data)
    if sid is None or not isinstance(data, Mapping):
        return None
    scheme_id = data.get("scheme")
    scheme = schemes.get(scheme_id) if isinstance(scheme_id, str) else None
    return scoped_id(scheme.department.id, sid) if scheme is not None else None


def _text(value: object, limit: int = MAX_ID) -> bool:
    # Lone surrogates cannot be stored or published.
    return isinstance(value, str) and 1 <= len(value) <= limit and encodable(value)


def _invalid(name: str, message: str) -> Reason:
    return Reason(field=name, code="invalid_payload", message=message)


def _shape(data: Mapping[str, Any]) -> list[Reason]:
    text = f"must be a string of 1 to {MAX_ID} characters"
    reasons = [_invalid(name, text) for name in ("submission_id", "scheme", "district")
               if not _text(data.get(name))]
    revision = data.get("revision", 1)
    if isinstance(revision, bool) or not isinstance(revision, int) or not 1 <= revision <= MAX_REVISION:
        reasons.append(_invalid("revision", f"must be an integer from 1 to {MAX_REVISION}"))
    by = data.get("submitted_by")
    if by is not None and not _text(by):
        reasons.append(_invalid("submitted_by", text))
    return reasons


def admit(
    data: object, schemes: Mapping[str, Scheme], districts: Collection[str], window: PeriodWindow,
    frozen: Collection[str],
) -> tuple[Submission | None, list[Reason]]:
    """The submission if it may be accepted, else None and every reason to refuse it.

    `window` holds the periods that may be named now; `frozen` holds the frozen periods.
    """
    if not isinstance(data, Mapping):
        return None, [Reason(field="data", code="invalid_payload", message="must be a JSON object")]
    reasons = _shape(data)
    scheme_id, district, period = data.get("scheme"), data.get("district"), data.get("period")
    values = data.get("values")
    scheme = schemes.get(scheme_id) if isinstance(scheme_id, str) else None
    catalogue_reasons = check_submission(
        scheme, str(scheme_id), isinstance(district, str) and district in districts,
        cast(Mapping[str, object], values),  # check_submission refuses what is not an object
        cast(str, period), window, isinstance(period, str) and period in frozen,
    )
    # A field of the wrong shape is reported once, as invalid_payload, not also as unknown.
    shaped = {r.field for r in reasons}
    reasons += [r for r in catalogue_reasons if r.field not in shaped]
    if reasons or scheme is None or not isinstance(values, Mapping):
        return None, reasons
    return Submission(
        submission_id=data["submission_id"], scheme=scheme.id, district=str(district), period=str(period),
        revision=int(data.get("revision", 1)), values={str(k): float(v) for k, v in values.items()},
        submitted_by=data.get("submitted_by"),
    ), []


class Admission:
    """`admit` for one consumed batch: the catalogue's field sets computed once, and a quick path
    for the common case, a plainly valid submission; whenever anything is off, the full checks
    run and give every reason. The quick path never admits what the full checks would refuse."""

    def __init__(self, schemes: Mapping[str, Scheme], districts: Collection[str], window: PeriodWindow,
                 frozen: Collection[str]) -> None:
        self.schemes = schemes
        self.districts = districts
        self.window = window
        self.frozen = frozen
        self._fields = {scheme_id: frozenset(s.input_fields) for scheme_id, s in schemes.items()}

    def admit(self, data: object) -> tuple[Submission | None, list[Reason]]:
        quick = self._quick(data) if type(data) is dict else None
        if quick is not None:
            return quick, []
        return admit(data, self.schemes, self.districts, self.window, self.frozen)

    def _quick(self, data: dict[str, Any]) -> Submission | None:
        sid, scheme, district = data.get("submission_id"), data.get("scheme"), data.get("district")
        period, revision, by = data.get("period"), data.get("revision", 1), data.get("submitted_by")
        if not (_plain_text(sid) and type(scheme) is str and scheme in self._fields
                and type(district) is str and district in self.districts
                and type(period) is str and is_period(period)
                and self.window.earliest <= period <= self.window.current and period not in self.frozen
                and type(revision) is int and 1 <= revision <= MAX_REVISION and (by is None or _plain_text(by))):
            return None
        values = _plain_values(data.get("values"), self._fields[scheme])
        if values is None:
            return None
        return Submission(sid, scheme, district, period, revision, values, by)  # type: ignore[arg-type]




def _plain_text(value: object) -> bool:
    return type(value) is str and 0 < len(value) <= MAX_ID and value.isascii()


def _plain_values(values: object, fields: frozenset[str]) -> dict[str, float] | None:
    """The values as floats if they are exactly `fields`, each an int or float from 0 to MAX_VALUE
    (so that no sum of them can overflow: `check_values` would accept them too)."""
    if type(values) is not dict or values.keys() != fields:
        return None
    out = {}
    for name, value in values.items():
        kind = type(value)
        if not ((kind is float or kind is int) and 0 <= value <= MAX_VALUE):
            return None
        out[name] = float(value)
    return out
