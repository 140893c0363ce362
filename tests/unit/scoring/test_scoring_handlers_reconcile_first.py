"""A scheme waiting to be compared with the catalogue is reconciled before its submissions are
scored, so a first start never re-scores what its own catch-up has just stored."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from services.scoring.context import Context
from services.scoring.coordination import ReconcileQueue
from services.scoring.metrics import ScoringMetrics
from services.scoring.ownership import Ownership
from services.scoring.scheme_stage import SchemeStage
from shared.health import Health
from shared.observability import ServiceMetrics
from shared.settings import Settings
from shared.topics import PROGRESS_SUBMITTED
from shared.write_behind import PlainWay
from tests.unit.scoring.scoring_builders import scheme


class Store:
    """Nothing stored; every call is written down in order."""

    def __init__(self, calls: list[str]) -> None:
        self.calls = calls

    async def frozen_periods(self) -> set[str]:
        return set()

    async def stored_submissions(self, ids: Any) -> dict[str, Any]:
        return {}

    async def entries(self, scheme: str, period: str) -> list[Any]:
        self.calls.append(f"load {scheme}")
        return []

    async def period_entries(self, period: str, schemes: Any) -> dict[str, list[Any]]:
        self.calls.extend(f"load {s}" for s in schemes)
        return {s: [] for s in schemes}

    async def ranking(self, scheme: str, period: str) -> None:
        return None

    async def finals(self, scheme: str, period: str) -> dict[str, Any]:
        return {}

    async def add_submissions(self, docs: Any) -> None:
        self.calls.append("audit")

    async def add_rejections(self, docs: Any) -> None:
        return None

    async def save_scores(self, docs: Any, new: Any = ()) -> None:
        self.calls.append("scores")


class Producer:
    async def publish(self, items: Any) -> None:
        return None


class Reconciler:
    def __init__(self, calls: list[str]) -> None:
        self.calls = calls
        self.state = SimpleNamespace(reset=lambda: None)

    async def reconcile(self, scheme_id: str) -> bool:
        self.calls.append(f"reconcile {scheme_id}")
        return True


def _record(offset: int, scheme_id: str, district: str) -> SimpleNamespace:
    data = {"submission_id": f"s-{offset}", "scheme": scheme_id, "district": district, "period": "2026-03",
            "revision": 1, "values": {"done": 5, "due": 10}}
    event = {"specversion": "1.0", "id": f"e-{offset}", "type": "progress.submitted.v1", "source": "test",
             "time": "2026-03-20T10:00:00Z", "data": data}
    return SimpleNamespace(topic=PROGRESS_SUBMITTED, partition=0, offset=offset, key=scheme_id.encode(),
                           value=json.dumps(event).encode(), timestamp=1)


def _stage(calls: list[str], *scheme_ids: str) -> tuple[SchemeStage, ReconcileQueue]:
    """A scheme stage owning every scheme, with a reconciler queue that writes its work in `calls`."""
    schemes = {s.id: s for s in (scheme(i) for i in scheme_ids)}
    catalog = SimpleNamespace(schemes=schemes, retired=set(), get=schemes.get)
    metrics = ServiceMetrics("test_reconcile_first")
    ctx = Context(Settings(today="2026-03-28"), catalog, Producer(), ScoringMetrics(metrics.registry),  # type: ignore[arg-type]
                  metrics)
    stage = SchemeStage(ctx, Store(calls))  # type: ignore[arg-type]
    ownership = Ownership()
    ownership.assign(range(6), 6)
    queue = ReconcileQueue(Reconciler(calls), stage.lock, ownership, Health())  # type: ignore[arg-type]
    stage.reconciling = queue
    return stage, queue


async def test_waiting_schemes_of_a_batch_are_reconciled_before_they_are_scored() -> None:
    calls: list[str] = []
    stage, queue = _stage(calls, "a", "b", "c")
    queue.add(["a", "b", "c"])

    await stage.handle([_record(0, "b", "agra"), _record(1, "a", "agra")])

    reconciled = [c for c in calls if c.startswith("reconcile")]
    assert reconciled == ["reconcile a", "reconcile b"]
    assert calls.index("reconcile b") < calls.index("audit")  # compared first, then scored and stored
    assert queue.pending == {"c"}  # left to the background task: none of its submissions came
    calls.clear()
    await stage.handle([_record(2, "a", "banda")])
    assert not any(c.startswith("reconcile") for c in calls)  # once per assignment


async def test_a_batch_with_a_waiting_scheme_is_not_stored_behind_another() -> None:
    calls: list[str] = []
    stage, queue = _stage(calls, "a", "b")
    queue.add(["b"])
    assert await stage.prepare([_record(0, "a", "agra")]) is not None  # nothing waits: behind
    with pytest.raises(PlainWay):  # re-scoring b must not race the batch being stored
        await stage.prepare([_record(1, "b", "agra")])
    assert not any(c.startswith("reconcile") for c in calls)
