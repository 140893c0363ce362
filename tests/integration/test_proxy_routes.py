"""The reverse proxy (deploy/proxy/nginx.conf) sends every route of every service to that
service: each upstream is a stand-in that answers with its own name, and every path the real
apps declare (read from the same factories the processes use) goes through the real nginx.
Machines' APIs under /v1/, people's console everywhere else; the operations endpoints reach
nobody; the console's event stream passes each event on as it comes."""

from __future__ import annotations

import importlib
import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from fastapi.routing import iter_route_contexts
from starlette.routing import Mount

from services.console.settings import ConsoleSettings
from shared.limits import PUBLIC
from tests.support import proxy

SERVICES = ("ingest", "scoring", "alerts", "reports", "console")
SAMPLES = {"district": "kanpur-nagar", "period": "2026-03", "financial_year": "2025-26", "scheme": "jsy",
           "kind": "minutes"}


class StandIn(ThreadingHTTPServer):
    """Answers any request with the service's name; the console's /events?… is a stream that
    sends one event, then waits for the test before it sends the second and ends."""

    daemon_threads = True

    def __init__(self, name: str) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.name, self.hits = name, 0
        self.release, self.waiting = threading.Event(), False

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: StandIn

    def _answer(self) -> None:
        self.server.hits += 1
        if length := int(self.headers.get("content-length") or 0):
            self.rfile.read(length)
        if self.server.name == "console" and self.path.startswith("/events?"):
            return self._stream()
        body = json.dumps({"service": self.server.name, "method": self.command, "path": self.path}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self) -> None:
        # No X-Accel-Buffering header (the real console sends one): the proxy's own setting is tested.
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("connection", "close")
        self.end_headers()
        self.server.waiting = True  # before the event leaves: the client may read it at once
        self.wfile.write(b"event: ranks\ndata: first\n\n")
        self.wfile.flush()
        self.server.release.wait(30)
        self.server.waiting = False
        self.wfile.write(b"event: ranks\ndata: second\n\n")
        self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


def _routes() -> list[tuple[str, str, str]]:
    """(service, method, path with sample values) of every route the services declare."""
    found = []
    for name in SERVICES:
        settings = ConsoleSettings(KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:1", MONGODB_URL="mongodb://127.0.0.1:1")
        app = importlib.import_module(f"services.{name}.main").create_app(settings)
        for route in iter_route_contexts(app.routes):
            template = route.path or ""
            path = re.sub(r"\{(\w+)\}", lambda m: SAMPLES.get(m[1], "x1"), template)
            if isinstance(route.original_route, Mount):
                found.append((name, "GET", f"{path}/console.css"))
            elif not any(d.covers(template) for d in PUBLIC):
                found += [(name, method, path) for method in sorted((route.methods or set()) - {"HEAD"})]
    return found


ROUTES = _routes()


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, StandIn]]]:
    proxy.nginx()
    stand_ins = {name: StandIn(name) for name in SERVICES}
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in stand_ins.values()]
    for thread in threads:
        thread.start()
    try:
        with proxy.running({n: s.address for n, s in stand_ins.items()}, tmp_path_factory.mktemp("edge")) as running:
            yield running.url, stand_ins
    finally:
        for stand_in in stand_ins.values():
            stand_in.release.set()
            stand_in.shutdown()
            stand_in.server_close()


def test_every_service_declares_routes_and_the_console_its_pages_and_stream() -> None:
    assert {s for s, _, _ in ROUTES} == set(SERVICES)
    console = {p for s, _, p in ROUTES if s == "console"}
    assert {"/", "/login", "/events", "/static/console.css"} <= console


@pytest.mark.parametrize(("service", "method", "path"), ROUTES, ids=[f"{s} {m} {p}" for s, m, p in ROUTES])
def test_every_route_reaches_its_service_through_the_proxy(
    edge: tuple[str, dict[str, StandIn]], service: str, method: str, path: str,
) -> None:
    url, _ = edge
    answer = httpx.request(method, f"{url}{path}", content=b"{}" if method != "GET" else None, timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"service": service, "method": method, "path": path}


@pytest.mark.parametrize("path", [d.prefix for d in PUBLIC] + ["/v1/nothing", "/v1/submissionsx", "/metrics/x"])
def test_operations_endpoints_and_unknown_api_paths_reach_nobody(
    edge: tuple[str, dict[str, StandIn]], path: str,
) -> None:
    url, stand_ins = edge
    before = sum(s.hits for s in stand_ins.values())
    answer = httpx.get(f"{url}{path}", timeout=30)
    assert (answer.status_code, answer.json()["errors"][0]["code"]) == (404, "not_found")
    assert sum(s.hits for s in stand_ins.values()) == before


def test_the_console_event_stream_passes_each_event_on_while_the_console_still_writes(
    edge: tuple[str, dict[str, StandIn]],
) -> None:
    url, stand_ins = edge
    console = stand_ins["console"]
    with httpx.stream("GET", f"{url}/events?period=2026-03", timeout=60) as stream:
        lines = stream.iter_lines()
        first = [next(lines) for _ in range(2)]
        # Read before the console was let go: a buffering proxy would have held it back.
        assert console.waiting and first == ["event: ranks", "data: first"], first
        console.release.set()
        assert "data: second" in list(lines)


def _location(opening: str) -> str:
    found = re.search(rf"{re.escape(opening)} \{{(.*?)\}}", proxy.CONFIG.read_text(), re.S)
    assert found is not None, opening
    return found.group(1)


def _seconds(block: str) -> float:
    found = re.search(r"proxy_read_timeout (\d+)s;", block)
    assert found is not None, block
    return float(found.group(1))


def test_the_event_stream_outlasts_the_longest_keepalive_and_documents_the_longest_render() -> None:
    events = _location("location = /events")
    assert "proxy_buffering off;" in events
    [longest] = [m.le for m in ConsoleSettings.model_fields["sse_keepalive_s"].metadata if hasattr(m, "le")]
    assert _seconds(events) > longest
    documents = _location("location ~ ^/districts/[^/]+/documents/")
    assert _seconds(documents) >= _seconds(_location("location ~ ^/v1/booklet(/|$)"))


def test_logins_are_rate_limited_per_address_before_the_console_checks_a_password(
    edge: tuple[str, dict[str, StandIn]],
) -> None:
    url, stand_ins = edge
    before = stand_ins["console"].hits
    with httpx.Client(base_url=url, timeout=30) as client:
        answers = [client.post("/login", data={"username": "x", "password": "y"}) for _ in range(60)]
    refused = [a for a in answers if a.status_code == 429]
    assert refused and refused[0].json()["errors"][0]["code"] == "rate_limited"
    assert stand_ins["console"].hits - before == 60 - len(refused)
