"""Reasons for refusal from the request model's validation errors, with stable codes.

The codes are the API's vocabulary (and a metric label), so pydantic's internal error types
are translated into a small fixed set; anything unforeseen keeps pydantic's name.
"""

from __future__ import annotations

from pydantic import ValidationError

from shared.events.ingest import Reason

CODES: dict[str, str] = {
    "missing": "missing_field",
    "extra_forbidden": "unknown_field",
    "string_type": "not_a_string",
    "string_too_short": "too_short",
    "string_too_long": "too_long",
    "too_long": "too_long",
    "int_type": "not_an_integer",
    "int_parsing": "not_an_integer",
    "int_from_float": "not_an_integer",
    "greater_than_equal": "out_of_range",
    "less_than_equal": "out_of_range",
    "dict_type": "not_an_object",
    "model_type": "not_an_object",
    "string_unicode": "unencodable_text",  # a lone surrogate: no UTF-8 encoder takes it
}


def field_name(loc: tuple[int | str, ...]) -> str:
    """`("values", "pending_pfms")` → `values.pending_pfms`; the whole body is `body`."""
    return ".".join(str(part) for part in loc) or "body"


def shape_reasons(exc: ValidationError) -> list[Reason]:
    """One reason per validation error, naming the field, a stable code and the problem."""
    return [
        Reason(field=field_name(tuple(e["loc"])), code=CODES.get(e["type"], e["type"]), message=e["msg"])
        for e in exc.errors(include_url=False, include_input=False)
    ]
