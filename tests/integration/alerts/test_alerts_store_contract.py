"""One contract for the alert store, run against the in-memory fake and the MongoDB adapter,
so the handlers' unit tests (on the fake) say something true about production."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from services.alerts.domain.suppression import Verdict
from services.alerts.main import SCHEMA
from services.alerts.ports import Ack, AlertQuery, AlertStore
from services.alerts.repository import MongoAlertStore
from shared.mongo import connect
from shared.settings import Settings
from tests.unit.alerts.alerts_builders import alert
from tests.unit.alerts.alerts_fakes import FakeAlertStore

T0 = datetime(2026, 3, 24, 10, 0, tzinfo=UTC)
DROP = alert()
MISSED = alert(type="missed_deadline",
               alert_id="missed_deadline:kanpur-nagar:sc-postmatric-scholarship:2026-03:missing")
OTHER = alert(alert_id="grade_drop:agra:jsy:2026-03:C", district="agra", scheme="jsy")


@pytest.fixture(params=["fake", "mongo"])
async def store(request: pytest.FixtureRequest, mongo_url: str, database_name: str) -> AsyncIterator[AlertStore]:
    if request.param == "fake":
        yield FakeAlertStore()
        return
    settings = Settings(MONGODB_URL=mongo_url, MONGODB_DATABASE=database_name, mongodb_write_concern="1",
                        mongodb_journal=False)
    mongo = await connect(settings, SCHEMA)
    try:
        yield MongoAlertStore(mongo.db)
    finally:
        await mongo.client.drop_database(database_name)
        await mongo.close()


async def test_an_alert_is_stored_once_and_a_second_insert_reports_it_as_not_new(store: AlertStore) -> None:
    assert len(await store.store([Verdict(DROP), Verdict(MISSED)], [], (), T0)) == 2
    again = await store.store([Verdict(DROP), Verdict(OTHER)], [], (), T0 + timedelta(seconds=1))
    assert [v.alert.alert_id for v in again] == [OTHER.alert_id]


async def test_new_alerts_are_pending_until_marked_published_but_suppressed_ones_never(store: AlertStore) -> None:
    await store.store([Verdict(DROP), Verdict(MISSED, silenced_by="s1")], [], (), T0)
    [pending] = await store.pending()
    assert (pending.alert.alert_id, pending.publish_raised, pending.publish_resolved) == (DROP.alert_id, True, False)
    await store.mark_published([DROP.alert_id], [])
    assert await store.pending() == []
    assert (await store.get(DROP.alert_id) or {})["published"] is True


async def test_a_resolution_is_pending_only_when_announced(store: AlertStore) -> None:
    await store.store([Verdict(DROP), Verdict(MISSED, silenced_by="s1")], [], (), T0)
    await store.mark_published([DROP.alert_id], [])
    await store.store([], [DROP, MISSED], {DROP.alert_id}, T0 + timedelta(minutes=1))
    [pending] = await store.pending()
    assert (pending.alert.alert_id, pending.publish_raised, pending.publish_resolved) == (DROP.alert_id, False, True)
    await store.mark_published([], [DROP.alert_id])
    assert await store.pending() == []
    found = await store.get(DROP.alert_id)
    assert found is not None and found["status"] == "resolved" and found["resolved_at"] == "2026-03-24T10:01:00Z"


async def test_alerts_are_found_by_triple_scheme_and_type(store: AlertStore) -> None:
    await store.store([Verdict(DROP), Verdict(MISSED), Verdict(OTHER)], [], (), T0)
    by_triple = await store.of_triples({("kanpur-nagar", "sc-postmatric-scholarship", "2026-03")})
    assert {a.alert_id for a in by_triple} == {DROP.alert_id, MISSED.alert_id}
    assert [a.alert_id for a in await store.of_scheme("jsy", "2026-03")] == [OTHER.alert_id]
    assert [a.alert_id for a in await store.of_type("missed_deadline", "2026-03")] == [MISSED.alert_id]
    assert await store.of_type("missed_deadline", "2026-02") == []


async def test_many_triples_of_one_period_are_found_alike(store: AlertStore) -> None:
    many = [alert(alert_id=f"grade_drop:d{i}:jsy:2026-03:C", district=f"d{i}", scheme="jsy") for i in range(30)]
    await store.store([Verdict(a) for a in [*many, DROP, OTHER]], [], (), T0)
    wanted = {(a.district, a.scheme, a.period) for a in many[:25]} | {("kanpur-nagar", "jsy", "2026-03")}
    found = await store.of_triples(wanted)
    assert sorted(a.alert_id for a in found) == sorted(a.alert_id for a in many[:25])


async def test_the_list_is_newest_first_filtered_and_limited(store: AlertStore) -> None:
    await store.store([Verdict(DROP)], [], (), T0)
    await store.store([Verdict(MISSED), Verdict(OTHER)], [], (), T0 + timedelta(seconds=5))
    newest = [a["alert_id"] for a in await store.find(AlertQuery())]
    assert newest == [OTHER.alert_id, MISSED.alert_id, DROP.alert_id]
    assert [a["alert_id"] for a in await store.find(AlertQuery(limit=1))] == [OTHER.alert_id]
    assert [a["alert_id"] for a in await store.find(AlertQuery(district="agra"))] == [OTHER.alert_id]
    found = await store.find(AlertQuery(type="missed_deadline", status="open", period="2026-03"))
    assert [a["alert_id"] for a in found] == [MISSED.alert_id]
    assert "notify" not in found[0] and "_id" not in found[0]


async def test_only_open_or_acknowledged_alerts_can_be_acknowledged(store: AlertStore) -> None:
    await store.store([Verdict(DROP), Verdict(MISSED, inhibited_by="x")], [], (), T0)
    done = await store.acknowledge(DROP.alert_id, Ack("duty officer", "called the DM", T0, "cc-key"))
    assert done is not None and done["status"] == "acknowledged"
    first = {"by": "duty officer", "note": "called the DM", "at": "2026-03-24T10:00:00Z", "key_id": "cc-key"}
    assert done["acknowledged"] == first and done["acknowledgements"] == [first]
    again = await store.acknowledge(DROP.alert_id, Ack("supervisor", "", T0 + timedelta(hours=1), "cc-2"))
    assert again is not None and [a["by"] for a in again["acknowledgements"]] == ["duty officer", "supervisor"]
    assert again["acknowledged"]["by"] == "supervisor"
    assert await store.acknowledge(MISSED.alert_id, Ack("duty officer", "", T0, "cc-key")) is None
    assert await store.acknowledge("unknown", Ack("duty officer", "", T0, "cc-key")) is None
