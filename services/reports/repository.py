"""The reports service's read models in MongoDB, built from the events it consumes.

Collections are prefixed `reports_` because the services may share one database and the
read models are this service's own (it never reads another service's collections). Every
write is an upsert keyed by what the event is about, so a redelivered batch writes the same
documents again. Each `save_*` returns the (district, period) pairs whose minutes changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pymongo import DeleteOne, ReplaceOne, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from services.reports.rankings import diff, pair_key
from services.reports.records import ranking_subject, submission_key
from shared.events.alerts import Alert
from shared.events.ingest import ProgressSubmitted
from shared.events.scoring import CompositeRanked, SchemeRanked, SchemeScored
from shared.mongo import Index
from shared.topics import COMPOSITE_KEY

Pair = tuple[str, str]  # (district, period)
Doc = dict[str, Any]

SUBMISSIONS, SCORES, RANKS = "reports_submissions", "reports_scores", "reports_ranks"
ALERTS, PERIODS = "reports_alerts", "reports_periods"
# Read through one-field keys of pairs (rankings.pair_key): dp = district|period,
# sp = subject|period, ds = district|subject.
READ_MODEL_SCHEMA: dict[str, list[Index]] = {
    SUBMISSIONS: [],
    SCORES: [Index([("dp", 1)]), Index([("submission_id", 1)])],
    RANKS: [Index([("sp", 1)]), Index([("dp", 1)]), Index([("ds", 1)])],
    ALERTS: [Index([("dp", 1)])],
    PERIODS: [],
}


class ReadModels:
    """Latest scores, the submitted figures, rankings, alerts and frozen periods."""

    def __init__(self, database: Callable[[], AsyncDatabase[Doc]]) -> None:
        # A provider, not the database: the service connects only when it starts.
        self._database = database

    @property
    def db(self) -> AsyncDatabase[Doc]:
        return self._database()

    async def save_submissions(self, subs: Mapping[str, ProgressSubmitted]) -> set[Pair]:
        """Keep every submission's figures by scheme and id, the first received (as scoring keeps
        the first: a later message reusing the id changes nothing); a score already counting
        one is now explained."""
        if not subs:
            return set()
        await self.db[SUBMISSIONS].bulk_write(
            [UpdateOne({"_id": key}, {"$setOnInsert": s.model_dump(mode="json")}, upsert=True)
             for key, s in subs.items()], ordered=False)
        ids = sorted({s.submission_id for s in subs.values()})
        cursor = self.db[SCORES].find({"submission_id": {"$in": ids}}, {"district": 1, "period": 1, "scheme": 1,
                                                                       "submission_id": 1})
        return {(d["district"], d["period"]) async for d in cursor
                if submission_key(d["scheme"], d["submission_id"]) in subs}

    async def save_scores(self, scores: Mapping[tuple[str, str, str], SchemeScored]) -> set[Pair]:
        if not scores:
            return set()
        await self.db[SCORES].bulk_write(
            [ReplaceOne({"_id": "|".join(key)}, {"_id": "|".join(key), "dp": pair_key(s.district, s.period),
                                                 **s.model_dump(mode="json")}, upsert=True)
             for key, s in scores.items()], ordered=True)
        return {(district, period) for district, _, period in scores}

    async def save_rankings(
        self, rankings: Mapping[tuple[str, str], SchemeRanked | CompositeRanked],
    ) -> tuple[set[Pair], set[Pair]]:
        """Store each snapshot's changed entries; returns (changed pairs, of which composite)."""
        changed: set[Pair] = set()
        composite: set[Pair] = set()
        for (subject, period), ranking in rankings.items():
            stored = {d["district"]: d async for d in self.db[RANKS].find({"sp": pair_key(subject, period)})}
            update = diff(stored, ranking)
            writes: list[Any] = [ReplaceOne({"_id": d["_id"]}, d, upsert=True) for d in update.upserts]
            writes += [DeleteOne({"_id": i}) for i in update.deletes]
            if writes:
                await self.db[RANKS].bulk_write(writes, ordered=False)
            pairs = {(d, period) for d in update.changed}
            changed |= pairs
            if ranking_subject(ranking) == COMPOSITE_KEY:
                composite |= pairs
        return changed, composite

    async def save_alerts(self, alerts: Mapping[str, tuple[Alert, str]]) -> set[Pair]:
        if not alerts:
            return set()
        await self.db[ALERTS].bulk_write(
            [ReplaceOne({"_id": aid}, {"_id": aid, "dp": pair_key(a.district, a.period), **a.model_dump(mode="json"),
                                       "status": status}, upsert=True)
             for aid, (a, status) in alerts.items()], ordered=True)
        return {(a.district, a.period) for a, _ in alerts.values()}

    async def save_frozen(self, periods: Iterable[str]) -> None:
        writes = [ReplaceOne({"_id": p}, {"_id": p, "frozen": True}, upsert=True) for p in periods]
        if writes:
            await self.db[PERIODS].bulk_write(writes, ordered=False)

    # Reading one district and period.

    async def scores(self, district: str, period: str) -> dict[str, Doc]:
        return {d["scheme"]: d async for d in self.db[SCORES].find({"dp": pair_key(district, period)})}

    async def figures(self, keys: Iterable[str]) -> dict[str, dict[str, float]]:
        """The figures of submissions by `records.submission_key` (scheme and id)."""
        cursor = self.db[SUBMISSIONS].find({"_id": {"$in": list(keys)}}, {"values": 1})
        return {d["_id"]: d.get("values") or {} async for d in cursor}

    async def ranks(self, district: str, period: str) -> dict[str, Doc]:
        return {d["subject"]: d async for d in self.db[RANKS].find({"dp": pair_key(district, period)})}

    async def composites(self, district: str, periods: Iterable[str]) -> list[Doc]:
        wanted = set(periods)
        cursor = self.db[RANKS].find({"ds": pair_key(district, COMPOSITE_KEY)})
        return [d async for d in cursor if d["period"] in wanted]

    async def alerts(self, district: str, period: str) -> list[Doc]:
        return [d async for d in self.db[ALERTS].find({"dp": pair_key(district, period)})]

    async def alert_status(self, alert_ids: Iterable[str]) -> dict[str, str]:
        cursor = self.db[ALERTS].find({"_id": {"$in": list(alert_ids)}}, {"status": 1})
        return {d["_id"]: d.get("status", "open") async for d in cursor}

    async def frozen(self, period: str) -> bool:
        return await self.db[PERIODS].find_one({"_id": period}) is not None

    async def frozen_periods(self, latest: int) -> list[str]:
        """The `latest` frozen periods, newest first."""
        found = await self.db[PERIODS].find({}, {"_id": 1}).sort("_id", -1).limit(latest).to_list(None)
        return [str(d["_id"]) for d in found]

    async def latest_period(self, district: str) -> str | None:
        """The latest period in which the district has a composite rank (for `latest`)."""
        cursor = self.db[RANKS].find({"ds": pair_key(district, COMPOSITE_KEY)}, {"period": 1})
        return max([d["period"] async for d in cursor], default=None)

    async def has_scores(self, district: str, period: str) -> bool:
        return await self.db[SCORES].find_one({"dp": pair_key(district, period)}, {"_id": 1}) is not None
