"""Limits before work (shared/guard.py), on an app made by the same factory as every service's:
the key before the body, the body bounded while it streams, trickling refused, reads and failed
authentications rate-limited, and an unexpected error answered with the contract's JSON."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from fastapi import Depends, Request
from starlette.types import Message

from shared.auth import ApiKey, KeyStore, hash_secret
from shared.health import Health
from shared.http import create_http_app, require
from shared.limits import Door, Limits
from shared.observability import ServiceMetrics
from shared.settings import Settings

SECRET = "anu_viewer-secret"
CONSOLE_SECRET = "anu_console-secret"
KEYS = KeyStore([ApiKey(id="viewer", role="viewer", sha256=hash_secret(SECRET)),
                 ApiKey(id="console", role="admin", acts_for_users=True, sha256=hash_secret(CONSOLE_SECRET))])
LIMITS = replace(Limits.of(Settings()), max_header_bytes=4096, json_body_bytes=4096, body_idle_timeout_s=0.2,
                body_timeout_s=0.5, reads_per_minute_per_key=5, reads_per_minute_per_address=8,
                failed_auth_per_minute_per_address=3)
VIEWER = [(b"authorization", f"Bearer {SECRET}".encode())]


def service(limits: Limits = LIMITS) -> tuple[Any, list[str]]:
    """An app with a JSON route, a large-body door, an own-authentication door and a bug."""
    metrics = ServiceMetrics("guarded")
    app = create_http_app("guarded", metrics, Health(), KEYS, None, limits=limits,
                          doors=[Door("/pages", "own"), Door("/v1/big", "bearer", 100_000)])
    reached: list[str] = []

    @app.post("/v1/echo", dependencies=[Depends(require("viewer"))])
    async def echo(body: dict[str, Any]) -> dict[str, Any]:
        reached.append("echo")
        return body

    @app.post("/v1/big")
    async def big(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    @app.get("/v1/boom")
    async def boom() -> None:
        raise RuntimeError("a bug")

    @app.get("/pages/home")
    async def page() -> dict[str, str]:
        return {"page": "home"}

    app.state.metrics = metrics
    return app, reached


@dataclass
class Call:
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    reads: int = 0

    @property
    def json(self) -> Any:
        return json.loads(self.body)


async def call(app: Any, method: str, path: str, headers: Sequence[tuple[bytes, bytes]] = (),
               chunks: Sequence[bytes] = (), pause_s: float = 0.0, client: str = "10.0.0.1") -> Call:
    out = Call()
    parts = list(chunks) or [b""]

    async def receive() -> Message:
        out.reads += 1
        if out.reads > len(parts):
            await asyncio.sleep(3600)  # the client says nothing more
        if pause_s and out.reads > 1:
            await asyncio.sleep(pause_s)
        return {"type": "http.request", "body": parts[out.reads - 1], "more_body": out.reads < len(parts)}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            out.status = message["status"]
            out.headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            out.body += message.get("body", b"")

    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": list(headers), "client": (client, 5000), "server": ("test", 80), "scheme": "http",
             "http_version": "1.1", "root_path": "", "state": {}}
    await asyncio.wait_for(app(scope, receive, send), 5)
    return out


def body_of(size: int) -> list[bytes]:
    return [b'{"x": "' + b"y" * size + b'"}']


async def test_without_a_key_the_answer_is_401_and_no_byte_of_the_body_is_read() -> None:
    app, reached = service()
    answer = await call(app, "POST", "/v1/echo", [(b"content-length", b"999999999")], body_of(10))
    assert (answer.status, answer.reads, reached) == (401, 0, [])
    assert answer.json["errors"][0]["code"] == "unauthenticated" and answer.headers["connection"] == "close"


async def test_with_a_key_a_body_within_the_limit_reaches_the_route() -> None:
    app, reached = service()
    answer = await call(app, "POST", "/v1/echo", [*VIEWER, (b"content-type", b"application/json")], body_of(100))
    assert (answer.status, reached) == (200, ["echo"])


async def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    app, _ = service()
    answer = await call(app, "POST", "/v1/echo", [*VIEWER, (b"content-length", b"5000")], body_of(4000))
    assert (answer.status, answer.reads, answer.json["errors"][0]["code"]) == (413, 0, "body_too_large")


async def test_a_streamed_body_over_the_limit_is_refused_as_soon_as_it_passes_it_not_at_its_end() -> None:
    app, reached = service()
    answer = await call(app, "POST", "/v1/echo", [*VIEWER, (b"content-type", b"application/json")],
                        [b"x" * 1024] * 1000)
    assert (answer.status, answer.reads, reached) == (413, 5, [])


async def test_a_door_may_take_a_larger_body_and_the_longest_prefix_decides() -> None:
    app, _ = service()
    assert (await call(app, "POST", "/v1/big", VIEWER, [b"x" * 50_000])).json == {"size": 50_000}
    assert (await call(app, "POST", "/v1/big", VIEWER, [b"x" * 100_001])).status == 413


async def test_a_body_that_trickles_is_cut_off_with_408() -> None:
    app, reached = service()
    answer = await call(app, "POST", "/v1/echo", [*VIEWER, (b"content-type", b"application/json")],
                        [b"{"] * 10, pause_s=0.3)
    assert (answer.status, answer.json["errors"][0]["code"], reached) == (408, "request_timeout", [])


async def test_a_body_that_never_ends_is_cut_off_at_the_deadline_though_each_chunk_is_prompt() -> None:
    app, _ = service()
    answer = await call(app, "POST", "/v1/echo", VIEWER, [b" "] * 100, pause_s=0.1)
    assert answer.status == 408 and answer.reads < 10


async def test_headers_over_the_limit_are_refused_with_431() -> None:
    app, _ = service()
    answer = await call(app, "GET", "/healthz", [(b"x-padding", b"p" * 5000)])
    assert (answer.status, answer.json["errors"][0]["code"]) == (431, "headers_too_large")


async def test_the_operations_endpoints_and_own_doors_need_no_key() -> None:
    app, _ = service()
    assert (await call(app, "GET", "/healthz")).status == 200
    assert (await call(app, "GET", "/pages/home")).json == {"page": "home"}
    assert (await call(app, "GET", "/openapi.json")).status == 200


async def test_an_address_that_keeps_failing_to_authenticate_is_held_back_but_a_valid_key_gets_in() -> None:
    app, _ = service()
    wrong = [(b"authorization", b"Bearer wrong")]
    statuses = [(await call(app, "GET", "/v1/boom", wrong)).status for _ in range(5)]
    assert statuses == [401, 401, 401, 429, 429]
    limited = await call(app, "GET", "/v1/boom", wrong)
    assert limited.json["errors"][0]["code"] == "too_many_failed_authentications"
    assert int(limited.headers["retry-after"]) >= 1
    # Another address is not held back, and a valid key from the same address still gets in.
    assert (await call(app, "GET", "/v1/boom", wrong, client="10.0.0.2")).status == 401
    assert (await call(app, "GET", "/pages/home", VIEWER)).status == 200


async def test_reads_are_limited_per_key_and_per_address() -> None:
    app, _ = service()
    by_key = [(await call(app, "GET", "/v1/boom", VIEWER, client=f"10.1.0.{i}")).status for i in range(7)]
    assert by_key[:5] == [500] * 5 and by_key[5:] == [429, 429]
    by_address = [(await call(app, "GET", "/pages/home", client="10.2.0.1")).status for _ in range(10)]
    assert by_address[:8] == [200] * 8 and by_address[8:] == [429, 429]


async def test_the_reads_of_a_key_acting_for_people_are_not_held_to_one_clients_rate() -> None:
    app, _ = service()
    console = [(b"authorization", f"Bearer {CONSOLE_SECRET}".encode())]
    reads = [(await call(app, "GET", "/v1/boom", console, client="10.3.0.1")).status for _ in range(12)]
    assert reads == [500] * 12  # past both the key's (5) and the address's (8) allowance


async def test_an_ipv6_caller_is_counted_by_its_network_not_by_each_address() -> None:
    app, _ = service()
    statuses = [(await call(app, "GET", "/pages/home", client=f"2001:db8::{i:x}")).status for i in range(10)]
    assert statuses[8:] == [429, 429]


async def test_an_unexpected_error_answers_the_contract_json_with_an_error_id_that_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app, _ = service()
    with caplog.at_level(logging.ERROR, logger="anushravan.http"):
        answer = await call(app, "GET", "/v1/boom", VIEWER)
    assert (answer.status, answer.headers["content-type"]) == (500, "application/json")
    error_id = answer.json["error_id"]
    assert answer.json["errors"][0]["code"] == "internal_error" and error_id in answer.json["errors"][0]["message"]
    assert answer.headers["x-error-id"] == error_id
    [record] = [r for r in caplog.records if getattr(r, "ctx_error_id", None) == error_id]
    assert record.exc_info is not None and "a bug" in str(record.exc_info[1])


async def test_refusals_are_counted_by_code_and_route() -> None:
    app, _ = service()
    await call(app, "POST", "/v1/echo", [(b"content-length", b"10")], body_of(1))
    registry = app.state.metrics.registry
    assert registry.get_sample_value("anushravan_guarded_http_refusals_total", {"code": "unauthenticated"}) == 1
    assert registry.get_sample_value("anushravan_guarded_http_requests_total",
                                     {"route": "/v1/echo", "method": "POST", "status": "401"}) == 1


def test_the_document_names_the_bearer_key_and_the_error_body_of_every_refusal() -> None:
    app, _ = service()
    document = app.openapi()
    echo = document["paths"]["/v1/echo"]["post"]
    assert echo["security"] == [{"bearer": []}]
    assert {"401", "408", "413", "422", "429", "431", "500"} <= set(echo["responses"])
    assert echo["responses"]["422"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Errors"}
    assert "security" not in document["paths"]["/healthz"]["get"]
    assert "HTTPValidationError" not in document["components"]["schemas"]


async def test_a_websocket_behind_a_bearer_door_is_closed_without_a_valid_key() -> None:
    app, _ = service()
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "websocket", "path": "/v1/live", "raw_path": b"/v1/live", "query_string": b"",
             "headers": [], "client": ("10.9.0.1", 1), "server": ("test", 80), "scheme": "ws", "root_path": "",
             "subprotocols": [], "state": {}}
    await app(scope, receive, send)
    assert sent == [{"type": "websocket.close", "code": 1008, "reason": "a valid bearer key is required"}]
