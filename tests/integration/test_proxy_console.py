"""The real console behind the real reverse proxy (deploy/proxy/nginx.conf), on a real broker and
database: a person logs in through the proxy, opens a page's event stream through it, and a
ranking published on Kafka reaches that stream while it stays open. The routing of every path
is tested against stand-ins in test_proxy_routes.py; this is the whole chain once."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from anushravan.admin import create_topics
from shared.auth import add_key
from shared.topics import RANKS_UPDATED
from shared.users import add_user
from tests.support import proxy
from tests.support.kafka import event_bytes, produce
from tests.support.servers import ServiceProcess, nx, service_env, tansu

PERSON, PASSWORD, PERIOD = "command-centre", "a-long-test-password", "2026-03"


class Periods(BaseHTTPRequestHandler):
    """scoring, as far as an event stream needs it: the periods with scores."""

    def do_GET(self) -> None:
        body = json.dumps({"latest": PERIOD, "periods": [{"period": PERIOD, "final": False}]}).encode()
        self.send_response(200 if self.path.startswith("/v1/periods") else 404)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, ServiceProcess]]:
    proxy.nginx()
    work = tmp_path_factory.mktemp("proxy-console")
    add_user(work / "users.yaml", PERSON, "state", PASSWORD)
    key = add_key(work / "keys.yaml", "console", "viewer")
    scoring = ThreadingHTTPServer(("127.0.0.1", 0), Periods)
    threading.Thread(target=scoring.serve_forever, daemon=True).start()
    with tansu(work / "tansu") as broker, nx(work) as database:
        asyncio.run(create_topics(broker.url))
        # Reports is away and scoring a stand-in: the console's login and streams need no more.
        env = service_env(broker.url, database.url, "proxy_console", work / "keys.yaml", {
            "ANUSHRAVAN_USERS_FILE": str(work / "users.yaml"), "ANUSHRAVAN_CONSOLE_API_KEY": key,
            "ANUSHRAVAN_SCORING_URL": f"http://127.0.0.1:{scoring.server_address[1]}",
            "ANUSHRAVAN_SSE_KEEPALIVE_S": "1"})
        console = ServiceProcess("console", env, work / "console.log").start()
        try:
            _wait_alive(console)
            with proxy.running({"console": f"127.0.0.1:{console.port}"}, work) as running:
                yield running.url, broker.url, console
        finally:
            console.stop()
            scoring.shutdown()
            scoring.server_close()


def _wait_alive(console: ServiceProcess, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{console.url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise TimeoutError(f"console not up: {console.log_path.read_text()[-3000:]}")


def _log_in(client: httpx.Client) -> str:
    """The session cookie, as a browser gets it through the proxy (the cookies are Secure, so
    this plain-http client sends them by hand)."""
    form = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert form.status_code == 200 and token, form.text[:300]
    answer = client.post("/login", data={"username": PERSON, "password": PASSWORD, "csrf": token[1]},
                         headers={"Cookie": f"anushravan_login={form.cookies['anushravan_login']}"})
    assert answer.status_code == 303, answer.text[:300]
    return str(answer.cookies["anushravan_session"])


def test_a_ranking_on_kafka_reaches_a_page_stream_opened_through_the_proxy(
    edge: tuple[str, str, ServiceProcess],
) -> None:
    url, bootstrap, console = edge
    heard = threading.Event()

    def publish_until_heard() -> None:
        # The console's consumer joins its group when it starts: publish until the page hears one.
        while not heard.wait(0.5):
            asyncio.run(produce(bootstrap, RANKS_UPDATED, [(PERIOD, event_bytes(
                "composite.ranked.v1", {"period": PERIOD, "ranks": []}, source="scoring"))]))

    with httpx.Client(base_url=url, timeout=30, follow_redirects=False) as client:
        session = _log_in(client)
        publisher = threading.Thread(target=publish_until_heard, daemon=True)
        with client.stream("GET", f"/events?period={PERIOD}", headers={"Cookie": f"anushravan_session={session}"},
                           timeout=httpx.Timeout(30, read=60)) as stream:
            assert stream.status_code == 200 and stream.headers["content-type"].startswith("text/event-stream")
            publisher.start()
            events: list[str] = []
            deadline = time.monotonic() + 60  # the keep-alive comments arrive every second meanwhile
            try:
                for line in stream.iter_lines():
                    events.append(line)
                    if line == "event: ranks" or time.monotonic() > deadline:
                        break
            finally:
                heard.set()
                publisher.join(timeout=30)
    assert "event: ranks" in events, f"{events}\n{console.log_path.read_text()[-2000:]}"


def test_people_see_the_consoles_pages_and_nobody_its_operations_endpoints(
    edge: tuple[str, str, ServiceProcess],
) -> None:
    url, _, _ = edge
    with httpx.Client(base_url=url, timeout=30, follow_redirects=False) as client:
        assert client.get("/").headers["location"].startswith("/login")
        assert client.get("/static/console.css").status_code == 200
        assert client.get("/metrics").status_code == 404
