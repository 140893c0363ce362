"""What every benchmark gets: servers of its own, the raw ceilings of this run, a place to write."""

from __future__ import annotations

import asyncio
import contextlib
import resource
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from anushravan.admin import create_topics
from anushravan.embedded import Server, start_nx, start_tansu


@dataclass
class BenchEnv:
    kafka: str
    mongo_url: str
    workdir: Path
    raw: dict[str, float] = field(default_factory=dict)
    quick: bool = False

    @contextlib.asynccontextmanager
    async def fresh_tansu(self) -> AsyncIterator[str]:
        """A dedicated broker with the contract's topics, for a benchmark that must not share."""
        server = start_tansu(self.workdir)
        try:
            await create_topics(server.url)
            yield server.url
        finally:
            server.stop()

    def database(self, name: str) -> str:
        return f"bench_{name}"


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process in MiB (this one by default)."""
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


@contextlib.contextmanager
def servers() -> Any:
    workdir = Path(tempfile.mkdtemp(prefix="anushravan-bench-"))
    kafka: Server = start_tansu(workdir)
    mongo: Server = start_nx(workdir)
    try:
        yield kafka, mongo, workdir
    finally:
        kafka.stop()
        mongo.stop()


async def wait_ready(url: str, proc: subprocess.Popen[bytes], name: str, timeout_s: float = 120) -> None:
    """Until the service at `url` answers /readyz 200; fails at once if its process exited."""
    deadline = time.monotonic() + timeout_s
    async with httpx.AsyncClient(base_url=url) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the {name} service exited; see its log in the bench directory")
            try:
                if (await client.get("/readyz", timeout=2)).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise TimeoutError(f"the {name} service did not become ready in {timeout_s:.0f} s")
