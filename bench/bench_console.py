"""The console under people: 200 logged-in sessions on the embedded stack (`anushravan demo
--months 2 --keep`: Tansu, nx-27017 and the five services on this machine) each opening the
state overview and district pages with a second or so between clicks. Measured: the console's
own time per page (its Server-Timing header) p50 / p95 / p99, and as the browser waits (targets:
p95 < 300 ms); how soon a rank change reaches every open page's event stream after the
submission that causes it is published on Kafka (target < 2 s); the console's RSS afterwards
(target < 150 MB)."""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.harness import BenchEnv, percentile, rss_mb
from shared.districts import district_ids
from tests.support.kafka import event_bytes, produce

ROOT = Path(__file__).resolve().parents[1]
OPEN_PERIOD = "2026-01"  # before the months the demo plays and freezes: still open to submissions
TIMING = re.compile(r"app;dur=([\d.]+)")


def cli(args: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "anushravan.cli", *args], cwd=ROOT, env=env, timeout=timeout,
                          capture_output=True, text=True, check=False)


async def log_in(client: httpx.AsyncClient, user: str, password: str) -> None:
    form = await client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token
    answer = await client.post("/login", data={"username": user, "password": password, "csrf": token.group(1)},
                               headers={"Cookie": f"anushravan_login={form.cookies['anushravan_login']}"})
    assert answer.status_code == 303, answer.text[:300]
    client.headers["Cookie"] = f"anushravan_session={answer.cookies['anushravan_session']}"


async def browse(client: httpx.AsyncClient, until: float, pages: list[str], seen: dict[str, list[float]],
                 rng: random.Random) -> None:
    while time.monotonic() < until:
        path = rng.choice(pages)
        started = time.perf_counter()
        try:
            answer = await client.get(path)
        except (httpx.RemoteProtocolError, httpx.ReadError):
            # The server closed a connection idle past its keep-alive (5 s); a browser asks again.
            seen["reconnects"].append(1.0)
            started = time.perf_counter()
            answer = await client.get(path)
        waited = (time.perf_counter() - started) * 1000
        kind = "overview" if path.startswith("/?") or path == "/" else "district"
        if answer.status_code == 200 and (m := TIMING.search(answer.headers.get("server-timing", ""))):
            seen[f"{kind}_server"].append(float(m.group(1)))
            seen[f"{kind}_client"].append(waited)
        else:
            seen["errors"].append(answer.status_code)
        await asyncio.sleep(rng.uniform(0.5, 1.5))  # a person reading before the next click


RUN = time.strftime("%Y%m%d%H%M%S")  # submission ids of this run: never duplicates of an earlier one


def submission(district: str, paid: int, revision: int) -> tuple[str, bytes]:
    data = {"submission_id": f"bench-console-{RUN}-{district}-r{revision}", "scheme": "jsy", "district": district,
            "period": OPEN_PERIOD, "revision": revision,
            "values": {"beneficiaries_paid": paid, "institutional_deliveries": 1000}}
    return "jsy", event_bytes("progress.submitted.v1", data, source="portal/medical-health")


async def listen(session: httpx.AsyncClient, arrivals: asyncio.Queue[float], ready: asyncio.Event) -> None:
    # A connection of its own, with the session's cookie: the server has closed the idle ones.
    async with httpx.AsyncClient(base_url=session.base_url, headers=session.headers, timeout=None) as client, \
            client.stream("GET", f"/events?period={OPEN_PERIOD}") as stream:
        ready.set()
        async for line in stream.aiter_lines():
            if line.startswith("event: ranks"):
                arrivals.put_nowait(time.perf_counter())


