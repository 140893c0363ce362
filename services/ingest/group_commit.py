"""Group commit: writes requested while one is in flight go together in the next one.

The embedded MongoDB serves one operation at a time, so thirty-two concurrent submissions
each inserting and updating its receipt would queue sixty-four round trips. Merged, they
cost two, and each caller still waits for the write that carries its items.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class GroupCommit(Generic[T, R]):
    """`await run(items)` returns `flush(...)`'s results for those items, in their order;
    `flush` receives the items of every caller that arrived while the previous flush ran."""

    def __init__(self, flush: Callable[[list[T]], Awaitable[Sequence[R]]]) -> None:
        self._flush = flush
        self._waiting: list[tuple[list[T], asyncio.Future[list[R]]]] = []
        self._task: asyncio.Task[None] | None = None

    async def run(self, items: Sequence[T]) -> list[R]:
        if not items:
            return []
        future: asyncio.Future[list[R]] = asyncio.get_running_loop().create_future()
        self._waiting.append((list(items), future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._waiting:
            group, self._waiting = self._waiting, []
            merged = [item for items, _ in group for item in items]
            try:
                results = list(await self._flush(merged))
            except Exception as exc:
                for _, future in group:
                    if not future.done():
                        future.set_exception(exc)
                continue
            start = 0
            for items, future in group:
                if not future.done():
                    future.set_result(results[start:start + len(items)])
                start += len(items)
