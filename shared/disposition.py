"""`Content-Disposition` for a download whose name comes from data (a district, a period, a
scheme's Hindi name): RFC 6266 with both an ASCII `filename` every client understands and the
exact UTF-8 name as `filename*` (RFC 8187). Quotes, backslashes, control characters, path
separators and line breaks can never reach the header. Pure."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from shared.text import printable

# What survives in the ASCII fallback: letters, digits and a few harmless marks.
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._-]+")
# What no file name should carry in any form: controls, separators and quoting characters.
_UNSAFE_ANY = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
MAX_NAME = 150


def content_disposition(name: str, disposition: str = "inline") -> str:
    """The header value for serving a file called `name` (its extension included)."""
    clean = _UNSAFE_ANY.sub("_", unicodedata.normalize("NFC", printable(name))).strip(" .")[:MAX_NAME] or "download"
    fallback = _UNSAFE_ASCII.sub("_", unicodedata.normalize("NFKD", clean).encode("ascii", "ignore").decode())
    fallback = fallback.strip("._") or "download"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(clean, safe='')}"
