"""Which version of a (scheme, district, period) submission counts (DESIGN.md §3, submissions).

The order is total, so folding the versions in any order of arrival, duplicates included,
always ends at the same one.
"""

from __future__ import annotations

from datetime import UTC, datetime

from shared.value import value_object


@value_object
class Version:
    """What orders the submissions of one (scheme, district, period).

    `submitted_at` is an ISO 8601 timestamp; one without an offset is taken as UTC.
    """

    revision: int
    submitted_at: str
    submission_id: str


def _instant(timestamp: str) -> datetime:
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        raise ValueError(f"submitted_at {timestamp!r} is not an ISO 8601 timestamp") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _order(version: Version) -> tuple[int, datetime, str, str]:
    # Instants, not strings: "…T10:00:00Z" and "…T15:30:00+05:30" are the same moment.
    # The id, then the raw text, break the remaining ties so no two versions compare equal
    # unless they are the same version.
    return (version.revision, _instant(version.submitted_at), version.submission_id, version.submitted_at)


def supersedes(candidate: Version, current: Version | None) -> bool:
    """True if `candidate` replaces `current`: highest revision, then latest submitted_at,
    then the greater submission_id. The same version again supersedes nothing (idempotence).

    Raises ValueError if a `submitted_at` is not an ISO 8601 timestamp.
    """
    if current is None:
        return True
    return _order(candidate) > _order(current)
