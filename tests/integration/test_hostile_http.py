"""Nothing unauthenticated is expensive: a live alerts service (any service: the limits are
shared/guard.py and shared/http_server.py, the same for all) flooded without a key, with a huge
header, with trickling clients and guessed keys, measured by its own memory before and after.

Before the guard, a few hundred MiB sent without a key grew a service by about 1 GB (the body
was parsed before the key was checked), and a many-MiB Authorization header took seconds and
hundreds of MB before its 401."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from pymongo import AsyncMongoClient

from anushravan.admin import create_topics
from anushravan.embedded import Server
from shared.auth import add_key
from tests.support import proxy, servers
from tests.support.servers import ServiceProcess, service_env

MIB = 1024 * 1024
LIMITS = {"ANUSHRAVAN_HTTP_HEADER_TIMEOUT_S": "2", "ANUSHRAVAN_HTTP_BODY_IDLE_TIMEOUT_S": "1",
          "ANUSHRAVAN_HTTP_BODY_TIMEOUT_S": "3", "ANUSHRAVAN_HTTP_FAILED_AUTH_PER_MINUTE_PER_ADDRESS": "20"}
# Growth allowed while refusing everything below: the refusals themselves, allocator slack.
GROWTH_MIB = 40


@dataclass(frozen=True)
class Live:
    proc: ServiceProcess
    viewer: str
    database: str

    @property
    def address(self) -> tuple[str, int]:
        return "127.0.0.1", self.proc.port


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with servers.tansu(tmp_path_factory.mktemp("hostile-http-tansu")) as server:
        yield server


@pytest.fixture(scope="module")
async def alerts(broker: Server, mongo_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Live]:
    await create_topics(broker.url)
    work = tmp_path_factory.mktemp("hostile-http")
    viewer = add_key(work / "keys.yaml", "viewer", "viewer")
    proc = ServiceProcess("alerts", service_env(broker.url, mongo_url, "hostile_http", work / "keys.yaml", LIMITS),
                          work / "alerts.log").start()
    try:
        await asyncio.to_thread(proc.wait_ready, 90.0)
        yield Live(proc, viewer, "hostile_http")
    finally:
        proc.stop()


def memory_mib(proc: ServiceProcess, field: str) -> float:
    """VmRSS (now) or VmHWM (the peak so far) of the service process, in MiB."""
    assert proc.proc is not None
    for line in Path(f"/proc/{proc.proc.pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no {field} for the process")


async def exchange(live: Live, head: bytes, body_mib: int = 0, chunked: bool = False) -> tuple[bytes, int]:
    """Send a request head, then up to `body_mib` MiB of body as fast as the server takes it;
    the answer's head and how many bytes of body the server took before it stopped reading."""
    reader, writer = await asyncio.open_connection(*live.address)
    sent = 0
    chunk = b"x" * (256 * 1024)

    async def pump() -> None:
        nonlocal sent
        with contextlib.suppress(ConnectionError):
            writer.write(head)
            await writer.drain()
            while sent < body_mib * MIB:
                writer.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" if chunked else chunk)
                await writer.drain()
                sent += len(chunk)

    pumping = asyncio.ensure_future(pump())
    try:
        return await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30), sent
    finally:
        pumping.cancel()
        writer.close()


def post_head(path: str, length: int | None, headers: str = "") -> bytes:
    size = f"Content-Length: {length}\r\n" if length is not None else "Transfer-Encoding: chunked\r\n"
    return (f"POST {path} HTTP/1.1\r\nHost: alerts\r\nContent-Type: application/json\r\n{size}{headers}\r\n").encode()


async def test_a_flood_without_a_key_is_refused_unread_and_the_service_does_not_grow(alerts: Live) -> None:
    async with httpx.AsyncClient(base_url=alerts.proc.url) as client:
        for _ in range(5):  # warm: the paths the flood takes are loaded before the measurement
            await client.post("/v1/alerts/x/ack", json={"by": "x"})
    peak_before = memory_mib(alerts.proc, "VmHWM")

    floods = [exchange(alerts, post_head("/v1/alerts/x/ack", 300 * MIB), body_mib=300) for _ in range(3)]
    floods += [exchange(alerts, post_head("/v1/silences", None), body_mib=300, chunked=True) for _ in range(3)]
    answers = await asyncio.gather(*floods)
    huge_key = ("Authorization: Bearer " + "k" * (8 * MIB) + "\r\n")
    header_answer, _ = await exchange(alerts, post_head("/v1/alerts/x/ack", 2, huge_key))

    # 401, and 429 once this address has failed too often: refused either way, unread.
    statuses = {head.split(b"\r\n")[0] for head, _ in answers}
    assert b"HTTP/1.1 401 Unauthorized" in statuses and statuses <= {b"HTTP/1.1 401 Unauthorized",
                                                                      b"HTTP/1.1 429 Too Many Requests"}
    # What the kernel's buffers hold is all a refused client gets to send: far from 300 MiB.
    assert max(sent for _, sent in answers) < 32 * MIB
    assert header_answer.startswith(b"HTTP/1.1 431")
    growth = memory_mib(alerts.proc, "VmHWM") - peak_before
    print(f"peak RSS {peak_before:.0f} MiB before, +{growth:.1f} MiB after 1.8 GiB offered without a key "
          f"and an 8 MiB header; at most {max(sent for _, sent in answers) / MIB:.1f} MiB taken per connection")
    assert growth < GROWTH_MIB, f"the service grew by {growth:.0f} MiB at its peak"
    async with httpx.AsyncClient(base_url=alerts.proc.url) as client:
        assert (await client.get("/healthz")).status_code == 200


