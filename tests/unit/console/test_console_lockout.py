"""Failed logins: a lock-out after too many failures in the window, for a while, then free."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from services.console.domain.lockout import LockoutPolicy, locked_until, with_failure

POLICY = LockoutPolicy(max_failures=5, window_s=900, lockout_s=600)


def fail(times: list[float]) -> list[float]:
    stored: list[float] = []
    for t in times:
        stored = with_failure(stored, t, POLICY)
    return stored


def test_five_failures_in_the_window_lock_out_until_the_lockout_has_passed() -> None:
    stored = fail([0, 10, 20, 30, 40])
    assert locked_until(stored, 41, POLICY) == 640
    assert locked_until(stored, 639, POLICY) == 640
    assert locked_until(stored, 641, POLICY) is None


def test_four_failures_do_not_lock_and_spread_out_failures_never_do() -> None:
    assert locked_until(fail([0, 1, 2, 3]), 4, POLICY) is None
    assert locked_until(fail([0, 1000, 2000, 3000, 4000]), 4001, POLICY) is None


@given(st.lists(st.floats(min_value=0, max_value=100_000, allow_nan=False), max_size=60))
def test_what_is_stored_stays_bounded_by_the_policy(times: list[float]) -> None:
    stored = fail(sorted(times))
    assert len(stored) <= POLICY.max_failures


@given(st.lists(st.floats(min_value=0, max_value=10_000, allow_nan=False), min_size=1, max_size=30),
       st.floats(min_value=0, max_value=20_000, allow_nan=False))
def test_a_lockout_always_ends_in_the_future_and_within_its_length(times: list[float], extra: float) -> None:
    stored = fail(sorted(times))
    now = max(times) + extra
    until = locked_until(stored, now, POLICY)
    assert until is None or now < until <= now + POLICY.lockout_s
