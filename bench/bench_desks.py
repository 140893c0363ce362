"""The console's desks under their busiest hours, on the embedded stack (`anushravan demo
--months 2 --keep`: Tansu, nx-27017 and the five services on this machine).

- Printing: WeasyPrint in worker processes against threads — PDFs per second, and how long the
  service's event loop is held meanwhile (what every other request would wait).
- The meeting day: 75 districts × 4 documents (minutes and booklet, Hindi and English, PDF)
  asked of the reports service within one minute, each at a random moment, once the frozen
  period's drafts have been printed ahead (target: p95 under 2 s).
- The alerts feed: 50 alerts a second for 10 s (figures that each raise an alert, published to
  `scores.updated`), and open alerts desks fetching their feed as the browser does on each
  `alerts` event; the delay from an alert's publication on `alerts.rank-change` to its first
  appearance in a desk (target: p95 under 1 s)."""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from bench.bench_console import cli, log_in
from bench.harness import BenchEnv, percentile
from services.reports.domain.minutes import assemble
from services.reports.printing import PdfPrinter
from services.reports.rendering import pdf_available, render_minutes
from shared.catalog import default_catalog_path, load_catalog
from shared.districts import district_ids
from shared.events.envelope import encode, make_event
from shared.events.scoring import SCHEME_SCORED
from shared.topics import ALERTS, SCORES_UPDATED
from tests.support.kafka import event_bytes, produce
from tests.unit.reports.kanpur_march_2026 import kanpur_march_2026

MEETING_PERIOD, FEED_PERIOD = "2026-03", "2026-01"
ALERT = re.compile(r'data-alert="([^"]+)"')


# ---- printing: processes or threads ---------------------------------------------------------

async def loop_lag(stop: asyncio.Event, lags: list[float]) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(0.01)
        lags.append((time.perf_counter() - started - 0.01) * 1000)


async def printing(kind: str, documents: int) -> dict[str, Any]:
    html = render_minutes({**assemble(kanpur_march_2026()), "status": "draft", "version": 1}, "hi", "html").decode()
    printer = PdfPrinter(2, kind)  # type: ignore[arg-type]
    await printer.start()
    await printer.print(html)  # warm
    stop, lags = asyncio.Event(), list[float]()
    ticker = asyncio.ensure_future(loop_lag(stop, lags))
    started = time.perf_counter()
    await asyncio.gather(*(printer.print(html) for _ in range(documents)))
    elapsed = time.perf_counter() - started
    stop.set()
    await ticker
    await printer.stop()
    return {f"{kind}_pdfs_per_s": round(documents / elapsed, 2),
            f"{kind}_loop_lag_p95_ms": round(percentile(lags, 95), 1),
            f"{kind}_loop_lag_max_ms": round(max(lags), 1)}


# ---- the meeting day --------------------------------------------------------------------------

async def printed_ahead(reports: httpx.AsyncClient, wanted: int, timeout_s: float) -> float:
    """Seconds until the reports service has printed `wanted` PDFs ahead."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        text = (await reports.get("/metrics")).text
        found = re.search(r"^anushravan_reports_pdf_prerendered_total (\S+)$", text, re.M)
        if found and float(found.group(1)) >= wanted:
            return time.monotonic() - started
        await asyncio.sleep(2)
    raise TimeoutError(f"not {wanted} PDFs printed ahead within {timeout_s} s")


def lookups(metrics: str) -> dict[str, float]:
    """The reports service's PDF lookups by kind and outcome (hit, printed, shared)."""
    return {f"{k}_{o}": float(v) for k, o, v in re.findall(
        r'^anushravan_reports_pdf_lookups_total\{kind="(\w+)",outcome="(\w+)"\} (\S+)$', metrics, re.M)}


