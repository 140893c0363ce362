"""The ranking tick reads boards dropped from memory outside the scheme stage's lock, so the
consumer never waits on those reads; a ranking read while its board changed is published again."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace
from typing import Any

import pytest

from services.scoring import scheme_state
from services.scoring.context import Context
from services.scoring.metrics import ScoringMetrics
from services.scoring.scheme_stage import SchemeStage
from shared.observability import ServiceMetrics
from shared.settings import Settings
from shared.topics import PROGRESS_SUBMITTED, RANKS_UPDATED
from tests.unit.scoring.scoring_builders import scheme


class Store:
    """Nothing stored; reads of the entries of `held` wait until `release` is set."""

    def __init__(self) -> None:
        self.held: tuple[str, str] | None = None
        self.reading = asyncio.Event()
        self.release = asyncio.Event()
        self.rankings: list[dict[str, Any]] = []

    async def frozen_periods(self) -> set[str]:
        return set()

    async def stored_submissions(self, ids: Any) -> dict[str, Any]:
        return {}

    async def entries(self, scheme_id: str, period: str) -> list[Any]:
        if (scheme_id, period) == self.held:
            self.held = None  # once: the database answers the next read at once
            self.reading.set()
            await self.release.wait()
        return []

    async def period_entries(self, period: str, schemes: Any) -> dict[str, list[Any]]:
        return {s: [] for s in schemes}

    async def ranking(self, scheme_id: str, period: str) -> None:
        return None

    async def finals(self, scheme_id: str, period: str) -> dict[str, Any]:
        return {}

    async def add_submissions(self, docs: Any) -> None: ...

    async def add_rejections(self, docs: Any) -> None: ...

    async def save_scores(self, docs: Any, new: Any = ()) -> None: ...

    async def save_rankings(self, payloads: Any) -> None:
        self.rankings.extend(payloads)


class Producer:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, bytes]] = []

    async def publish(self, items: Any) -> None:
        self.sent.extend(items)


def _record(offset: int, period: str, district: str, revision: int = 1) -> SimpleNamespace:
    data = {"submission_id": f"s-{offset}", "scheme": "a", "district": district, "period": period,
            "revision": revision, "values": {"done": 5 + offset, "due": 10 + offset}}
    event = {"specversion": "1.0", "id": f"e-{offset}", "type": "progress.submitted.v1", "source": "test",
             "time": f"{period}-20T10:00:0{offset}Z", "data": data}
    return SimpleNamespace(topic=PROGRESS_SUBMITTED, partition=0, offset=offset, key=b"a",
                           value=json.dumps(event).encode(), timestamp=1)


def _stage(store: Store, producer: Producer) -> SchemeStage:
    schemes = {"a": scheme("a")}
    catalog = SimpleNamespace(schemes=schemes, retired=set(), get=schemes.get)
    metrics = ServiceMetrics("test_rank_tick")
    ctx = Context(Settings(today="2026-03-28"), catalog, producer, ScoringMetrics(metrics.registry),  # type: ignore[arg-type]
                  metrics)
    return SchemeStage(ctx, store)  # type: ignore[arg-type]


def _ranked(producer: Producer) -> list[str]:
    return [json.loads(value)["data"]["period"] for topic, _, value in producer.sent if topic == RANKS_UPDATED]


@pytest.fixture
def one_board(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scheme_state, "MAX_BOARDS", 1)


@pytest.mark.usefixtures("one_board")
async def test_a_dropped_board_is_read_while_the_consumer_goes_on() -> None:
    store, producer = Store(), Producer()
    stage = _stage(store, producer)
    await stage.handle([_record(0, "2026-02", "agra")])
    await stage.handle([_record(1, "2026-03", "agra")])  # 2026-02's board is dropped, its ranking owed
    assert ("a", "2026-02") not in stage.state.boards
    store.held = ("a", "2026-02")

    tick = asyncio.create_task(stage.tick())
    await asyncio.wait_for(store.reading.wait(), 5)
    assert not stage.pipeline.lock.locked()
    await asyncio.wait_for(stage.handle([_record(2, "2026-03", "banda")]), 5)  # not held up by the read
    store.release.set()
    await asyncio.wait_for(tick, 5)

    assert sorted(_ranked(producer)) == ["2026-02", "2026-03"]
    assert {(r["scheme"], r["period"]) for r in store.rankings} == {("a", "2026-02"), ("a", "2026-03")}


@pytest.mark.usefixtures("one_board")
async def test_a_ranking_read_while_its_board_changed_stays_due() -> None:
    store, producer = Store(), Producer()
    stage = _stage(store, producer)
    await stage.handle([_record(0, "2026-02", "agra")])
    await stage.handle([_record(1, "2026-03", "agra")])
    store.held = ("a", "2026-02")

    tick = asyncio.create_task(stage.tick())
    await asyncio.wait_for(store.reading.wait(), 5)
    await asyncio.wait_for(stage.handle([_record(2, "2026-02", "banda")]), 5)  # the board changes under the read
    store.release.set()
    await asyncio.wait_for(tick, 5)

    assert "2026-02" in _ranked(producer)  # what was read went out, and is owed again
    assert stage.ranks.throttle.generation(("a", "2026-02")) is not None
    assert stage.ranks.throttle.generation(("a", "2026-03")) is None
