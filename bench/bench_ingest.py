"""Ingest: submissions per second through HTTP (single and batch) against the raw produce
ceiling of the same run. A live service process on a broker of its own, as in production:
each 202 waits for the broker's acknowledgement (acks=all) and a MongoDB receipt."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from anushravan.admin import publish_catalog
from anushravan.embedded import free_port, stop_pid
from bench.harness import BenchEnv, percentile, rss_mb, wait_ready
from shared.auth import add_key
from shared.catalog import default_catalog_path, load_catalog
from shared.districts import district_ids

ROOT = Path(__file__).resolve().parents[1]
SCHEME = "sc-postmatric-scholarship"
FIELDS = ("applications_received", "pending_institution", "pending_pfms", "pending_university")
PERIOD = "2026-03"


def start(env: BenchEnv, kafka: str, keys: Path, port: int) -> subprocess.Popen[bytes]:
    variables = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": kafka, "MONGODB_URL": env.mongo_url,
                 "MONGODB_DATABASE": env.database("ingest"), "ANUSHRAVAN_API_KEYS_FILE": str(keys),
                 "ANUSHRAVAN_TODAY": "2026-03-24", "ANUSHRAVAN_HTTP_PORT": str(port),
                 "ANUSHRAVAN_RATE_LIMIT_PER_MINUTE": "100000000", "ANUSHRAVAN_LOG_LEVEL": "WARNING"}
    log = (env.workdir / "ingest-bench.log").open("ab")
    return subprocess.Popen([sys.executable, "-m", "anushravan.cli", "serve", "ingest"], env=variables,
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)



def document(sid: str, district: str) -> dict[str, Any]:
    return {"submission_id": sid, "scheme": SCHEME, "district": district, "period": PERIOD,
            "values": dict.fromkeys(FIELDS, 100)}


async def singles(client: httpx.AsyncClient, tag: str, n: int, concurrency: int) -> dict[str, float]:
    """`n` single submissions from `concurrency` clients: throughput and latency."""
    units = sorted(district_ids())
    latencies: list[float] = []
    queue = iter(range(n))

    async def worker() -> None:
        for i in queue:
            began = time.perf_counter()
            response = await client.post("/v1/submissions", json=document(f"{tag}-{i}", units[i % len(units)]))
            if response.status_code != 202:
                raise RuntimeError(f"single submission answered {response.status_code}: {response.text[:300]}")
            latencies.append((time.perf_counter() - began) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return {"per_s": round(n / elapsed), "p50_ms": round(percentile(latencies, 50), 2),
            "p99_ms": round(percentile(latencies, 99), 2)}


def csv_batch(tag: str, lines: int) -> bytes:
    units = sorted(district_ids())
    rows = ["submission_id,scheme,district,period,revision," + ",".join(FIELDS)]
    rows += [f"{tag}-{i},{SCHEME},{units[i % len(units)]},{PERIOD},{i // len(units) + 1},100,1,2,3"
             for i in range(lines)]
    return ("\n".join(rows) + "\n").encode()


async def batches(client: httpx.AsyncClient, tag: str, count: int, lines: int) -> dict[str, float]:
    """`count` CSV batches of `lines` lines, one after another: lines per second."""
    seconds: list[float] = []
    for b in range(count):
        body = csv_batch(f"{tag}-{b}", lines)
        began = time.perf_counter()
        response = await client.post("/v1/submissions:batch", content=body, headers={"content-type": "text/csv"})
        seconds.append(time.perf_counter() - began)
        if response.status_code != 200 or response.json()["accepted"] != lines:
            raise RuntimeError(f"batch answered {response.status_code}: {response.text[:300]}")
    return {"lines_per_s": round(count * lines / sum(seconds)),
            "seconds_per_batch_p50": round(percentile(seconds, 50), 3)}


async def run(env: BenchEnv) -> dict[str, Any]:
    n_single, n_batches, lines = (500, 2, 5_000) if env.quick else (3_000, 5, 10_000)
    async with env.fresh_tansu() as kafka:
        await publish_catalog(kafka, load_catalog(default_catalog_path()))
        keys = env.workdir / "ingest-bench-keys.yaml"
        secret = add_key(keys, f"bench-{time.time_ns()}", "admin")
        port = free_port()
        proc = start(env, kafka, keys, port)
        try:
            url = f"http://127.0.0.1:{port}"
            await wait_ready(url, proc, "ingest")
            # Idle connections expire before uvicorn closes them (5 s), so none is reused after it did.
            limits = httpx.Limits(max_connections=64, max_keepalive_connections=64, keepalive_expiry=2.0)
            async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {secret}"},
                                         timeout=120, limits=limits) as client:
                await singles(client, "warm", 50, 4)
                sequential = await singles(client, "seq", n_single // 5, 1)
                concurrent = await singles(client, "conc", n_single, 32)
                batch = await batches(client, "batch", n_batches, lines)
            memory = rss_mb(proc.pid)
        finally:
            stop_pid(proc.pid, timeout=30)
    ceiling = env.raw.get("produce_msgs_per_s") or float("nan")
    return {
        "single_sequential_per_s": sequential["per_s"], "single_sequential_p50_ms": sequential["p50_ms"],
        "single_sequential_p99_ms": sequential["p99_ms"],
        "single_concurrent32_per_s": concurrent["per_s"], "single_concurrent32_p50_ms": concurrent["p50_ms"],
        "single_concurrent32_p99_ms": concurrent["p99_ms"],
        "batch_lines": lines, "batch_lines_per_s": batch["lines_per_s"],
        "batch_seconds_p50": batch["seconds_per_batch_p50"],
        "raw_produce_msgs_per_s": ceiling,
        "single_vs_raw": round(concurrent["per_s"] / ceiling, 4),
        "batch_vs_raw": round(batch["lines_per_s"] / ceiling, 4),
        "service_rss_mb": round(memory, 1),
    }