async def meeting_day(reports: httpx.AsyncClient, period: str, seconds: float) -> dict[str, Any]:
    asks = [(kind, d, lang) for d in sorted(district_ids()) for kind in ("minutes", "booklet") for lang in ("hi", "en")]
    rng = random.Random(16)
    times: list[float] = []
    errors: list[int] = []

    async def ask(kind: str, district: str, lang: str, at: float) -> None:
        await asyncio.sleep(at)
        started = time.perf_counter()
        answer = await reports.get(f"/v1/{kind}/{district}/{period}", params={"lang": lang, "format": "pdf"})
        if answer.status_code == 200 and answer.content.startswith(b"%PDF-"):
            times.append(time.perf_counter() - started)
        else:
            errors.append(answer.status_code)

    await asyncio.gather(*(ask(k, d, lang, rng.uniform(0, seconds)) for k, d, lang in asks))
    return {"documents": len(asks), "within_s": seconds, "errors": len(errors),
            "p50_s": round(percentile(times, 50), 3), "p95_s": round(percentile(times, 95), 3),
            "p99_s": round(percentile(times, 99), 3), "max_s": round(max(times), 3) if times else None}


# ---- the alerts feed ----------------------------------------------------------------------------

def scored(district: str, scheme: str, department: str, period: str) -> bytes:
    """Grade D with no grade before: one `entered_grade_d` each."""
    data = {"scheme": scheme, "department": department, "district": district, "period": period,
            "marks": 1.2, "grade": "D", "rank": 70, "of": 75, "kpis": {}, "previous": None,
            "status": "scored", "submission_id": f"bench-feed-{district}-{scheme}", "revision": 1}
    return encode(make_event(SCHEME_SCORED, "bench", data))


async def desk(client: httpx.AsyncClient, period: str, seen: dict[str, float], stop: asyncio.Event) -> None:
    """An open alerts desk: on each `alerts` event, the feed fetched again (as htmx does)."""
    async with httpx.AsyncClient(base_url=client.base_url, headers=client.headers, timeout=None) as sse, \
            sse.stream("GET", f"/events?period={period}&feed=alerts") as stream:
        async for line in stream.aiter_lines():
            if stop.is_set():
                return
            if line.startswith("event: alerts"):
                page = await client.get(f"/alerts?period={period}&status=all")
                now = time.time()
                for alert_id in ALERT.findall(page.text):
                    seen.setdefault(alert_id, now)


async def published(kafka: str, period: str, found: dict[str, float], stop: asyncio.Event) -> None:
    consumer = AIOKafkaConsumer(ALERTS, bootstrap_servers=kafka, auto_offset_reset="latest", fetch_max_wait_ms=10)
    await consumer.start()
    try:
        while not stop.is_set():
            batch = await consumer.getmany(timeout_ms=200)
            for records in batch.values():
                for record in records:
                    data = json.loads(record.value)["data"]
                    if data.get("period") == period:
                        found.setdefault(data["alert_id"], record.timestamp / 1000)
    finally:
        await consumer.stop()


