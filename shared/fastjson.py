"""JSON on the hot paths: orjson's speed with the standard library's meaning.

Reading: orjson first; whatever it refuses (NaN and Infinity literals, nesting deeper than
1,024) or would read differently (integers beyond 64 bits) is read by `json`, so a message
means the same as before, and what is truly not JSON fails with the standard library's errors
(`UnicodeDecodeError`, `json.JSONDecodeError`, `RecursionError`). Writing: compact UTF-8
bytes, keys in insertion order, as `json.dumps(..., ensure_ascii=False, separators=(",", ":"))`
writes them. A non-finite float would be written as null: callers write validated numbers
only (scoring's marks and KPI scores pass through `round_half_up`, which refuses NaN and
infinities), and checking every event again cost an eighth of scoring's time.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

# orjson reads integers beyond 64 bits as floats instead of refusing them; a number of 19 digits
# or more sends a message to the standard library, which keeps them exact. A number in JSON
# starts the text or follows `:`, `,` or `[`, so digits inside strings (ids carrying a
# nanosecond clock, say) keep the fast reader; a string that merely looks like one is read
# by the slower reader, with the same result.
_LONG_NUMBER = r"(?:^|[:,\[])\s*-?\d{19}"
_LONG_DIGITS = re.compile(_LONG_NUMBER.encode())
_LONG_DIGITS_TEXT = re.compile(_LONG_NUMBER)


def loads(raw: bytes | str) -> Any:
    long_digits = _LONG_DIGITS.search(raw) if isinstance(raw, bytes) else _LONG_DIGITS_TEXT.search(raw)
    if long_digits is None:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return json.loads(raw)


def dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:  # an integer beyond 64 bits, or a type neither writes (then json says which)
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
