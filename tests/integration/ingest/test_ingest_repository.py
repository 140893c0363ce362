"""The receipts port: one contract, run against the in-memory fake and against MongoDB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from services.ingest.domain.idempotency import ACCEPTED, PENDING, Prior
from services.ingest.repository import SCHEMA, FrozenPeriods, Receipts, Reservation
from shared.mongo import Mongo, connect
from shared.settings import Settings
from tests.unit.ingest.ingest_fakes import FakeReceipts

AT = datetime(2026, 3, 20, 10, 0, 0, 123000, tzinfo=UTC)


def reservation(sid: str, digest: str = "h1") -> Reservation:
    return Reservation(sid, digest, "portal", AT, "scholarship", "agra", "2026-03")


@pytest.fixture
async def mongo(mongo_url: str, database_name: str) -> AsyncIterator[Mongo]:
    db = await connect(Settings(KAFKA_BOOTSTRAP_SERVERS="x", MONGODB_URL=mongo_url, MONGODB_DATABASE=database_name),
                       SCHEMA)
    try:
        yield db
    finally:
        await db.close()


@pytest.fixture(params=["fake", "mongo"])
def receipts(request: pytest.FixtureRequest) -> Any:
    if request.param == "fake":
        return FakeReceipts()
    mongo: Mongo = request.getfixturevalue("mongo")
    return Receipts(lambda: mongo.db)


async def test_new_ids_are_reserved_as_pending_and_found_with_their_hash(receipts: Any) -> None:
    assert await receipts.reserve([reservation("a"), reservation("b", "h2")]) == set()
    assert await receipts.find(["a", "b", "c"]) == {"a": Prior("h1", PENDING, AT), "b": Prior("h2", PENDING, AT)}


async def test_an_id_reserved_before_is_reported_taken_and_keeps_its_first_content(receipts: Any) -> None:
    await receipts.reserve([reservation("a")])
    assert await receipts.reserve([reservation("a", "other"), reservation("b")]) == {"a"}
    found = await receipts.find(["a", "b"])
    assert (found["a"].content_hash, set(found)) == ("h1", {"a", "b"})


async def test_confirmed_ids_are_accepted(receipts: Any) -> None:
    await receipts.reserve([reservation("a"), reservation("b")])
    await receipts.confirm(["a"], AT)
    found = await receipts.find(["a", "b"])
    assert (found["a"].status, found["b"].status) == (ACCEPTED, PENDING)


async def test_frozen_periods_are_stored_once_and_reloaded_by_another_instance(mongo: Mongo) -> None:
    one, other = FrozenPeriods(lambda: mongo.db), FrozenPeriods(lambda: mongo.db)
    await one.freeze(["2026-01", "2026-01", "2026-02"], AT)
    assert one.known == {"2026-01", "2026-02"}
    await other.reload()
    assert other.known == {"2026-01", "2026-02"}
    assert await mongo.db["frozen_periods"].count_documents({}) == 2
