"""A token bucket per key (an API key, a client address): a burst of a minute's allowance,
refilled continuously. At most `max_keys` buckets are kept (the least recently used go first),
so that callers from ever new addresses cannot grow the memory without bound.

Time is given by the caller (a monotonic clock in seconds), so the rules are testable.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field


@dataclass
class TokenBucket:
    capacity: float
    refill_per_s: float
    tokens: float
    updated: float

    def take(self, now: float, cost: float = 1.0) -> float:
        """Take `cost` tokens; 0.0 if granted, else the seconds until they would be."""
        elapsed = max(now - self.updated, 0.0)
        self.tokens = min(self.capacity, self.tokens + elapsed * self.refill_per_s)
        self.updated = max(now, self.updated)
        if self.tokens >= cost:
            self.tokens -= cost
            return 0.0
        return (cost - self.tokens) / self.refill_per_s


@dataclass
class RateLimiter:
    """`per_minute` requests a minute per key, with bursts up to `burst` (default: per_minute)."""

    per_minute: int
    burst: int | None = None
    max_keys: int = 100_000
    _buckets: OrderedDict[str, TokenBucket] = field(default_factory=OrderedDict)

    def admit(self, key_id: str, now: float) -> float:
        """0.0 if the key may make a request now, else the seconds to wait before retrying."""
        bucket = self._buckets.get(key_id)
        if bucket is None:
            capacity = float(self.burst or self.per_minute)
            bucket = self._buckets[key_id] = TokenBucket(capacity, self.per_minute / 60.0, capacity, now)
            if len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key_id)
        return bucket.take(now)

    def __len__(self) -> int:
        return len(self._buckets)


def retry_after(wait_s: float) -> str:
    """The value of a Retry-After header: whole seconds, at least 1."""
    return str(max(1, math.ceil(wait_s)))
