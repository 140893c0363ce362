"""A submission version as one string whose order is the order of `revisions.supersedes`.

MongoDB compares strings, so the stored current score can be guarded with
`{"version": {"$lte": key}}`: a stale writer (a replay, or an instance that has just lost the
scheme in a rebalance) can never replace a later version.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from services.scoring.domain.revisions import Version

_REVISION_DIGITS = 7  # revisions are at most 1,000,000 (shared.events.ingest)
_INSTANT_DIGITS = 19  # 10,000 years are about 3.2e17 microseconds


@lru_cache(maxsize=4096)  # a batch's submissions often share their time
def _instant(timestamp: str) -> str:
    """Microseconds since 0001-01-01 UTC, shifted by two days so that no offset makes it negative;
    integer arithmetic, because converting year 1 or 9999 to UTC may overflow a datetime."""
    moment = datetime.fromisoformat(timestamp)
    offset = moment.utcoffset() or timedelta(0)
    since = moment.replace(tzinfo=None) - datetime(1, 1, 1) - offset + timedelta(days=2)
    return f"{since // timedelta(microseconds=1):0{_INSTANT_DIGITS}d}"


def _hex(text: str) -> str:
    # Hex of UTF-8 keeps code-point order, and its digits all sort after the space separator,
    # so a shorter id that is a prefix of a longer one still sorts first, as tuples do.
    return text.encode("utf-8", "surrogatepass").hex()


def version_key(version: Version) -> str:
    """`version_key(a) > version_key(b)` exactly when `supersedes(a, b)`; equal for the same version.

    Raises ValueError if `submitted_at` is not an ISO 8601 timestamp or the revision is
    out of range.
    """
    if not 0 <= version.revision < 10**_REVISION_DIGITS:
        raise ValueError(f"revision {version.revision} is out of range")
    return " ".join((
        f"{version.revision:0{_REVISION_DIGITS}d}",
        _instant(version.submitted_at),
        _hex(version.submission_id),
        _hex(version.submitted_at),
    ))
