"""Text that can be stored, published and shown: UTF-8 encodable, and echoed safely.

JSON may carry a lone UTF-16 surrogate (`"\\ud800"`): Python reads it into a string that no
UTF-8 encoder, BSON writer or Kafka producer will take. Such a field is refused where it
arrives, naming the field; what is echoed back (an identifier in a refusal) is made printable.
Pure: no I/O.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

UNENCODABLE = "unencodable_text"
UNENCODABLE_MESSAGE = "contains text that cannot be encoded as UTF-8 (a lone surrogate)"


def encodable(text: str) -> bool:
    """Whether `text` can be encoded as UTF-8 (has no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(text: str) -> str:
    """`text` with anything that cannot be encoded replaced by U+FFFD, fit to be echoed."""
    if encodable(text):
        return text
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def unencodable_paths(doc: Any, limit: int = 20) -> list[tuple[str | int, ...]]:
    """Where in a JSON document (keys included) text cannot be encoded, at most `limit` places;
    a key that cannot be encoded is named by its printable form."""
    return list(itertools.islice(_walk(doc, ()), limit))


def _walk(doc: Any, at: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    if isinstance(doc, str):
        if not encodable(doc):
            yield at
    elif isinstance(doc, Mapping):
        for key, value in doc.items():
            name = printable(key) if isinstance(key, str) else key
            if isinstance(key, str) and not encodable(key):
                yield (*at, name)
            yield from _walk(value, (*at, name))
    elif isinstance(doc, Sequence) and not isinstance(doc, bytes | bytearray):
        for i, value in enumerate(doc):
            yield from _walk(value, (*at, i))


def dotted(path: Sequence[str | int]) -> str:
    """`("values", "x")` → `values.x`: how a field is named in an error."""
    return ".".join(str(p) for p in path)
