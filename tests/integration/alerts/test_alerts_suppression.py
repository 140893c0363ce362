"""Inhibition, silences, the digest, acknowledgement and dead letters over real TCP: the
alerts service as a process on a Tansu of its own, driven by synthetic upstream events and
its HTTP API. Each test uses its own period (and the silence test its own district)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared.auth import add_key
from shared.periods import previous_period
from shared.topics import SCORES_UPDATED, dlq
from tests.integration.alerts.alerts_harness import (
    AlertLog,
    prepare_broker,
    publish_deadline,
    publish_rankings,
    publish_scored,
    start_alerts,
    wait_ready,
)
from tests.integration.alerts.alerts_world import catalogue
from tests.support import servers
from tests.support.kafka import TopicReader, produce
from tests.support.servers import ServiceProcess

MARKS = {"A": 9.5, "B": 7.0, "C": 4.0, "D": 1.0}


def scored(district: str, scheme: str, period: str, grade: str | None, before: str | None,
           revision: int = 1) -> tuple[str, dict[str, Any]]:
    """A scheme.scored.v1 (quarantined when `grade` is None) with last month's final grade."""
    previous = ({"period": previous_period(period), "marks": MARKS[before], "grade": before, "rank": 10, "of": 75}
                if before else None)
    return district, {
        "scheme": scheme, "department": "x", "district": district, "period": period,
        "marks": MARKS[grade] if grade else None, "grade": grade, "rank": None, "of": None,
        "kpis": {"disposal": MARKS[grade] / 10} if grade else {}, "previous": previous,
        "status": "scored" if grade else "quarantined", "submission_id": f"{district}-{scheme}-{period}-r{revision}",
        "revision": revision,
    }


def ranked(scheme: str, period: str, places: dict[str, int], final: bool) -> dict[str, Any]:
    return {"scheme": scheme, "period": period, "final": final, "of": 75, "coverage": 1.0,
            "ranks": [{"district": d, "marks": 10 - r / 10, "grade": "B", "rank": r} for d, r in places.items()]}


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with servers.tansu(tmp_path_factory.mktemp("tansu-alerts-suppression")) as server:
        yield server.url


@pytest.fixture(scope="module")
async def log(broker: str) -> AsyncIterator[AlertLog]:
    await prepare_broker(broker, catalogue())
    async with AlertLog(broker) as reader:
        yield reader


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("alerts-keys") / "keys.yaml"
    return path, {"viewer": add_key(path, "cc-viewer", "viewer"), "admin": add_key(path, "cc-admin", "admin"),
                  "kanpur": add_key(path, "kanpur-systems", "district", district="kanpur-nagar"),
                  "agra": add_key(path, "agra-systems", "district", district="agra")}


@pytest.fixture(scope="module")
async def service(broker: str, mongo_url: str, log: AlertLog, keys: tuple[Path, dict[str, str]],
                  tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ServiceProcess]:
    work = tmp_path_factory.mktemp("alerts-suppression")
    proc = start_alerts(broker, mongo_url, f"alerts_{uuid.uuid4().hex[:8]}", work / "alerts.log", keys[0])
    try:
        await wait_ready(proc)
        yield proc
    finally:
        proc.stop()


@pytest.fixture(scope="module")
async def api(service: ServiceProcess,
              keys: tuple[Path, dict[str, str]]) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    clients = {role: httpx.AsyncClient(base_url=service.url, headers={"Authorization": f"Bearer {secret}"})
               for role, secret in keys[1].items()}
    yield clients
    for client in clients.values():
        await client.aclose()


async def stored(api: dict[str, httpx.AsyncClient], **filters: str) -> dict[str, dict[str, Any]]:
    response = await api["viewer"].get("/v1/alerts", params=filters)
    assert response.status_code == 200
    return {a["alert_id"]: a for a in response.json()}


async def eventually_stored(api: dict[str, httpx.AsyncClient], alert_id: str, **filters: str) -> dict[str, Any]:
    """The stored alert once the service has stored it (for alerts that are not published)."""
    for _ in range(100):
        found = await stored(api, **filters)
        if alert_id in found:
            return found[alert_id]
        await asyncio.sleep(0.1)
    raise AssertionError(f"{alert_id} was never stored")


