"""One submission as a portal sends it, and everything that can be wrong with it.

Shape (types, lengths, unknown attributes) is checked by the request model; the catalogue,
the districts, the period and the figures by `shared.submission_rules`, which scoring applies
too: ingest and scoring refuse the same submissions with the same codes, and what ingest
accepts scoring can score. Every reason is reported at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, StringConstraints, ValidationError

from services.ingest.domain.reasons import shape_reasons
from shared.catalog import Scheme
from shared.events.ingest import PERIOD, SLUG, ProgressSubmitted, Reason
from shared.periods import PeriodWindow
from shared.submission_rules import check_submission
from shared.text import UNENCODABLE, UNENCODABLE_MESSAGE, encodable, printable

EXAMPLE: dict[str, Any] = {
    "submission_id": "sw-2026-03-kanpur-nagar-scpm-r1",
    "scheme": "sc-postmatric-scholarship", "district": "kanpur-nagar", "period": "2026-03",
    "revision": 1,
    "values": {"applications_received": 26466, "pending_institution": 614, "pending_pfms": 1658,
               "pending_university": 43},
    "submitted_by": "District Social Welfare Officer",
}
FieldName = Annotated[str, StringConstraints(min_length=1, max_length=80)]


class SubmissionIn(BaseModel):
    """The body of `POST /v1/submissions`: the data of `progress.submitted.v1`."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra={"examples": [EXAMPLE]})
    # Patterns are documented here but enforced by the catalogue checks, which name the problem
    # (unknown scheme, invalid period) better than a regular expression would.
    submission_id: StrictStr = Field(min_length=1, max_length=200,
                                     description="idempotency key: the same id twice is one submission")
    scheme: StrictStr = Field(min_length=1, max_length=80, json_schema_extra={"pattern": SLUG})
    district: StrictStr = Field(min_length=1, max_length=80, json_schema_extra={"pattern": SLUG})
    period: StrictStr = Field(min_length=1, max_length=7, description="YYYY-MM",
                              json_schema_extra={"pattern": PERIOD})
    revision: StrictInt = Field(default=1, ge=1, le=1_000_000)
    values: dict[FieldName, Any] = Field(
        max_length=200, description="exactly the input fields the scheme's KPIs read, each finite and ≥ 0",
        json_schema_extra={"additionalProperties": {"type": "number", "minimum": 0}},
    )
    submitted_by: StrictStr | None = Field(default=None, max_length=200)


@dataclass(frozen=True)
class Rules:
    """What a submission is checked against, as of the moment it is received."""

    schemes: Mapping[str, Scheme]
    districts: frozenset[str]
    window: PeriodWindow
    frozen_periods: frozenset[str]
    # The departments the caller may submit for; None for a key that may submit for all.
    departments: frozenset[str] | None


@dataclass(frozen=True)
class Examined:
    """A submission after examination: the event to publish, or the reasons to refuse it."""

    submission: ProgressSubmitted | None
    reasons: tuple[Reason, ...]
    submission_id: str | None = None
    scheme: str | None = None
    district: str | None = None
    period: str | None = None
    # The scheme's department, when the scheme is known: the scope of the submission id.
    department: str | None = None


def examine(raw: object, rules: Rules) -> Examined:
    """Check one submission against the caller's departments, its shape, the catalogue, the
    districts and the period rules. A scheme of another department is refused for that alone;
    otherwise every reason found is reported."""
    if not isinstance(raw, Mapping):
        return Examined(None, (Reason(field="body", code="not_an_object",
                                      message="a submission is a JSON object"),))
    unencodable = _unencodable(raw)
    if unencodable:  # names that cannot be encoded are named printably from here on
        raw = _printable_names(raw)
    model: SubmissionIn | None = None
    try:
        model = SubmissionIn.model_validate(raw)
        shape: list[Reason] = []
    except ValidationError as exc:
        shape = shape_reasons(exc)
    flagged = {r.field for r in unencodable}
    shape = unencodable + [r for r in shape if r.field not in flagged]
    scheme = rules.schemes.get(_text(raw, "scheme"))
    ids = {name: _short(raw.get(name)) for name in ("submission_id", "scheme", "district", "period")}
    ids["department"] = scheme.department.id if scheme is not None else None
    if scheme is not None and rules.departments is not None and scheme.department.id not in rules.departments:
        # Nothing else matters: this key may never submit this scheme, whatever the figures.
        return Examined(None, (Reason(field="scheme", code="forbidden", message=(
            f"this key may submit for {', '.join(sorted(rules.departments))} only; "
            f"{scheme.id!r} belongs to {scheme.department.id!r}")),), **ids)
    reasons = shape + _catalogue_reasons(raw, rules, {r.field for r in shape})
    if reasons or model is None:
        return Examined(None, tuple(reasons), **ids)
    return Examined(_event_data(model), (), **ids)


def _unencodable(raw: Mapping[str, Any]) -> list[Reason]:
    """A field's name that cannot be encoded, at the top or among the values: refused for this
    submission alone. (A text value that cannot be encoded pydantic refuses itself, as
    `string_unicode`, translated to the same code by `reasons.py`.)"""
    names = [str(k) for k in raw if not encodable(str(k))]
    values = raw.get("values")
    if isinstance(values, Mapping):
        names += [f"values.{k}" for k in values if not encodable(str(k))]
    return [Reason(field=printable(name), code=UNENCODABLE, message=UNENCODABLE_MESSAGE) for name in names]


def _printable_names(raw: Mapping[str, Any]) -> dict[str, Any]:
    named = {printable(str(k)): v for k, v in raw.items()}
    values = named.get("values")
    if isinstance(values, Mapping):
        named["values"] = {printable(str(k)): v for k, v in values.items()}
    return named


def _catalogue_reasons(raw: Mapping[str, Any], rules: Rules, flagged: set[str]) -> list[Reason]:
    scheme_id = _text(raw, "scheme")
    found = check_submission(
        rules.schemes.get(scheme_id), scheme_id, _text(raw, "district") in rules.districts,
        raw.get("values", {}), _text(raw, "period"), rules.window,
        _text(raw, "period") in rules.frozen_periods,
    )
    # A field whose shape is wrong has been reported already; say it once.
    return [r for r in found if r.field not in flagged and r.field.split(".")[0] not in flagged]


def _event_data(model: SubmissionIn) -> ProgressSubmitted:
    return ProgressSubmitted(
        submission_id=model.submission_id, scheme=model.scheme, district=model.district,
        period=model.period, revision=model.revision,
        values={name: float(value) for name, value in model.values.items()},
        submitted_by=model.submitted_by,
    )


def _text(raw: Mapping[str, Any], name: str) -> str:
    value = raw.get(name)
    return value if isinstance(value, str) else ""


def _short(value: object) -> str | None:
    """An identifier fit to be echoed in an answer or a rejection event."""
    return value if isinstance(value, str) and 0 < len(value) <= 200 and encodable(value) else None