async def feed(url: str, kafka: str, user: str, password: str, rate: int, seconds: int,
               desks: int) -> dict[str, Any]:
    schemes = [s for s in load_catalog(default_catalog_path()) if s.graded]
    pairs = [(d, s) for s in schemes for d in sorted(district_ids())][: rate * seconds]
    clients = [httpx.AsyncClient(base_url=url, timeout=60) for _ in range(desks)]
    seen: dict[str, float] = {}
    out: dict[str, float] = {}
    stop = asyncio.Event()
    for client in clients:
        await log_in(client, user, password)
    listeners = [asyncio.ensure_future(desk(c, FEED_PERIOD, seen, stop)) for c in clients]
    watcher = asyncio.ensure_future(published(kafka, FEED_PERIOD, out, stop))
    await asyncio.sleep(3)  # streams open, the watcher assigned
    producer = AIOKafkaProducer(bootstrap_servers=kafka, linger_ms=0)
    await producer.start()
    try:
        started = time.monotonic()
        for i in range(0, len(pairs), rate // 10):  # a tenth of a second's worth at a time
            for district, scheme in pairs[i:i + rate // 10]:
                await producer.send(SCORES_UPDATED, scored(district, scheme.id, scheme.department.id, FEED_PERIOD),
                                    key=district.encode())
            await asyncio.sleep(max(0.0, started + (i + rate // 10) / rate - time.monotonic()))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (out and set(out) <= set(seen) and len(out) >= len(pairs) * 0.99):
            await asyncio.sleep(0.5)
    finally:
        stop.set()
        await producer.stop()
        for task in (*listeners, watcher):
            task.cancel()
        await asyncio.gather(*listeners, watcher, return_exceptions=True)
        await asyncio.gather(*(c.aclose() for c in clients))
    delays = [(seen[a] - t) * 1000 for a, t in out.items() if a in seen]
    return {"alerts_per_s": rate, "seconds": seconds, "open_desks": desks, "alerts_published": len(out),
            "alerts_seen": len(delays), "delay_p50_ms": round(percentile(delays, 50), 1),
            "delay_p95_ms": round(percentile(delays, 95), 1), "delay_max_ms": round(max(delays), 1) if delays else None,
            "delay_mean_ms": round(statistics.fmean(delays), 1) if delays else None}


async def part(result: dict[str, Any], name: str, measure: Any) -> None:
    """One part's figures, or its error: one failing part must not hide the others'."""
    try:
        result.update({f"{name}_{k}": v for k, v in (await measure).items()})
    except Exception as exc:  # reported with the figures, as bench/__main__.py does
        result[f"{name}_error"] = repr(exc)


async def run(env: BenchEnv) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if pdf_available()[0]:
        for kind in ("process", "thread"):
            await part(result, "printing", printing(kind, 8 if env.quick else 16))
    base = Path(tempfile.mkdtemp(prefix="anushravan-bench-desks-"))
    variables = {k: v for k, v in os.environ.items()
                 if k not in ("KAFKA_BOOTSTRAP_SERVERS", "MONGODB_URL", "ANUSHRAVAN_API_KEYS_FILE",
                              "ANUSHRAVAN_USERS_FILE")}
    variables.update({"ANUSHRAVAN_STATE_DIR": str(base / "state"), "ANUSHRAVAN_STACK_FREE_PORTS": "true"})
    try:
        demo = cli(["demo", "--months", "2", "--keep", "--out", str(base / "out")], variables, 900)
        if demo.returncode != 0:
            return {**result, "error": f"the demo failed: {demo.stdout[-2000:]} {demo.stderr[-1000:]}"}
        state = json.loads((base / "state" / "stack.json").read_text(encoding="utf-8"))
        headers = {"Authorization": f"Bearer {state['secrets']['viewer']}"}
        limits = httpx.Limits(max_connections=400, max_keepalive_connections=400)
        async with httpx.AsyncClient(base_url=state["services"]["reports"]["url"], headers=headers, limits=limits,
                                     timeout=httpx.Timeout(120, pool=None)) as reports:
            # The latest frozen month first: 75 districts × 4 PDFs printed ahead.
            result["printed_ahead_s"] = round(await printed_ahead(reports, 4 * len(district_ids()), 1800), 1)
            await part(result, "meeting_day", meeting_day(reports, MEETING_PERIOD, 60.0))
            result["meeting_day_lookups"] = lookups((await reports.get("/metrics")).text)
        user, password = next(iter(state["logins"].items()))
        await produce(state["kafka"], "progress.submitted", [("jsy", event_bytes("progress.submitted.v1", {
            "submission_id": f"bench-desks-{time.time_ns()}", "scheme": "jsy", "district": "agra",
            "period": FEED_PERIOD, "values": {"beneficiaries_paid": 900, "institutional_deliveries": 1000}}))])
        await asyncio.sleep(5)  # the month has a ranking: the desk can show it
        await part(result, "feed", feed(state["services"]["console"]["url"], state["kafka"], user, password, 50, 10, 3))
        return result
    finally:
        cli(["down"], variables, 120)