async def live_delays(clients: list[httpx.AsyncClient], kafka: str, trials: int) -> list[float]:
    """For each trial: publish a revision that moves a district, then the time until every open
    stream has told its page (the slowest of the streams)."""
    await produce(kafka, "progress.submitted", [submission(d, 500 + 10 * i, 1) for i, d in
                                                enumerate(sorted(district_ids())[:5])])
    await asyncio.sleep(3)  # the first ranking of the period is published and its events pass
    queues = [asyncio.Queue[float]() for _ in clients]
    readies = [asyncio.Event() for _ in clients]
    tasks = [asyncio.ensure_future(listen(c, q, r)) for c, q, r in zip(clients, queues, readies, strict=True)]
    await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 60)
    delays = []
    try:
        for trial in range(trials):
            for q in queues:
                while not q.empty():
                    q.get_nowait()
            mover = sorted(district_ids())[trial % 5]
            sent = time.perf_counter()
            await produce(kafka, "progress.submitted", [submission(mover, 1000 - trial * 37 % 400, trial + 2)])
            sent = (sent + time.perf_counter()) / 2  # the publication, between send and acknowledgement
            got = await asyncio.wait_for(asyncio.gather(*(q.get() for q in queues)), 30)
            delays.append((max(got) - sent) * 1000)
            await asyncio.sleep(1.5)  # the next change in a new second (rankings publish at most once a second)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return delays


async def run(env: BenchEnv) -> dict[str, Any]:
    sessions, seconds = (50, 10.0) if env.quick else (200, 30.0)
    base = Path(tempfile.mkdtemp(prefix="anushravan-bench-console-"))
    variables = {k: v for k, v in os.environ.items()
                 if k not in ("KAFKA_BOOTSTRAP_SERVERS", "MONGODB_URL", "ANUSHRAVAN_API_KEYS_FILE",
                              "ANUSHRAVAN_USERS_FILE")}
    variables.update({"ANUSHRAVAN_STATE_DIR": str(base / "state"), "ANUSHRAVAN_STACK_FREE_PORTS": "true"})
    try:
        demo = cli(["demo", "--months", "2", "--keep", "--out", str(base / "out")], variables, 900)
        if demo.returncode != 0:
            return {"error": f"the demo failed: {demo.stdout[-2000:]} {demo.stderr[-1000:]}"}
        state = json.loads((base / "state" / "stack.json").read_text(encoding="utf-8"))
        url, pid = state["services"]["console"]["url"], state["services"]["console"]["pid"]
        user, password = next(iter(state["logins"].items()))
        return await measure(url, pid, user, password, state["kafka"], sessions, seconds)
    finally:
        cli(["down"], variables, 120)


async def measure(url: str, pid: int, user: str, password: str, kafka: str, sessions: int,
                  seconds: float) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=1)
    clients = [httpx.AsyncClient(base_url=url, timeout=30, limits=limits) for _ in range(sessions)]
    try:
        gate = asyncio.Semaphore(4)  # argon2 costs the server ~60 ms a login: log in a few at a time

        async def one(client: httpx.AsyncClient) -> None:
            async with gate:
                await log_in(client, user, password)

        await asyncio.gather(*(one(c) for c in clients))
        districts = sorted(district_ids())
        pages = ["/", "/?lang=en", *(f"/districts/{d}" for d in districts[:20])]
        for page in pages:  # the first view of each page fills the caches
            await clients[0].get(page)
        seen: dict[str, list[float]] = {k: [] for k in ("overview_server", "overview_client", "district_server",
                                                         "district_client", "errors", "reconnects")}
        until = time.monotonic() + seconds
        rng = random.Random(7)
        started = time.monotonic()
        await asyncio.gather(*(browse(c, until, pages, seen, random.Random(rng.random())) for c in clients))
        elapsed = time.monotonic() - started
        delays = await live_delays(clients, kafka, trials=5 if sessions < 200 else 10)
        served = sum(len(seen[k]) for k in seen if k.endswith("_server"))
        out: dict[str, Any] = {"sessions": sessions, "seconds": round(elapsed, 1),
                               "pages_per_s": round(served / elapsed, 1), "errors": len(seen["errors"]),
                               "reconnects": len(seen["reconnects"])}
        for kind in ("overview", "district"):
            for where in ("server", "client"):
                for q in (50, 95, 99):
                    out[f"{kind}_{where}_p{q}_ms"] = round(percentile(seen[f"{kind}_{where}"], q), 1)
        out["live_streams"] = sessions
        out["live_delay_p50_ms"] = round(percentile(delays, 50), 1)
        out["live_delay_max_ms"] = round(max(delays), 1) if delays else None
        out["console_rss_mb"] = round(rss_mb(pid), 1)
        return out
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
