"""The whole pipeline under load: portals upload NDJSON batches to the ingest API (ten a
second) at increasing rates; scoring, alerts and reports run as real processes with their
default settings on a broker of their own. Per step: the rate ingest accepted and scoring
kept up with, latency from the upload to the alert on `alerts.rank-change` (a tenth of the
graded submissions fall into grade D) and to the next `minutes.updated.v1` of the district
(a new draft; drafts are debounced, ANUSHRAVAN_MINUTES_DEBOUNCE_S = 2 s), consumer lag, RSS
per service. Minutes are measured last, once reports has had a grace period to catch up
(`minutes_drafted_share`: how many submissions saw a new draft in time). A step starts
while the previous one's backlog may still be draining: that is what a deadline day does.
`sustained_submissions_per_s` is the highest step whose offer ingest accepted
(95 %) and scoring finished within a second of the offer's end; the raw broker ceilings of
the same run stand beside it."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import httpx

from anushravan.admin import publish_catalog
from bench.harness import BenchEnv, percentile
from bench.pipeline_support import Observer, Pipeline, old_periods, start_pipeline, submissions
from shared.catalog import default_catalog_path, load_catalog
from shared.districts import load_districts

TICKS_PER_S = 10
IN_FLIGHT = 8
SETTINGS = {"ANUSHRAVAN_TODAY": "2026-04-10", "ANUSHRAVAN_RATE_LIMIT_PER_MINUTE": "1000000"}
DRAIN_S = 60.0
Sub = dict[str, Any]


async def upload(client: httpx.AsyncClient, pipeline: Pipeline, batch: list[Sub], gate: asyncio.Semaphore,
                 sent: list[tuple[Sub, float]], answers: list[float]) -> None:
    headers = {"Authorization": f"Bearer {pipeline.admin_key}", "Content-Type": "application/x-ndjson"}
    body = "\n".join(json.dumps({k: v for k, v in s.items() if k != "alert"}) for s in batch)
    async with gate:
        at = time.perf_counter()
        answer = await client.post(f"{pipeline.url('ingest')}/v1/submissions:batch", content=body, headers=headers)
        answers.append((time.perf_counter() - at) * 1000)
    if answer.status_code == 200:
        refused = {r["line"] for r in answer.json().get("rejected", [])}
        sent += [(sub, at) for line, sub in enumerate(batch, start=1) if line not in refused]


async def offer(client: httpx.AsyncClient, pipeline: Pipeline, source: Iterator[Sub], rate: int,
                seconds: float) -> tuple[list[tuple[Sub, float]], list[float]]:
    """Upload `rate` submissions a second for `seconds`: a batch every tick on a fixed clock,
    several portals at once (up to IN_FLIGHT requests); returns each accepted submission with
    the moment its batch was sent, and each batch's answer time in ms."""
    gate = asyncio.Semaphore(IN_FLIGHT)
    sent: list[tuple[Sub, float]] = []
    answers: list[float] = []
    uploads = []
    started = time.perf_counter()
    for tick in range(int(seconds * TICKS_PER_S)):
        await asyncio.sleep(max(0.0, started + tick / TICKS_PER_S - time.perf_counter()))
        # Whole submissions per tick that add up to the rate exactly (25/s: 2, 3, 2, 3, …).
        batch = [next(source) for _ in range((tick + 1) * rate // TICKS_PER_S - tick * rate // TICKS_PER_S)]
        uploads.append(asyncio.create_task(upload(client, pipeline, batch, gate, sent, answers)))
    await asyncio.gather(*uploads)
    return sent, answers


async def drained(observer: Observer, sent: list[tuple[Sub, float]]) -> float:
    """Seconds until every accepted submission was scored (bounded by DRAIN_S)."""
    started = time.perf_counter()
    while time.perf_counter() - started < DRAIN_S:
        if all(s["submission_id"] in observer.scored for s, _ in sent):
            break
        await asyncio.sleep(0.1)
    return time.perf_counter() - started


def alert_latencies(observer: Observer, sent: list[tuple[Sub, float]]) -> list[float]:
    out = []
    for sub, at in (x for x in sent if x[0]["alert"]):
        seen = observer.alerts.get(f"entered_grade_d:{sub['district']}:{sub['scheme']}:{sub['period']}:D")
        if seen is not None:
            out.append((seen - at) * 1000)
    return out


def minutes_latencies(observer: Observer, sent: list[tuple[Sub, float]]) -> list[float]:
    drafted = ((observer.minutes_after(s["district"], s["period"], at), at) for s, at in sent)
    return [(when - at) * 1000 for when, at in drafted if when is not None]


async def drafted(observer: Observer, sent: list[tuple[Sub, float]], grace_s: float) -> None:
    """Give the reports service up to `grace_s` to draft the minutes of everything sent."""
    started = time.perf_counter()
    last = {(s["district"], s["period"]): at for s, at in sent}
    while time.perf_counter() - started < grace_s:
        if all(observer.minutes_after(d, p, at) is not None for (d, p), at in last.items()):
            return
        await asyncio.sleep(0.5)


async def step(client: httpx.AsyncClient, pipeline: Pipeline, observer: Observer, source: Iterator[Sub],
               rate: int, seconds: float) -> tuple[dict[str, Any], list[tuple[Sub, float]]]:
    began = time.perf_counter()
    sent, answers = await offer(client, pipeline, source, rate, seconds)
    offered_s = time.perf_counter() - began
    lag = await pipeline.lag(client)
    drain_s = await drained(observer, sent)
    scored = sum(s["submission_id"] in observer.scored for s, _ in sent)
    alerts = alert_latencies(observer, sent)
    return {
        "offered_per_s": rate, "accepted_per_s": round(len(sent) / offered_s, 1),
        "scored_per_s": round(scored / (offered_s + drain_s), 1), "drain_s": round(drain_s, 2),
        "unscored": len(sent) - scored,
        "alert_p50_ms": round(percentile(alerts, 50), 1), "alert_p99_ms": round(percentile(alerts, 99), 1),
        "alerts_measured": len(alerts),
        "ingest_batch_p50_ms": round(percentile(answers, 50), 1),
        "ingest_batch_p99_ms": round(percentile(answers, 99), 1),
        "lag_at_end_of_offer": lag, "rss_mb": pipeline.rss_mb(),
    }, sent


def with_minutes(figures: dict[str, Any], observer: Observer, sent: list[tuple[Sub, float]]) -> dict[str, Any]:
    minutes = minutes_latencies(observer, sent)
    return {**figures, "minutes_p50_ms": round(percentile(minutes, 50), 1),
            "minutes_p99_ms": round(percentile(minutes, 99), 1),
            "minutes_drafted_share": round(len(minutes) / max(len(sent), 1), 3)}


def summary(steps: list[dict[str, Any]], raw: dict[str, float]) -> dict[str, Any]:
    kept_up = [s for s in steps if s["accepted_per_s"] >= 0.95 * s["offered_per_s"] and s["unscored"] == 0
               and s["drain_s"] <= 1.0] or steps[:1]
    best = max(kept_up, key=lambda s: s["offered_per_s"])
    return {
        "sustained_submissions_per_s": best["accepted_per_s"], "at_offered_per_s": best["offered_per_s"],
        "alert_p50_ms": best["alert_p50_ms"], "alert_p99_ms": best["alert_p99_ms"],
        "minutes_p50_ms": best["minutes_p50_ms"], "minutes_p99_ms": best["minutes_p99_ms"],
        "peak_scored_per_s": max(s["scored_per_s"] for s in steps),
        **{f"max_lag_{name}": max(s["lag_at_end_of_offer"][name] for s in steps)
           for name in steps[0]["lag_at_end_of_offer"]},
        **{f"rss_{name}_mb": max(s["rss_mb"][name] for s in steps) for name in steps[0]["rss_mb"]},
        "raw_produce_msgs_per_s": raw.get("produce_msgs_per_s"),
        "raw_consume_produce_msgs_per_s": raw.get("consume_produce_msgs_per_s"),
        "raw_roundtrip_p50_ms": raw.get("roundtrip_p50_ms"), "raw_roundtrip_p99_ms": raw.get("roundtrip_p99_ms"),
        "steps": steps,
    }


async def run(env: BenchEnv) -> dict[str, Any]:
    rates, seconds, grace = ((50, 100, 200, 400), 8.0, 30.0) if env.quick else \
        ((50, 100, 200, 400, 800, 1600), 15.0, 90.0)
    schemes = load_catalog(default_catalog_path())
    source = submissions(schemes, [d.id for d in load_districts()], old_periods(), alert_share=0.1, seed=8)
    async with env.fresh_tansu() as kafka:
        await publish_catalog(kafka, schemes)
        pipeline = await start_pipeline(env, kafka, SETTINGS)
        observer = Observer(kafka)
        await observer.start()
        watching = asyncio.create_task(observer.run())
        try:
            async with httpx.AsyncClient(timeout=60) as client:
                await step(client, pipeline, observer, source, 10, 3.0)  # warm-up: connections, first batches
                measured = [await step(client, pipeline, observer, source, r, seconds) for r in rates]
                await drafted(observer, [x for _, sent in measured for x in sent], grace)
                steps = [with_minutes(figures, observer, sent) for figures, sent in measured]
        finally:
            watching.cancel()
            await observer.stop()
            pipeline.stop()
    return summary(steps, env.raw)