async def trickle(live: Live, head: bytes, every_s: float, times: int) -> bytes:
    """Send `head`, then one byte every `every_s` seconds until the server answers; its answer."""
    reader, writer = await asyncio.open_connection(*live.address)
    writer.write(head)
    with contextlib.suppress(ConnectionError):
        for _ in range(times):
            writer.write(b" ")
            await writer.drain()
            await asyncio.sleep(every_s)
            if reader.at_eof() or reader._buffer:  # the answer has begun
                break
    answer = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    return answer


async def test_a_client_that_trickles_its_head_or_says_nothing_is_cut_off(alerts: Live) -> None:
    # One byte a quarter second: never idle, never done.
    answer = await trickle(alerts, b"GET /healthz HTTP/1.1\r\nHost: alerts\r\nX-Slow: ", 0.25, 20)
    assert answer.startswith(b"HTTP/1.1 408") and b"request_timeout" in answer
    idle_reader, idle_writer = await asyncio.open_connection(*alerts.address)
    assert (await asyncio.wait_for(idle_reader.read(), 10)).startswith(b"HTTP/1.1 408")
    idle_writer.close()


async def test_a_client_that_trickles_its_body_is_cut_off_though_it_has_a_key(alerts: Live) -> None:
    # A byte every half second: each within the idle timeout, never all of the body.
    answer = await trickle(alerts, post_head("/v1/alerts/x/ack", 1000, f"Authorization: Bearer {alerts.viewer}\r\n"),
                           0.5, 40)
    assert answer.startswith(b"HTTP/1.1 408")
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["errors"][0]["code"] == "request_timeout"


async def test_guessed_keys_are_answered_401_then_429_while_a_valid_key_still_gets_in(alerts: Live) -> None:
    async with httpx.AsyncClient(base_url=alerts.proc.url) as client:
        statuses = [(await client.get("/v1/alerts", headers={"Authorization": f"Bearer guess-{i}"})).status_code
                    for i in range(30)]
        assert statuses[0] == 401 and statuses[-1] == 429 and set(statuses) == {401, 429}
        assert (await client.get("/v1/alerts", headers={"Authorization": f"Bearer {alerts.viewer}"})).status_code == 200


async def test_an_unexpected_error_answers_the_contract_json_with_an_error_id_found_in_the_log(
    alerts: Live, mongo_url: str,
) -> None:
    # A stored alert that no longer fits the alert model: the list cannot be answered.
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(mongo_url)
    await client[alerts.database]["alerts"].insert_one({"_id": "corrupt", "alert_id": "corrupt", "type": "no_such_type",
                                                        "stored_at": datetime.now(UTC), "order": 0})
    await client.close()
    async with httpx.AsyncClient(base_url=alerts.proc.url) as http:
        answer = await http.get("/v1/alerts", headers={"Authorization": f"Bearer {alerts.viewer}"})
    assert (answer.status_code, answer.headers["content-type"]) == (500, "application/json")
    body = answer.json()
    assert body["errors"][0]["code"] == "internal_error" and answer.headers["x-error-id"] == body["error_id"]
    log = alerts.proc.log_path.read_text()
    assert any(json.loads(line).get("error_id") == body["error_id"] for line in log.splitlines()
               if line.startswith("{") and body["error_id"] in line)


async def test_the_reverse_proxy_refuses_oversized_requests_before_the_service_and_passes_the_rest(
    alerts: Live, tmp_path: Path,
) -> None:
    before = await _refusals(alerts)
    with proxy.running({"alerts": f"127.0.0.1:{alerts.proc.port}"}, tmp_path) as edge:
        async with httpx.AsyncClient(base_url=edge.url, timeout=30) as client:
            key = {"Authorization": f"Bearer {alerts.viewer}"}
            passed = await client.get("/v1/alerts", headers=key, params={"status": "open"})
            too_large = await client.post("/v1/alerts/x/ack", headers=key, content=b"x" * (100 * 1024))
            huge_head = await client.get("/v1/alerts", headers={**key, "x-padding": "p" * (20 * 1024)})
            elsewhere = await client.get("/metrics")
    assert passed.status_code == 200 and isinstance(passed.json(), list)
    assert (too_large.status_code, too_large.json()["errors"][0]["code"]) == (413, "body_too_large")
    assert (huge_head.status_code, huge_head.json()["errors"][0]["code"]) == (431, "headers_too_large")
    assert elsewhere.status_code == 404  # the operations endpoints are not public
    assert await _refusals(alerts) == before  # the service never saw the refused ones


async def _refusals(live: Live) -> float:
    async with httpx.AsyncClient(base_url=live.proc.url) as client:
        text = (await client.get("/metrics")).text
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith("anushravan_alerts_http_requests_total{") and 'status="4' in line)
