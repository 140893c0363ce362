"""Regression (found by the crash-safety replay): scoring stores a batch's scores, then publishes
the scheme's live ranking at most once per interval. A SIGKILL in between left the stored (and
published) ranking behind the scores, and nothing published it again until the scheme's next
submission, which in a settled month never comes: GET /v1/rankings showed marks that no longer
counted. Now every partition assignment looks for such rankings and publishes them.

The crash window is reproduced exactly by its result: the stored ranking is made stale while
scoring is stopped; scoring must correct it on its own when it starts again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient

from shared.topics import PROGRESS_SUBMITTED
from tests.faults.scenario import until
from tests.faults.stack import DATABASE, stack_up
from tests.support.kafka import event_bytes, produce

DISTRICTS = ("agra", "aligarh", "banda", "bareilly", "etah", "gonda", "hardoi", "jhansi")
RANKING = "jsy|2026-03"


def submission(i: int, district: str) -> dict[str, Any]:
    return {"submission_id": f"stale-{district}", "scheme": "jsy", "district": district, "period": "2026-03",
            "values": {"beneficiaries_paid": 40 + 7 * i, "institutional_deliveries": 100}}


async def test_a_live_ranking_left_behind_by_a_crash_is_published_again_on_restart(tmp_path: Path) -> None:
    stack = await stack_up(tmp_path, services=["scoring"])
    db: Any = AsyncMongoClient(stack.database.url)[DATABASE]
    try:
        events = [("jsy", event_bytes("progress.submitted.v1", submission(i, d))) for i, d in enumerate(DISTRICTS)]
        await produce(stack.bootstrap, PROGRESS_SUBMITTED, events)

        async def ranked() -> bool:
            """The stored live ranking ranks the marks that count, for all eight districts."""
            doc = await db["rankings"].find_one({"_id": RANKING})
            scores = {d["district"]: d["marks"] async for d in db["scores"].find({"scheme": "jsy"})}
            return bool(doc) and len(scores) == len(DISTRICTS) and scores == {
                r["district"]: r["marks"] for r in doc["ranks"]}

        await until("the live ranking of all eight districts", ranked, stack, 60)
        stack.services["scoring"].stop()
        stale = await db["rankings"].find_one({"_id": RANKING})
        assert stale is not None
        stale["ranks"][0]["marks"] = 0.01  # the marks of a revision the ranking never saw
        await db["rankings"].replace_one({"_id": RANKING}, stale)
        assert not await ranked()
        stack.restart("scoring")
        await stack.wait_ready()
        await until("scoring to publish the stale ranking again", ranked, stack, 60)
    finally:
        await db.client.close()
        await stack.down()
