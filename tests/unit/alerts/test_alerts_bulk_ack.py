"""Acknowledging alerts in bulk by a filter, and `latest` for a period, over the alerts API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from prometheus_client import CollectorRegistry

from services.alerts.http import alerts_router
from services.alerts.ports import Stores
from shared.auth import ApiKey, KeyStore, hash_secret
from shared.health import Health
from shared.http import create_http_app
from shared.observability import ServiceMetrics
from shared.topics import PERIODS_EVENTS, SCORES_UPDATED
from tests.unit.alerts.alerts_builders import scheme, scored
from tests.unit.alerts.alerts_fakes import Harness, harness, record

KEYS = KeyStore([ApiKey(id="viewer", role="viewer", sha256=hash_secret("secret-viewer")),
                 ApiKey(id="cc-duty", role="admin", sha256=hash_secret("secret-admin")),
                 ApiKey(id="agra-systems", role="district", district="agra", sha256=hash_secret("secret-agra"))])
VIEWER = {"Authorization": "Bearer secret-viewer"}
ADMIN = {"Authorization": "Bearer secret-admin"}
AGRA = {"Authorization": "Bearer secret-agra"}


@pytest.fixture
async def service() -> Harness:
    s = harness(scheme())
    await s.rankings([record(PERIODS_EVENTS, "period.deadline_passed.v1", {"period": "2026-02"})])
    s.now += timedelta(minutes=1)
    await s.scores([record(SCORES_UPDATED, "scheme.scored.v1", scored("D", "B").model_dump(mode="json"))])
    return s


@pytest.fixture
async def client(service: Harness) -> AsyncIterator[httpx.AsyncClient]:
    app = create_http_app("alerts", ServiceMetrics("alerts", CollectorRegistry()), Health(), KEYS, None)
    stores = Stores(service.alerts, service.read, service.silences)
    app.include_router(alerts_router(lambda: stores, service.catalog, lambda: service.now))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://alerts") as c:
        yield c


def missed(service: Harness) -> list[str]:
    return sorted(i for i, d in service.alerts.docs.items() if d["type"] == "missed_deadline")


async def test_a_filter_acknowledges_every_open_alert_it_matches_and_nothing_else(
    client: httpx.AsyncClient, service: Harness,
) -> None:
    ids = missed(service)
    assert len(ids) > 1  # every district of the reference data missed the deadline of 2026-02
    answer = await client.post("/v1/alerts:ack", headers=ADMIN, json={
        "filter": {"type": "missed_deadline", "period": "2026-02"}, "by": "someone else", "note": "drill by mistake"})
    assert answer.status_code == 200
    assert answer.json()["matched"] == answer.json()["acknowledged"] == len(ids)
    assert sorted(answer.json()["alert_ids"]) == ids
    assert {service.alerts.docs[i]["status"] for i in ids} == {"acknowledged"}
    assert service.alerts.docs[ids[0]]["acknowledged"]["by"] == "cc-duty"
    others = [d for d in service.alerts.docs.values() if d["type"] != "missed_deadline"]
    assert others and {d["status"] for d in others} == {"open"}


async def test_a_dry_run_counts_and_changes_nothing(client: httpx.AsyncClient, service: Harness) -> None:
    answer = await client.post("/v1/alerts:ack", headers=ADMIN, json={
        "filter": {"type": "missed_deadline", "district": "agra"}, "dry_run": True})
    assert answer.json()["matched"] == len([i for i in missed(service) if ":agra:" in i])
    assert answer.json()["acknowledged"] == 0
    assert {service.alerts.docs[i]["status"] for i in missed(service)} == {"open"}


async def test_a_filter_that_narrows_nothing_is_refused(client: httpx.AsyncClient) -> None:
    for body in ({"filter": {}, "by": "x"}, {"filter": {"severity": "warning"}, "by": "x"}):
        answer = await client.post("/v1/alerts:ack", headers=ADMIN, json=body)
        assert answer.status_code == 422 and answer.json()["errors"][0]["code"] == "too_broad"
    unknown = await client.post("/v1/alerts:ack", headers=ADMIN, json={"filter": {"colour": "red"}, "by": "x"})
    assert unknown.status_code == 422


async def test_a_viewer_key_acknowledges_under_its_own_id(client: httpx.AsyncClient, service: Harness) -> None:
    answer = await client.post("/v1/alerts:ack", headers=VIEWER,
                               json={"filter": {"type": "missed_deadline"}, "by": "someone else"})
    assert answer.status_code == 200 and answer.json()["outside_scope"] == 0
    first = service.alerts.docs[missed(service)[0]]
    assert first["status"] == "acknowledged" and first["acknowledged"]["by"] != "someone else"


async def test_a_district_key_acknowledges_only_its_districts_alerts(client: httpx.AsyncClient,
                                                                     service: Harness) -> None:
    answer = await client.post("/v1/alerts:ack", headers=AGRA, json={"filter": {"type": "missed_deadline"}})
    own = [i for i in missed(service) if ":agra:" in i]
    assert answer.status_code == 200 and sorted(answer.json()["alert_ids"]) == own
    assert answer.json()["outside_scope"] == len(missed(service)) - len(own) > 0
    assert {service.alerts.docs[i]["status"] for i in missed(service) if i not in own} == {"open"}
    assert service.alerts.docs[own[0]]["acknowledged"]["by"] == "agra-systems"


async def test_latest_is_the_latest_period_with_an_alert(client: httpx.AsyncClient) -> None:
    latest = (await client.get("/v1/alerts", params={"period": "latest"}, headers=VIEWER)).json()
    assert {a["period"] for a in latest} == {"2026-03"}
    agra = (await client.get("/v1/alerts", params={"period": "latest", "district": "agra"}, headers=VIEWER)).json()
    assert {a["period"] for a in agra} == {"2026-02"}
    digest = await client.get("/v1/digest/kanpur-nagar/latest", headers=VIEWER)
    assert digest.status_code == 200 and digest.json()["period"] == "2026-03"


async def test_an_unknown_district_is_answered_with_the_nearest_ids(client: httpx.AsyncClient) -> None:
    answer = await client.get("/v1/digest/kanpur/2026-03", headers=VIEWER)
    assert answer.status_code == 404
    assert "did you mean 'kanpur-dehat' or 'kanpur-nagar'" in answer.json()["errors"][0]["message"]