async def test_a_silence_mutes_matching_alerts_which_stay_visible_as_silenced(
    broker: str, log: AlertLog, api: dict[str, httpx.AsyncClient],
) -> None:
    # A silence lasts at most ANUSHRAVAN_SILENCE_MAX_DAYS (90 days by default).
    until = (datetime.now(UTC) + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    silence = {"matchers": {"district": "agra", "type": "grade_drop"}, "until": until,
               "by": "CC supervisor", "comment": "Agra under special review"}
    created = await api["admin"].post("/v1/silences", json=silence)
    assert created.status_code == 201, created.text
    await publish_scored(broker, [scored("agra", "t-pension", "2025-05", "D", "B"),
                                  scored("aligarh", "t-pension", "2025-05", "D", "B")])
    await log.wait_until_seen(["grade_drop:aligarh:t-pension:2025-05:D", "entered_grade_d:agra:t-pension:2025-05:D"])
    muted = "grade_drop:agra:t-pension:2025-05:D"
    silenced = await stored(api, status="silenced", period="2025-05")
    assert list(silenced) == [muted] and silenced[muted]["silenced_by"] == created.json()["id"]
    assert (await api["admin"].delete(f"/v1/silences/{created.json()['id']}")).status_code == 204
    await publish_scored(broker, [scored("agra", "t-scholarship", "2025-05", "C", "B")])
    await log.wait_until_seen(["grade_drop:agra:t-scholarship:2025-05:C"])
    await log.settle(quiet_s=1.0)
    assert muted not in log.counts()


async def test_implausible_figures_inhibit_rank_alerts_until_corrected_figures_resolve_them(
    broker: str, log: AlertLog, api: dict[str, httpx.AsyncClient],
) -> None:
    period, places = "2025-07", {"lucknow": 5, "kanpur-nagar": 6}
    await publish_rankings(broker, [ranked("t-jsy", "2025-06", places, final=True)])
    await publish_scored(broker, [scored("lucknow", "t-jsy", period, "B", "B"),
                                  scored("lucknow", "t-jsy", period, None, "B", revision=2)])
    implausible = "implausible_data:lucknow:t-jsy:2025-07:lucknow-t-jsy-2025-07-r2"
    await log.wait_until_seen([implausible])
    fallen = {"lucknow": 30, "kanpur-nagar": 31}
    await publish_rankings(broker, [ranked("t-jsy", period, fallen, final=False)])
    await log.wait_until_seen(["rank_drop:kanpur-nagar:t-jsy:2025-07:provisional"])
    inhibited = (await stored(api, period=period, status="silenced"))["rank_drop:lucknow:t-jsy:2025-07:provisional"]
    assert inhibited["inhibited_by"] == implausible and not inhibited["published"]
    await publish_scored(broker, [scored("lucknow", "t-jsy", period, "B", "B", revision=3)])
    await log.wait_until_seen([], resolved=[implausible])
    await publish_rankings(broker, [ranked("t-jsy", period, fallen, final=True)])
    await log.wait_until_seen(["rank_drop:lucknow:t-jsy:2025-07:final"])
    assert "rank_drop:lucknow:t-jsy:2025-07:provisional" not in log.counts()


async def test_figures_sent_late_resolve_the_missed_deadline_and_raise_their_own_grade_alerts(
    broker: str, log: AlertLog, api: dict[str, httpx.AsyncClient],
) -> None:
    period = "2025-08"
    await publish_deadline(broker, period)
    missed = "missed_deadline:varanasi:t-scholarship:2025-08:missing"
    await log.wait_until_seen([missed])
    await publish_scored(broker, [scored("varanasi", "t-scholarship", period, "D", "A")])
    drop = "grade_drop:varanasi:t-scholarship:2025-08:D"
    await log.wait_until_seen([drop], resolved=[missed])
    assert (await eventually_stored(api, drop, period=period)).get("inhibited_by") is None


async def test_the_digest_groups_a_districts_open_alerts_by_department_and_ack_records_who(
    broker: str, log: AlertLog, api: dict[str, httpx.AsyncClient],
) -> None:
    period = "2025-09"
    await publish_scored(broker, [scored("kanpur-nagar", "t-scholarship", period, "D", "B"),
                                  scored("kanpur-nagar", "t-pension", period, "C", "B"),
                                  scored("kanpur-nagar", "t-jsy", period, "C", "A")])
    drop = "grade_drop:kanpur-nagar:t-pension:2025-09:C"
    await log.wait_until_seen([drop, "grade_drop:kanpur-nagar:t-jsy:2025-09:C"])
    assert (await api["agra"].post(f"/v1/alerts/{drop}/ack", json={"note": "x"})).status_code == 403
    acked = await api["kanpur"].post(f"/v1/alerts/{drop}/ack", json={"by": "CC duty officer", "note": "DM informed"})
    assert acked.status_code == 200 and acked.json()["acknowledged"]["by"] == "kanpur-systems"
    again = await api["admin"].post(f"/v1/alerts/{drop}/ack", json={"note": "visit due"})
    assert [(a["by"], a["note"]) for a in again.json()["acknowledgements"]] == [
        ("kanpur-systems", "DM informed"), ("cc-admin", "visit due")]
    digest = (await api["viewer"].get(f"/v1/digest/kanpur-nagar/{period}")).json()
    groups = {g["department"]: sorted(a["alert_id"].split(":")[0] for a in g["alerts"]) for g in digest["departments"]}
    assert groups == {"social-welfare": ["entered_grade_d", "grade_drop", "grade_drop"],
                      "medical-health": ["grade_drop"]}
    assert [g["department"] for g in digest["departments"]] == ["social-welfare", "medical-health"]
    assert (await stored(api, period=period, status="acknowledged")).keys() == {drop}


async def test_silences_are_for_admins_and_a_bad_one_is_refused_naming_the_field(
    api: dict[str, httpx.AsyncClient],
) -> None:
    silence = {"matchers": {"scheme": "t-jsy"}, "until": "2000-01-01T00:00:00Z", "by": "x", "comment": "y"}
    assert (await api["viewer"].post("/v1/silences", json=silence)).status_code == 403
    refused = await api["admin"].post("/v1/silences", json=silence)
    assert refused.status_code == 422 and [e["field"] for e in refused.json()["errors"]] == ["until"]


async def test_a_message_that_is_not_an_event_goes_to_the_dead_letter_topic(
    broker: str, log: AlertLog, service: ServiceProcess,
) -> None:
    async with TopicReader(broker, dlq(SCORES_UPDATED)) as dead:
        await produce(broker, SCORES_UPDATED, [("lucknow", b"{not json")])
        await dead.wait_for(lambda r: bool(r.records), 20, what="a dead letter")
        headers = dict(dead.records[0].headers)
    assert headers["x-source-topic"] == SCORES_UPDATED.encode() and b"not JSON" in headers["x-error"]
    await publish_scored(broker, [scored("lucknow", "t-pension", "2025-11", "D", "C")])
    await log.wait_until_seen(["grade_drop:lucknow:t-pension:2025-11:D"])
