"""The scheme stage's memory: one board per scheme and period it owns, loaded from MongoDB on
first use after a start or a rebalance, and the previous periods' final results.

At most MAX_BOARDS boards are kept, the least recently used dropped first: every board is
stored by the end of each batch, so a dropped one is simply loaded again when needed (a
catch-up over many months must not keep them all)."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Iterable

from services.scoring.domain.board import SchemeBoard
from services.scoring.domain.entries import Entry
from services.scoring.domain.standings import scheme_ranked
from services.scoring.repository import SchemeRepository
from shared.events.scoring import PreviousResult
from shared.periods import previous_period

Key = tuple[str, str]  # scheme, period
PERIOD_QUERY_MIN = 4  # boards of one period missing at once, from which one query loads them all
MAX_BOARDS = 512  # two open months of a catalogue of 110 schemes need 220


class SchemeState:
    def __init__(self, repo: SchemeRepository, units: int, clock: Callable[[], float]) -> None:
        self.repo = repo
        self.units = units
        self.clock = clock
        self._frozen_read_at = float("-inf")
        self.boards: OrderedDict[Key, SchemeBoard] = OrderedDict()
        self.frozen: set[str] = set()
        self._finals: dict[Key, dict[str, PreviousResult]] = {}
        # Boards whose latest changes are still being stored: never dropped to be reloaded.
        self.pinned: set[Key] = set()

    async def refresh_frozen(self, max_age_s: float = 1.0) -> None:
        """Learn of periods another instance froze: ask the database, at most once a second
        (freezes this instance reads itself take effect at once)."""
        if self.clock() - self._frozen_read_at >= max_age_s:
            self.frozen |= await self.repo.frozen_periods()
            self._frozen_read_at = self.clock()

    async def load(self, keys: Iterable[Key]) -> list[Key]:
        """Load the boards not in memory; those whose stored ranking is not what they rank now
        (a crash came between storing scores and publishing the ranking) are returned."""
        wanted = set(keys)
        for key in wanted & self.boards.keys():
            self.boards.move_to_end(key)
        missing = sorted(wanted - self.boards.keys())
        entries = await self._entries(missing)
        loaded = await asyncio.gather(*(self._load(k, entries[k]) for k in missing))
        self._evict(keep=wanted)
        return [k for k, stale in zip(missing, loaded, strict=True) if stale]

    async def peek(self, keys: Iterable[Key]) -> dict[Key, SchemeBoard]:
        """The boards of `keys`, those not in memory read from the database without being kept:
        a ranking owed by a board dropped from memory must not push out the boards in use."""
        wanted = list(dict.fromkeys(keys))
        found = {k: self.boards[k] for k in wanted if k in self.boards}
        entries = await self._entries([k for k in wanted if k not in found])
        found.update({k: SchemeBoard(k[0], k[1], rows) for k, rows in entries.items()})
        return found

    async def _entries(self, keys: list[Key]) -> dict[Key, list[tuple[str, Entry]]]:
        """The stored entries of the boards of `keys`, in one round of queries."""
        by_period: dict[str, list[str]] = {}
        for scheme, period in keys:
            by_period.setdefault(period, []).append(scheme)
        # Many boards of one period (a new month, a start) come in one query of the period, the
        # others one by one, all at once: a second round of queries would wait behind whatever
        # the database is writing meanwhile (write-behind), a whole insert's time.
        whole = {p: s for p, s in by_period.items() if len(s) >= PERIOD_QUERY_MIN}
        singles = [k for k in keys if k[1] not in whole]
        entries: dict[Key, list[tuple[str, Entry]]] = {}
        for found in await asyncio.gather(*(self._period(p, s) for p, s in whole.items()),
                                          *(self._single(k) for k in singles)):
            entries.update(found)
        return entries

    def _evict(self, keep: set[Key]) -> None:
        surplus = len(self.boards) - MAX_BOARDS
        keep = keep | self.pinned
        for key in [k for k in self.boards if k not in keep][:max(surplus, 0)]:
            del self.boards[key]

    async def _period(self, period: str, schemes: list[str]) -> dict[Key, list[tuple[str, Entry]]]:
        return {(scheme, period): rows for scheme, rows in (await self.repo.period_entries(period, schemes)).items()}

    async def _single(self, key: Key) -> dict[Key, list[tuple[str, Entry]]]:
        return {key: await self.repo.entries(*key)}

    async def _load(self, key: Key, entries: list[tuple[str, Entry]]) -> bool:
        scheme, period = key
        board = SchemeBoard(scheme, period, entries)
        self.boards[key] = board
        if not len(board):
            return False  # nothing was ever scored here, so no ranking can be owed
        stored = await self.repo.ranking(scheme, period)
        if stored is None:
            return True
        if stored.get("final"):
            return False
        return bool(stored.get("ranks") != scheme_ranked(board, False, self.units)["ranks"])

    def board(self, scheme: str, period: str) -> SchemeBoard:
        return self.boards[(scheme, period)]

    async def load_previous(self, keys: Iterable[Key]) -> None:
        """Cache the final results of the periods before these, once those are frozen."""
        candidates = {(s, previous_period(p)) for s, p in keys} - set(self._finals)
        wanted = sorted(k for k in candidates if k[1] in self.frozen)
        for key, finals in zip(wanted, await asyncio.gather(*(self.repo.finals(*k) for k in wanted)),
                               strict=True):
            self._finals[key] = finals

    def previous(self, scheme: str, period: str, district: str) -> PreviousResult | None:
        """The district's final result on the scheme in the period before, if frozen."""
        return self._finals.get((scheme, previous_period(period)), {}).get(district)

    def cache_finals(self, scheme: str, period: str, finals: dict[str, PreviousResult]) -> None:
        self._finals[(scheme, period)] = finals

    def drop_period(self, period: str) -> None:
        for key in [k for k in self.boards if k[1] == period]:
            del self.boards[key]

    def drop_scheme(self, scheme: str) -> None:
        for key in [k for k in self.boards if k[0] == scheme]:
            del self.boards[key]

    def reset(self) -> None:
        """Forget every board (after a failure or a rebalance): they are reloaded when used."""
        self.boards.clear()
        self.pinned = set()
