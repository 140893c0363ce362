"""Group commit: concurrent writes are merged, and each caller gets its own results."""

from __future__ import annotations

import asyncio

import pytest

from services.ingest.group_commit import GroupCommit


class Store:
    def __init__(self) -> None:
        self.flushes: list[list[int]] = []
        self.fail = False

    async def flush(self, items: list[int]) -> list[int]:
        self.flushes.append(items)
        await asyncio.sleep(0.01)
        if self.fail:
            raise ConnectionError("down")
        return [i * 10 for i in items]


async def test_callers_arriving_during_a_flush_share_the_next_one_and_get_their_own_results() -> None:
    store = Store()
    commit = GroupCommit(store.flush)
    results = await asyncio.gather(commit.run([1]), commit.run([2, 3]), commit.run([4]))
    assert results == [[10], [20, 30], [40]]
    assert store.flushes == [[1, 2, 3, 4]]


async def test_a_caller_after_a_flush_in_flight_waits_for_the_next_flush() -> None:
    store = Store()
    commit = GroupCommit(store.flush)
    first = asyncio.ensure_future(commit.run([1]))
    await asyncio.sleep(0.002)  # the first flush is under way
    second = await asyncio.gather(commit.run([2]), commit.run([3]))
    assert (await first, second) == ([10], [[20], [30]])
    assert store.flushes == [[1], [2, 3]]


async def test_a_failed_flush_fails_every_caller_in_it_and_the_next_flush_runs_normally() -> None:
    store = Store()
    commit = GroupCommit(store.flush)
    store.fail = True
    outcomes = await asyncio.gather(commit.run([1]), commit.run([2]), return_exceptions=True)
    assert all(isinstance(o, ConnectionError) for o in outcomes)
    store.fail = False
    assert await commit.run([3]) == [30]


async def test_nothing_to_write_writes_nothing() -> None:
    store = Store()
    assert await GroupCommit(store.flush).run([]) == []
    assert store.flushes == []


async def test_a_cancelled_caller_does_not_stop_the_others() -> None:
    store = Store()
    commit = GroupCommit(store.flush)
    doomed = asyncio.ensure_future(commit.run([1]))
    survivor = asyncio.ensure_future(commit.run([2]))
    await asyncio.sleep(0)
    doomed.cancel()
    assert await survivor == [20]
    with pytest.raises(asyncio.CancelledError):
        await doomed
