"""The per-key token bucket."""

from __future__ import annotations

import pytest

from shared.rate_limit import RateLimiter, TokenBucket, retry_after


def test_a_key_may_burst_a_minutes_allowance_and_is_then_told_how_long_to_wait() -> None:
    limiter = RateLimiter(per_minute=60)
    assert [limiter.admit("portal", 0.0) for _ in range(60)] == [0.0] * 60
    assert limiter.admit("portal", 0.0) == pytest.approx(1.0)


def test_tokens_come_back_at_the_configured_rate() -> None:
    limiter = RateLimiter(per_minute=60, burst=1)
    assert limiter.admit("portal", 0.0) == 0.0
    assert limiter.admit("portal", 0.5) == pytest.approx(0.5)
    assert limiter.admit("portal", 1.0) == 0.0


def test_each_key_has_its_own_bucket() -> None:
    limiter = RateLimiter(per_minute=1)
    assert limiter.admit("a", 0.0) == 0.0
    assert limiter.admit("a", 0.0) > 0
    assert limiter.admit("b", 0.0) == 0.0


def test_a_refused_request_takes_no_token() -> None:
    bucket = TokenBucket(capacity=1, refill_per_s=1, tokens=0, updated=0)
    assert bucket.take(0.0) == pytest.approx(1.0)
    assert bucket.take(0.0) == pytest.approx(1.0)
    assert bucket.take(1.0) == 0.0


def test_a_clock_that_goes_back_neither_adds_tokens_nor_fails() -> None:
    bucket = TokenBucket(capacity=2, refill_per_s=1, tokens=0, updated=10)
    assert bucket.take(5.0) > 0
    assert bucket.take(11.0) == 0.0


@pytest.mark.parametrize(("wait", "header"), [(0.01, "1"), (1.0, "1"), (1.2, "2"), (59.5, "60")])
def test_retry_after_is_whole_seconds_and_at_least_one(wait: float, header: str) -> None:
    assert retry_after(wait) == header
