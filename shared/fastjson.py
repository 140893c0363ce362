"""JSON on the hot paths: orjson's speed with the standard library's meaning.

Reading: orjson first; whatever it refuses (NaN and Infinity literals, integers beyond 64 bits,
nesting deeper than 1,024) is read again by `json`, so a message means the same as before
and the errors of what is truly not JSON are the standard library's (`UnicodeDecodeError`,
`json.JSONDecodeError`, `RecursionError`). Writing: compact UTF-8 bytes, keys in insertion
order, as `json.dumps(..., ensure_ascii=False, separators=(",", ":"))` writes them. A
non-finite float would be written as null: callers write validated numbers only (scoring's
marks and KPI scores pass through `round_half_up`, which refuses NaN and infinities), and
checking every event again cost an eighth of scoring's time.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def loads(raw: bytes | str) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)


def dumps(value: Any) -> bytes:
    return orjson.dumps(value)
