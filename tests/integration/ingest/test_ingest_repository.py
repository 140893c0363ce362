"""The receipts port: one contract, run against the in-memory fake and against MongoDB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from services.ingest.domain.idempotency import ACCEPTED, PENDING, Prior
from services.ingest.frozen_periods import FrozenPeriods
from services.ingest.repository import SCHEMA, Receipts, Reservation
from shared.mongo import Mongo, connect
from shared.settings import Settings
from tests.unit.ingest.ingest_fakes import FakeReceipts

AT = datetime(2026, 3, 20, 10, 0, 0, 123000, tzinfo=UTC)


def reservation(sid: str, digest: str = "h1") -> Reservation:
    return Reservation(f"social-welfare|{sid}", sid, digest, "portal", AT, "scholarship", "agra", "2026-03", 1)


def key(sid: str) -> str:
    return f"social-welfare|{sid}"


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
    assert await receipts.find([key("a"), key("b"), key("c")]) == {key("a"): Prior("h1", PENDING, AT),
                                                                   key("b"): Prior("h2", PENDING, AT)}


async def test_an_id_reserved_before_is_reported_taken_and_keeps_its_first_content(receipts: Any) -> None:
    await receipts.reserve([reservation("a")])
    assert await receipts.reserve([reservation("a", "other"), reservation("b")]) == {key("a")}
    found = await receipts.find([key("a"), key("b")])
    assert (found[key("a")].content_hash, set(found)) == ("h1", {key("a"), key("b")})


async def test_the_same_id_in_another_department_is_another_submission(receipts: Any) -> None:
    await receipts.reserve([reservation("a")])
    theirs = Reservation("medical-health|a", "a", "h9", "other-portal", AT, "jsy", "agra", "2026-03", 1)
    assert await receipts.reserve([theirs]) == set()
    assert (await receipts.find(["medical-health|a"]))["medical-health|a"].content_hash == "h9"


async def test_confirmed_ids_are_accepted(receipts: Any) -> None:
    await receipts.reserve([reservation("a"), reservation("b")])
    await receipts.confirm([key("a")], AT)
    found = await receipts.find([key("a"), key("b")])
    assert (found[key("a")].status, found[key("b")].status) == (ACCEPTED, PENDING)


async def test_each_slot_keeps_the_highest_revision_accepted(receipts: Any) -> None:
    assert await receipts.highest_revisions(["s|agra|2026-03"]) == {"s|agra|2026-03": 0}
    await receipts.raise_revisions([("s|agra|2026-03", 3), ("s|agra|2026-03", 2), ("s|banda|2026-03", 1)])
    await receipts.raise_revisions([("s|agra|2026-03", 1)])
    assert await receipts.highest_revisions(["s|agra|2026-03", "s|banda|2026-03", "s|x|2026-03"]) == {
        "s|agra|2026-03": 3, "s|banda|2026-03": 1, "s|x|2026-03": 0}


async def test_frozen_periods_are_stored_once_and_reloaded_by_another_instance(mongo: Mongo) -> None:
    one, other = FrozenPeriods(lambda: mongo.db), FrozenPeriods(lambda: mongo.db)
    await one.freeze(["2026-01", "2026-01", "2026-02"], AT)
    assert one.known == {"2026-01", "2026-02"}
    await other.reload()
    assert other.known == {"2026-01", "2026-02"}
    assert await mongo.db["frozen_periods"].count_documents({}) == 2
