"""At most one publication per key and interval while the key keeps changing."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class Throttle(Generic[K]):
    """Marks keys dirty and says which are due; the clock is passed in (seconds, monotonic).

    Each mark has a generation, so that a publication made from a snapshot clears the key only
    if nothing changed it since the snapshot was taken.
    """

    def __init__(self, interval_s: float) -> None:
        self.interval_s = interval_s
        self._dirty: dict[K, int] = {}
        self._last: dict[K, float] = {}
        self._marks = 0

    def mark(self, key: K) -> None:
        self._marks += 1
        self._dirty[key] = self._marks

    def generation(self, key: K) -> int | None:
        return self._dirty.get(key)

    def due(self, now: float, limit: int | None = None) -> list[K]:
        """Dirty keys whose last publication is at least one interval old, the longest waiting
        first; at most `limit` of them (the rest stay dirty for the next call)."""
        never = float("-inf")
        ready = [k for k in self._dirty if now - self._last.get(k, never) >= self.interval_s]
        ready.sort(key=lambda k: (self._last.get(k, never), repr(k)))
        return ready if limit is None else ready[:limit]

    def done(self, key: K, now: float, generation: int | None = None) -> None:
        """The key was published at `now`; it stays dirty if marked again after `generation`."""
        if generation is None or self._dirty.get(key) == generation:
            self._dirty.pop(key, None)
        self._last[key] = now

    def forget(self, which: Callable[[K], bool]) -> None:
        """Drop keys that will never be published live again (e.g. of a frozen period)."""
        self._dirty = {k: g for k, g in self._dirty.items() if not which(k)}
        self._last = {k: v for k, v in self._last.items() if not which(k)}

    @property
    def pending(self) -> int:
        return len(self._dirty)
