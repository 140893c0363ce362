"""The alerts HTTP API in process, over fakes: list, acknowledge, digest, silences."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from prometheus_client import CollectorRegistry

from services.alerts.http import alerts_router, silences_router
from services.alerts.ports import Stores
from shared.auth import ApiKey, KeyStore, hash_secret
from shared.health import Health
from shared.http import create_http_app
from shared.observability import ServiceMetrics
from shared.topics import SCORES_UPDATED
from tests.unit.alerts.alerts_builders import quarantined, scheme, scored
from tests.unit.alerts.alerts_fakes import Harness, harness, record

KEYS = KeyStore([*(ApiKey(id=role, role=role, sha256=hash_secret(f"secret-{role}")) for role in ("viewer", "admin")),
                 ApiKey(id="kanpur-systems", role="district", district="kanpur-nagar", sha256=hash_secret("secret-kn")),
                 ApiKey(id="agra-systems", role="district", district="agra", sha256=hash_secret("secret-agra")),
                 ApiKey(id="console", role="admin", acts_for_users=True, sha256=hash_secret("secret-console"))])
VIEWER = {"Authorization": "Bearer secret-viewer"}
ADMIN = {"Authorization": "Bearer secret-admin"}
KANPUR = {"Authorization": "Bearer secret-kn"}
AGRA = {"Authorization": "Bearer secret-agra"}
CONSOLE = {"Authorization": "Bearer secret-console"}
DROP = "grade_drop:kanpur-nagar:sc-postmatric-scholarship:2026-03:D"


@pytest.fixture
async def service() -> Harness:
    s = harness(scheme(), scheme("jsy", department={"id": "medical-health",
                                                    "name": {"hi": "चिकित्सा विभाग", "en": "Medical Health"}}))
    await s.scores([record(SCORES_UPDATED, "scheme.scored.v1", scored("D", "B").model_dump(mode="json"))])
    s.now += timedelta(minutes=1)
    await s.scores([record(SCORES_UPDATED, "scheme.scored.v1", quarantined(scheme="jsy").model_dump(mode="json"))])
    return s


@pytest.fixture
async def client(service: Harness) -> AsyncIterator[httpx.AsyncClient]:
    app = create_http_app("alerts", ServiceMetrics("alerts", CollectorRegistry()), Health(), KEYS, None)
    stores = Stores(service.alerts, service.read, service.silences)
    app.include_router(alerts_router(lambda: stores, service.catalog, lambda: service.now))
    app.include_router(silences_router(lambda: stores, service.catalog, lambda: service.now, 90))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://alerts") as c:
        yield c


def fields(response: httpx.Response) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]


async def test_alerts_are_listed_newest_first_and_filtered(client: httpx.AsyncClient) -> None:
    listed = (await client.get("/v1/alerts", headers=VIEWER)).json()
    assert [a["type"] for a in listed] == ["implausible_data", "entered_grade_d", "grade_drop"]
    only = (await client.get("/v1/alerts", params={"type": "grade_drop", "period": "2026-03"}, headers=VIEWER)).json()
    assert [a["alert_id"] for a in only] == [DROP]
    assert (await client.get("/v1/alerts", params={"district": "agra"}, headers=VIEWER)).json() == []


async def test_a_filter_outside_the_contract_is_refused_naming_it(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/alerts", params={"type": "rank_jump", "period": "March"}, headers=VIEWER)
    assert response.status_code == 422 and set(fields(response)) == {"query.type", "query.period"}
    assert (await client.get("/v1/alerts")).status_code == 401


async def test_the_acknowledger_is_the_key_never_a_name_from_the_body(client: httpx.AsyncClient) -> None:
    response = await client.post(f"/v1/alerts/{DROP}/ack", json={"by": "the Chief Minister", "note": "DM called"},
                                 headers=KANPUR)
    assert response.status_code == 200
    assert response.json()["status"] == "acknowledged"
    assert response.json()["acknowledged"] == {"by": "kanpur-systems", "note": "DM called",
                                               "at": "2026-03-24T10:16:00Z", "key_id": "kanpur-systems"}


async def test_a_console_acknowledges_as_the_person_it_acts_for(client: httpx.AsyncClient) -> None:
    person = {"X-Anushravan-User": "cc-duty", "X-Anushravan-User-Role": "state"}
    response = await client.post(f"/v1/alerts/{DROP}/ack", json={"note": "DM called"}, headers={**CONSOLE, **person})
    assert response.status_code == 200
    assert (response.json()["acknowledged"]["by"], response.json()["acknowledged"]["key_id"]) == ("cc-duty", "console")
    unmarked = await client.post(f"/v1/alerts/{DROP}/ack", json={}, headers={**ADMIN, **person})
    assert unmarked.status_code == 403 and unmarked.json()["errors"][0]["code"] == "delegation_refused"
    other = {"X-Anushravan-User": "dm-agra", "X-Anushravan-User-Role": "district", "X-Anushravan-User-District": "agra"}
    assert (await client.post(f"/v1/alerts/{DROP}/ack", json={}, headers={**CONSOLE, **other})).status_code == 403


async def test_a_district_key_acknowledges_only_its_own_districts_alerts(client: httpx.AsyncClient) -> None:
    refused = await client.post(f"/v1/alerts/{DROP}/ack", json={}, headers=AGRA)
    assert refused.status_code == 403 and "kanpur-nagar" not in refused.json()["errors"][0]["message"].split(":")[0]
    assert "agra" in refused.json()["errors"][0]["message"]
    assert (await client.post(f"/v1/alerts/{DROP}/ack", json={}, headers=ADMIN)).status_code == 200
    assert (await client.post(f"/v1/alerts/{DROP}/ack", json={}, headers=VIEWER)).status_code == 200


async def test_every_acknowledgement_is_kept_not_overwritten(client: httpx.AsyncClient, service: Harness) -> None:
    await client.post(f"/v1/alerts/{DROP}/ack", json={"note": "DM called"}, headers=KANPUR)
    service.now += timedelta(hours=2)
    second = await client.post(f"/v1/alerts/{DROP}/ack", json={"note": "visit fixed"}, headers=ADMIN)
    history = second.json()["acknowledgements"]
    assert [(a["by"], a["note"], a["at"], a["key_id"]) for a in history] == [
        ("kanpur-systems", "DM called", "2026-03-24T10:16:00Z", "kanpur-systems"),
        ("admin", "visit fixed", "2026-03-24T12:16:00Z", "admin")]
    assert second.json()["acknowledged"] == history[-1]


async def test_a_note_that_cannot_be_encoded_is_refused_naming_it(client: httpx.AsyncClient) -> None:
    response = await client.post(f"/v1/alerts/{DROP}/ack", content=b'{"by": "x", "note": "\\ud800"}',
                                 headers={**ADMIN, "content-type": "application/json"})
    assert response.status_code == 422 and fields(response) == ["note"]
    assert response.json()["errors"][0]["code"] == "unencodable_text"


async def test_acknowledging_an_unknown_or_resolved_alert_is_refused(client: httpx.AsyncClient,
                                                                     service: Harness) -> None:
    missing = await client.post("/v1/alerts/nope/ack", json={"by": "x"}, headers=ADMIN)
    assert missing.status_code == 404 and fields(missing) == ["alert_id"]
    service.alerts.docs[DROP]["status"] = "resolved"
    resolved = await client.post(f"/v1/alerts/{DROP}/ack", json={"by": "x"}, headers=ADMIN)
    assert resolved.status_code == 409 and fields(resolved) == ["status"]
    unknown_field = await client.post(f"/v1/alerts/{DROP}/ack", json={"who": "x"}, headers=ADMIN)
    assert unknown_field.status_code == 422 and fields(unknown_field) == ["who"]


async def test_the_digest_groups_the_open_alerts_by_department(client: httpx.AsyncClient) -> None:
    digest: dict[str, Any] = (await client.get("/v1/digest/kanpur-nagar/2026-03", headers=VIEWER)).json()
    assert digest["total"] == 3
    groups = {g["department"]: [a["type"] for a in g["alerts"]] for g in digest["departments"]}
    assert groups == {"social-welfare": ["entered_grade_d", "grade_drop"], "medical-health": ["implausible_data"]}
    assert (await client.get("/v1/digest/atlantis/2026-03", headers=VIEWER)).status_code == 404


SILENCE = {"matchers": {"district": "kanpur-nagar", "type": "rank_drop"}, "until": "2026-03-31T00:00:00Z",
           "by": "CC supervisor", "comment": "district under special review"}


async def test_only_an_admin_may_silence(client: httpx.AsyncClient, service: Harness) -> None:
    assert (await client.post("/v1/silences", json=SILENCE, headers=VIEWER)).status_code == 403
    assert (await client.get("/v1/silences", headers=VIEWER)).status_code == 403
    created = await client.post("/v1/silences", json=SILENCE, headers=ADMIN)
    assert created.status_code == 201
    body = created.json()
    assert body["active"] and body["created_at"] == "2026-03-24T10:16:00Z" and body["by"] == "admin"
    assert [s["id"] for s in (await client.get("/v1/silences", headers=ADMIN)).json()] == [body["id"]]
    assert (await client.post(f"/v1/silences/{body['id']}:expire", headers=KANPUR)).status_code == 403
    service.now += timedelta(minutes=5)
    expired = await client.post(f"/v1/silences/{body['id']}:expire", headers=ADMIN)
    assert expired.status_code == 200 and not expired.json()["active"]
    assert expired.json()["until"] == "2026-03-24T10:21:00+00:00"
    assert [s["active"] for s in (await client.get("/v1/silences", headers=ADMIN)).json()] == [False]
    assert (await client.post("/v1/silences/nope:expire", headers=ADMIN)).status_code == 404
    assert (await client.delete(f"/v1/silences/{body['id']}", headers=ADMIN)).status_code == 204
    assert (await client.delete(f"/v1/silences/{body['id']}", headers=ADMIN)).status_code == 404


@pytest.mark.parametrize(("change", "field"), [
    ({"until": "2026-03-01T00:00:00Z"}, "until"),
    ({"until": "next week"}, "until"),
    ({"matchers": {}}, "matchers"),
    ({"matchers": {"type": "rank_jump"}}, "matchers.type"),
    ({"matchers": {"district": "atlantis"}}, "matchers.district"),
    ({"matchers": {"scheme": "no-such-scheme"}}, "matchers.scheme"),
    ({"matchers": {"colour": "red"}}, "matchers.colour.[key]"),
    ({"until": "9999-12-31T23:59:59Z"}, "until"),
    ({"until": "2026-06-23T10:16:01Z"}, "until"),
    ({"comment": ""}, "comment"),
])
async def test_an_invalid_silence_is_refused_naming_the_field(client: httpx.AsyncClient, change: dict[str, Any],
                                                              field: str) -> None:
    response = await client.post("/v1/silences", json={**SILENCE, **change}, headers=ADMIN)
    assert response.status_code == 422 and fields(response) == [field]


async def test_a_comment_that_cannot_be_encoded_is_refused_naming_it(client: httpx.AsyncClient) -> None:
    body = json.dumps({**SILENCE, "comment": "\ud800"}).encode()
    response = await client.post("/v1/silences", content=body, headers={**ADMIN, "content-type": "application/json"})
    assert response.status_code == 422 and fields(response) == ["comment"]


async def test_a_silence_of_the_longest_duration_allowed_is_accepted(client: httpx.AsyncClient) -> None:
    # Created at 2026-03-24T10:16:00Z, so 90 days end on 2026-06-22T10:16:00Z.
    longest = {**SILENCE, "until": "2026-06-22T10:16:00Z", "matchers": {"scheme": "jsy", "type": "grade_drop"}}
    assert (await client.post("/v1/silences", json=longest, headers=ADMIN)).status_code == 201

