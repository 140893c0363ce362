"""JSON on the hot paths: a compiled reader and writer with the standard library's meaning.

Reading: pydantic-core's reader (jiter, already a dependency through pydantic), which keeps
integers of any size exact and reads NaN and Infinity as `json` does; whatever it refuses
(nesting deeper than about 200, lone surrogates, anything not JSON) is read by `json`, so a
message means the same as before, and what is truly not JSON fails with the standard library's
errors (`UnicodeDecodeError`, `json.JSONDecodeError`, `RecursionError`, or `ValueError` for
an integer of more than 4,300 digits). orjson read faster but turned integers beyond 64 bits
into floats, and looking for them first (a regular expression over each message) cost more
than it saved. Writing: orjson, compact UTF-8 bytes, keys in insertion order, as
`json.dumps(..., ensure_ascii=False, separators=(",", ":"))` writes them. A non-finite float
would be written as null: callers write validated numbers only (scoring's marks and KPI
scores pass through `round_half_up`, which refuses NaN and infinities), and checking every
event again cost an eighth of scoring's time.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from pydantic_core import from_json


def loads(raw: bytes | str) -> Any:
    try:
        return from_json(raw, allow_inf_nan=True)
    except ValueError:
        return json.loads(raw)


def dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:  # an integer beyond 64 bits, or a type neither writes (then json says which)
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
