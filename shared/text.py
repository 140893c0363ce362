"""Text that can be stored, published and shown: UTF-8 encodable, and echoed safely.

JSON may carry a lone UTF-16 surrogate (`"\\ud800"`): Python reads it into a string that no
UTF-8 encoder, BSON writer or Kafka producer will take. Such a field is refused where it
arrives, naming the field; what is echoed back (an identifier in a refusal) is made printable.
Pure: no I/O.
"""

from __future__ import annotations

UNENCODABLE = "unencodable_text"
UNENCODABLE_MESSAGE = "contains text that cannot be encoded as UTF-8 (a lone surrogate)"


def encodable(text: str) -> bool:
    """Whether `text` can be encoded as UTF-8 (has no lone surrogate)."""
    if text.isascii():  # nearly always: no need to encode
        return True
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
