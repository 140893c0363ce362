"""The ingest API over real TCP: a live service process on its own Tansu and the session
MongoDB. Batches, receipts, idempotency, authorisation, frozen periods and limits."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from anushravan.admin import publish_period_event
from anushravan.embedded import Server
from shared.events.ingest import PROGRESS_REJECTED, PROGRESS_SUBMITTED
from shared.topics import PROGRESS_REJECTED as REJECTED_TOPIC
from shared.topics import PROGRESS_SUBMITTED as SUBMITTED_TOPIC
from tests.integration.ingest.ingest_support import (
    bearer,
    catalogue,
    csv_body,
    make_keys,
    ndjson_body,
    prepare_broker,
    start_ingest,
    submission,
)
from tests.support import servers
from tests.support.kafka import TopicReader

SCHEMES = catalogue()
OWN = SCHEMES["sc-postmatric-scholarship"]  # social-welfare
OTHER = SCHEMES["jsy"]  # medical-health
MAX_LINES = 12_000
RATE = 30


@dataclass(frozen=True)
class Live:
    url: str
    kafka: str
    keys: dict[str, str]


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with servers.tansu(tmp_path_factory.mktemp("ingest-http-tansu")) as server:
        yield server


@pytest.fixture(scope="module")
async def ingest(broker: Server, mongo_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Live]:
    await prepare_broker(broker.url)
    work = tmp_path_factory.mktemp("ingest-http")
    departments = sorted({s.department.id for s in SCHEMES.values()})
    keys = make_keys(work / "keys.yaml", departments, extra=[("hasty", "social-welfare")])
    proc = start_ingest(broker.url, mongo_url, "ingest_http", work / "keys.yaml", work, {
        "ANUSHRAVAN_MAX_BATCH_LINES": str(MAX_LINES), "ANUSHRAVAN_RATE_LIMIT_PER_MINUTE": str(RATE)})
    try:
        yield Live(proc.url, broker.url, keys)
    finally:
        proc.stop()


async def post(live: Live, path: str, key: str | None, body: Any, content_type: str = "application/json",
               ) -> httpx.Response:
    headers = {"content-type": content_type, **(bearer(live.keys[key]) if key else {})}
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    async with httpx.AsyncClient(base_url=live.url, timeout=60) as client:
        return await client.post(path, content=content, headers=headers)


async def topic_events(live: Live, topic: str, type_: str, ids: set[str], timeout_s: float = 30) -> list[Any]:
    """Every event of `type_` on `topic` whose submission id is in `ids`, once all have arrived."""
    async with TopicReader(live.kafka, topic) as reader:
        def mine() -> list[Any]:
            return [e for e in reader.events(type_) if e["data"]["submission_id"] in ids]

        await reader.wait_for(lambda _: {e["data"]["submission_id"] for e in mine()} >= ids, timeout_s)
        await reader.poll(0.3)  # anything more (a second copy) would have arrived by now
        return mine()


async def test_a_10000_line_csv_with_one_percent_bad_lines_is_accepted_line_by_line_exactly_once(
    ingest: Live,
) -> None:
    ids = [f"csv10k-{i}" for i in range(10_000)]
    bad = set(range(7, 10_000, 100))
    body = csv_body(OWN, ids, bad)

    response = await post(ingest, "/v1/submissions:batch", "social-welfare", body, "text/csv")

    answer = response.json()
    assert response.status_code == 200
    assert (answer["accepted"], answer["duplicates"], answer["receipt"]["lines"]) == (9_900, 0, 10_000)
    assert [r["line"] for r in answer["rejected"]] == [i + 2 for i in sorted(bad)]  # the header is line 1
    assert {e["code"] for r in answer["rejected"] for e in r["errors"]} == {"negative"}
    good = {sid for i, sid in enumerate(ids) if i not in bad}
    submitted = await topic_events(ingest, SUBMITTED_TOPIC, PROGRESS_SUBMITTED, good)
    assert Counter(e["data"]["submission_id"] for e in submitted) == Counter(good)
    refused = await topic_events(ingest, REJECTED_TOPIC, PROGRESS_REJECTED, {ids[i] for i in bad})
    assert {e["data"]["reasons"][0]["code"] for e in refused} == {"negative"}

    again = await post(ingest, "/v1/submissions:batch", "social-welfare", body, "text/csv")

    assert (again.json()["accepted"], again.json()["duplicates"]) == (0, 9_900)
    submitted = await topic_events(ingest, SUBMITTED_TOPIC, PROGRESS_SUBMITTED, good)
    assert Counter(e["data"]["submission_id"] for e in submitted) == Counter(good)


ROLE_MATRIX = [
    ("social-welfare", OWN, 202), ("social-welfare", OTHER, 403),
    ("medical-health", OTHER, 202), ("medical-health", OWN, 403),
    ("viewer", OWN, 403), ("viewer", OTHER, 403),
    ("admin", OWN, 202), ("admin", OTHER, 202),
    (None, OWN, 401), (None, OTHER, 401),
]


@pytest.mark.parametrize(("key", "scheme", "status"), ROLE_MATRIX,
                         ids=[f"{k}-{s.department.id}-{st}" for k, s, st in ROLE_MATRIX])
async def test_each_role_may_submit_only_what_its_departments_own(
    ingest: Live, key: str | None, scheme: Any, status: int,
) -> None:
    sid = f"matrix-{key}-{scheme.id}"
    response = await post(ingest, "/v1/submissions", key, submission(scheme, sid))

    assert response.status_code == status
    if status == 403 and key != "viewer":
        assert [e["code"] for e in response.json()["errors"]] == ["forbidden"]


async def test_every_department_key_is_refused_every_scheme_of_other_departments(ingest: Live) -> None:
    units = sorted({s.department.id for s in SCHEMES.values()})
    for dept in units:
        docs = [submission(s, f"dept-{dept}-{s.id}", district="agra") for s in SCHEMES.values()]
        response = await post(ingest, "/v1/submissions:batch", dept, ndjson_body(docs), "application/x-ndjson")
        answer = response.json()
        own = [s for s in SCHEMES.values() if s.department.id == dept]
        assert response.status_code == 200
        assert answer["accepted"] == len(own)
        assert len(answer["rejected"]) == len(SCHEMES) - len(own)
        assert all([e["code"] for e in r["errors"]] == ["forbidden"] for r in answer["rejected"])


async def test_a_viewer_key_cannot_send_a_batch(ingest: Live) -> None:
    body = ndjson_body([submission(OWN, "viewer-batch")])
    response = await post(ingest, "/v1/submissions:batch", "viewer", body, "application/x-ndjson")
    assert response.status_code == 403


async def test_the_same_submission_twice_is_a_duplicate_and_changed_content_is_a_conflict(ingest: Live) -> None:
    first = await post(ingest, "/v1/submissions", "social-welfare", submission(OWN, "twice"))
    second = await post(ingest, "/v1/submissions", "social-welfare", submission(OWN, "twice"))
    changed = await post(ingest, "/v1/submissions", "social-welfare", submission(OWN, "twice", value=7))

    assert (first.status_code, first.json()["status"]) == (202, "accepted")
    assert (second.status_code, second.json()["status"]) == (202, "duplicate")
    assert second.json()["receipt"]["first_received_at"] == first.json()["receipt"]["received_at"]
    assert changed.status_code == 409
    assert [e["code"] for e in changed.json()["errors"]] == ["submission_conflict"]


async def test_an_accepted_submission_gets_a_receipt_saying_what_happens_next(ingest: Live) -> None:
    # A revision above those the batches of this module sent for Agra: the one that counts.
    response = await post(ingest, "/v1/submissions", "social-welfare", submission(OWN, "receipt-1", "agra",
                                                                                 revision=100_000))

    receipt = response.json()["receipt"]
    assert receipt["submission_id"] == "receipt-1"
    assert receipt["received_at"].endswith("Z") and len(receipt["content_sha256"]) == 64
    assert "GET /v1/districts/agra/2026-03" in receipt["next"]


async def test_a_refused_submission_lists_every_reason_and_is_published_as_rejected(ingest: Live) -> None:
    doc = submission(OWN, "refused-1", district="atlantis", period="2027-01")
    doc["values"]["pending_pfms"] = -1

    response = await post(ingest, "/v1/submissions", "social-welfare", doc)

    assert response.status_code == 422
    codes = {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert codes == {("district", "unknown_district"), ("period", "period_in_future"),
                     ("values.pending_pfms", "negative")}
    assert "nothing was queued" in response.json()["receipt"]["next"]
    [event] = await topic_events(ingest, REJECTED_TOPIC, PROGRESS_REJECTED, {"refused-1"})
    assert {r["code"] for r in event["data"]["reasons"]} == {c for _, c in codes}
    assert json.loads(event["data"]["raw"]) == doc


async def test_a_submission_for_a_frozen_period_is_refused_with_409(ingest: Live) -> None:
    await publish_period_event(ingest.kafka, "freeze", "2026-01")
    doc = submission(OWN, "frozen-1", period="2026-01")
    for _ in range(150):  # the freeze reaches ingest through its consumer group
        response = await post(ingest, "/v1/submissions", "social-welfare", doc)
        if response.status_code != 202:
            break
        doc = {**doc, "submission_id": doc["submission_id"] + "x"}
        await asyncio.sleep(0.1)
    assert response.status_code == 409
    assert [e["code"] for e in response.json()["errors"]] == ["period_frozen"]


async def test_an_ndjson_batch_reports_unreadable_lines_by_number(ingest: Live) -> None:
    body = (ndjson_body([submission(OWN, "nd-1")]) + b"\n{not json\n[1, 2]\n"
            + ndjson_body([submission(OWN, "nd-2", district="agra")]))

    response = await post(ingest, "/v1/submissions:batch", "social-welfare", body, "application/x-ndjson")

    answer = response.json()
    assert (response.status_code, answer["accepted"]) == (200, 2)
    assert [(r["line"], r["errors"][0]["code"]) for r in answer["rejected"]] == [
        (3, "malformed_json"), (4, "not_an_object")]


async def test_a_body_over_the_limit_is_refused_while_it_streams(ingest: Live) -> None:
    # A chunked body that never ends: the answer must come without waiting for its end.
    host, port = ingest.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write((f"POST /v1/submissions HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                  f"Authorization: Bearer {ingest.keys['admin']}\r\nTransfer-Encoding: chunked\r\n\r\n").encode())
    chunk = b" " * 65536
    for _ in range(32):  # 2 MiB, twice the limit
        writer.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    writer.close()
    assert head.startswith(b"HTTP/1.1 413")


async def test_a_batch_with_too_many_lines_is_refused_as_a_whole(ingest: Live) -> None:
    ids = [f"many-{i}" for i in range(MAX_LINES + 1)]
    response = await post(ingest, "/v1/submissions:batch", "admin", csv_body(OWN, ids), "text/csv")
    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "too_many_lines"


async def test_a_key_over_its_rate_is_told_when_to_retry(ingest: Live) -> None:
    statuses: list[httpx.Response] = []
    # The bucket refills while we send (RATE per minute), so a slow machine may get a few more
    # through; within twice the burst a refusal must come all the same.
    for _ in range(2 * RATE):
        statuses.append(await post(ingest, "/v1/submissions", "hasty", b"x", "text/plain"))
        if statuses[-1].status_code == 429:
            break
    assert [r.status_code for r in statuses[:RATE]] == [415] * RATE
    limited = statuses[-1]
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["errors"][0]["code"] == "rate_limited"


async def test_the_metrics_name_outcomes_reasons_batch_sizes_and_acknowledgement_time(ingest: Live) -> None:
    async with httpx.AsyncClient(base_url=ingest.url) as client:
        text = (await client.get("/metrics")).text
    for name in ('anushravan_ingest_submissions_total{outcome="accepted"}',
                 'anushravan_ingest_rejections_total{code="negative"}',
                 "anushravan_ingest_broker_ack_seconds_count", "anushravan_ingest_batch_lines_count",
                 "anushravan_ingest_broker_unavailable_total",
                 'anushravan_ingest_http_requests_total{method="POST",route="/v1/submissions:batch"'):
        assert name in text, name
