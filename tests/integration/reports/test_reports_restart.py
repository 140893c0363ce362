"""A crash of the reports service loses no pending draft: the dirty marks are in MongoDB
before the offsets are committed, so a process killed between the two steps of its work
(events consumed, draft not yet regenerated) leaves the work to its successor."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from tests.integration.reports.golden_events import DISTRICT, january
from tests.integration.reports.reports_service import (
    Reports,
    committed_past,
    eventually,
    produce_and_locate,
    reports_service,
)


@pytest.fixture(scope="module")
async def reports(tmp_path_factory: pytest.TempPathFactory, mongo_url: str) -> AsyncIterator[Reports]:
    # A debounce far longer than the test: a draft can only wait in its dirty mark.
    async with reports_service(tmp_path_factory.mktemp("restart"), mongo_url, debounce_s=600) as service:
        yield service


async def dirty_mark(mongo_url: str, database: str, period: str) -> dict[str, Any] | None:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    try:
        return await client[database]["reports_dirty"].find_one({"_id": f"{DISTRICT}|{period}"})
    finally:
        await client.close()


async def test_a_crash_after_the_events_are_committed_loses_no_pending_draft(reports: Reports, mongo_url: str) -> None:
    placed = await produce_and_locate(reports.bootstrap, january())
    await eventually(lambda: committed_past(reports.bootstrap, placed), what="the offsets to be committed")
    assert await dirty_mark(mongo_url, reports.env["MONGODB_DATABASE"], "2026-01") is not None
    waiting = await reports.http.get(f"/v1/minutes/{DISTRICT}/2026-01")  # still within its debounce
    assert (waiting.status_code, waiting.json()["errors"][0]["code"]) == (404, "not_ready")
    assert waiting.headers["Retry-After"] == "600"

    reports.crash_and_restart(ANUSHRAVAN_MINUTES_DEBOUNCE_S="0.3")

    doc = await eventually(lambda: reports.minutes("2026-01"), timeout_s=60, what="the draft after the crash")
    assert (doc["version"], doc["status"]) == (1, "draft")
    assert [i["scheme"] for s in doc["sections"] for i in s["items"]] == ["jsy"]
    assert await dirty_mark(mongo_url, reports.env["MONGODB_DATABASE"], "2026-01") is None
    assert [v["version"] for v in await reports.versions("2026-01")] == [1]
