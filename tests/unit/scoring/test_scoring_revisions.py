import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.scoring.domain.revisions import Version, supersedes


def test_the_first_version_always_counts() -> None:
    assert supersedes(Version(1, "2026-03-24T10:00:00Z", "a"), None)


def test_a_higher_revision_wins_even_if_submitted_earlier() -> None:
    old = Version(1, "2026-03-24T10:00:00Z", "a")
    assert supersedes(Version(2, "2026-03-20T10:00:00Z", "b"), old)
    assert not supersedes(old, Version(2, "2026-03-20T10:00:00Z", "b"))


def test_with_equal_revisions_the_later_submission_wins() -> None:
    early = Version(1, "2026-03-24T10:00:00Z", "b")
    late = Version(1, "2026-03-24T10:00:01Z", "a")
    assert supersedes(late, early)
    assert not supersedes(early, late)


def test_times_are_compared_as_instants_not_as_text() -> None:
    utc = Version(1, "2026-03-24T10:00:00Z", "a")
    india_later = Version(1, "2026-03-24T15:31:00+05:30", "a")  # 10:01 UTC
    assert supersedes(india_later, utc)
    assert not supersedes(utc, india_later)


def test_a_time_without_an_offset_is_taken_as_utc() -> None:
    assert supersedes(Version(1, "2026-03-24T10:00:01", "a"), Version(1, "2026-03-24T10:00:00Z", "a"))


def test_with_equal_revision_and_time_the_submission_id_decides() -> None:
    a = Version(1, "2026-03-24T10:00:00Z", "a")
    b = Version(1, "2026-03-24T10:00:00Z", "b")
    assert supersedes(b, a)
    assert not supersedes(a, b)


def test_the_same_submission_twice_changes_nothing() -> None:
    version = Version(1, "2026-03-24T10:00:00Z", "a")
    assert not supersedes(version, Version(1, "2026-03-24T10:00:00Z", "a"))


def test_a_malformed_time_is_refused_with_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not an ISO 8601 timestamp"):
        supersedes(Version(1, "yesterday", "a"), Version(1, "2026-03-24T10:00:00Z", "a"))


# Several spellings of the same few instants, so that instants tie while their text differs.
_TIMES = [
    "2026-03-24T10:00:00Z",
    "2026-03-24T10:00:00+00:00",
    "2026-03-24T15:30:00+05:30",
    "2026-03-24T10:00:00",
    "2026-03-24T10:00:01Z",
    "2026-03-24T09:59:59.999999+00:00",
]
_versions = st.builds(
    Version,
    revision=st.integers(min_value=1, max_value=3),
    submitted_at=st.sampled_from(_TIMES),
    submission_id=st.sampled_from(["r1", "r2", "r3"]),
)


def _fold(arrivals: list[Version]) -> Version | None:
    current: Version | None = None
    for version in arrivals:
        if supersedes(version, current):
            current = version
    return current


@given(
    st.lists(_versions, min_size=1, max_size=12).flatmap(
        lambda vs: st.tuples(st.just(vs), st.permutations(vs))
    )
)
def test_the_order_of_arrival_never_changes_which_version_counts(
    case: tuple[list[Version], list[Version]],
) -> None:
    arrivals, shuffled = case
    duplicated = shuffled + shuffled[::2]  # re-deliveries of some versions
    assert _fold(duplicated) == _fold(arrivals)
    winner = _fold(arrivals)
    assert winner is not None and winner in arrivals
    assert winner.revision == max(v.revision for v in arrivals)
