"""Failed logins and lock-outs: after `max_failures` failures within `window_s`, a name (or a
client address) is refused for `lockout_s` after the last failure. Pure: times come in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int
    window_s: float
    lockout_s: float


def recent(failures: Sequence[float], now: float, policy: LockoutPolicy) -> list[float]:
    """The failures that still count: those within the window or the lock-out they caused."""
    horizon = now - max(policy.window_s, policy.lockout_s)
    return sorted(t for t in failures if t > horizon)[-policy.max_failures:]


def locked_until(failures: Sequence[float], now: float, policy: LockoutPolicy) -> float | None:
    """When the lock-out ends, or None when a login may be tried now."""
    kept = recent(failures, now, policy)
    if len(kept) < policy.max_failures or kept[-1] - kept[0] > policy.window_s:
        return None
    until = kept[-1] + policy.lockout_s
    return until if until > now else None


def with_failure(failures: Sequence[float], now: float, policy: LockoutPolicy) -> list[float]:
    """The failures to store after one more at `now` (bounded: never more than the policy needs)."""
    return recent([*failures, now], now, policy)
