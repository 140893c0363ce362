"""A submission version as one string orders exactly as `supersedes` (for MongoDB guards)."""

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from services.scoring.domain.revisions import Version, supersedes
from services.scoring.domain.versions import version_key

_offsets = st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-7))])
_moments = st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31), timezones=_offsets)
_ids = st.text(min_size=1, max_size=12)
_versions = st.builds(
    Version, revision=st.integers(1, 1_000_000), submitted_at=_moments.map(lambda m: m.isoformat()), submission_id=_ids
)


@given(_versions, _versions)
def test_a_version_key_is_greater_exactly_when_its_version_supersedes(a: Version, b: Version) -> None:
    assert (version_key(a) > version_key(b)) == supersedes(a, b)


@given(_versions)
def test_the_same_version_gives_the_same_key(a: Version) -> None:
    assert version_key(a) == version_key(Version(a.revision, a.submitted_at, a.submission_id))


def test_the_same_moment_in_two_offsets_orders_by_submission_id_then_by_the_text() -> None:
    utc = Version(1, "2026-03-24T10:00:00+00:00", "a")
    india = Version(1, "2026-03-24T15:30:00+05:30", "a")
    assert version_key(india) > version_key(utc) and supersedes(india, utc)


def test_a_shorter_id_that_prefixes_a_longer_one_sorts_first() -> None:
    at = datetime(2026, 3, 24, tzinfo=UTC).isoformat()
    assert version_key(Version(1, at, "ab")) < version_key(Version(1, at, "ab\x00"))
    assert version_key(Version(1, at, "ab")) < version_key(Version(1, at, "abc"))
