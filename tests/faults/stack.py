"""A whole deployment for fault tests: its own Tansu, its own file-backed nx-27017, the four
services as real processes (so they can be SIGKILLed), keys, and the means to break things.

One stack per scenario: consumer groups, topics and the database are never shared, so what a
test reads is what its own replay caused."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from anushravan.admin import create_topics, publish_catalog
from anushravan.embedded import Server, start_nx, start_tansu
from shared.auth import add_key
from shared.catalog import default_catalog_path, load_catalog
from tests.support.servers import ROOT, ServiceProcess, service_env

SERVICES = ("ingest", "scoring", "alerts", "reports")
DATABASE = "faults"
# What every fault scenario pins: "today" after the simulated year, quick rankings and drafts,
# and no rate limit in the way of a replay.
# A draft is regenerated once its district has been quiet for the debounce: long enough that a
# month's steps (figures, deadline, freeze) make one regeneration, not three.
BASE_ENV = {
    "ANUSHRAVAN_TODAY": "2026-04-10",
    "ANUSHRAVAN_FETCH_MAX_WAIT_MS": "50",
    "ANUSHRAVAN_RANK_PUBLISH_INTERVAL_S": "0.5",
    "ANUSHRAVAN_MINUTES_DEBOUNCE_S": "8",
    "ANUSHRAVAN_MINUTES_MAX_WAIT_S": "600",
    "ANUSHRAVAN_RATE_LIMIT_PER_MINUTE": "100000",
    "ANUSHRAVAN_METRICS_INTERVAL_S": "1",
    "ANUSHRAVAN_LOG_LEVEL": "WARNING",
}


@dataclass
class Service(ServiceProcess):
    """A service process that keeps its port across restarts and may run under a test shim
    (`module`: a module run with `-m` instead of the CLI, e.g. one that breaks a service)."""

    module: str | None = None

    def start(self) -> Service:
        if self.module is None:
            super().start()
            return self
        import subprocess

        env = {**os.environ, **self.env, "ANUSHRAVAN_HTTP_PORT": str(self.port), "ANUSHRAVAN_LOG_JSON": "true"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", self.module, self.name], env=env, cwd=ROOT,
            stdout=self.log_path.open("ab"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid


@dataclass
class Stack:
    workdir: Path
    kafka: Server
    database: Server
    db_file: Path
    keys: dict[str, str]
    services: dict[str, Service] = field(default_factory=dict)
    http: httpx.AsyncClient = field(default_factory=lambda: httpx.AsyncClient(timeout=60.0))

    @property
    def bootstrap(self) -> str:
        return self.kafka.url

    def url(self, service: str) -> str:
        return self.services[service].url

    def auth(self, key: str = "viewer") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[key]}"}

    async def get(self, service: str, path: str, **params: Any) -> httpx.Response:
        return await self.http.get(f"{self.url(service)}{path}", params=params or None, headers=self.auth())

    async def ready(self, service: str) -> int:
        """The /readyz status code, 0 when the process does not answer."""
        try:
            return (await self.http.get(f"{self.url(service)}/readyz", timeout=3.0)).status_code
        except httpx.HTTPError:
            return 0

    async def wait_ready(self, names: Sequence[str] | None = None, timeout: float = 90.0) -> None:
        names = list(self.services) if names is None else names
        await asyncio.gather(*(asyncio.to_thread(self.services[n].wait_ready, timeout) for n in names))

    def kill(self, name: str) -> None:
        self.services[name].kill()

    def restart(self, name: str) -> None:
        """Start a killed service again on the same port (clients keep their address)."""
        old = self.services[name]
        self.services[name] = Service(old.name, old.env, old.log_path, port=old.port, module=old.module)
        self.services[name].start()

    def stop_database(self) -> None:
        self.database.stop()

    def restart_database(self) -> None:
        self.database = start_nx(self.workdir, port=self.database.port, db_path=str(self.db_file))

    def explain(self, lines: int = 15) -> str:
        """The tails of every service log, for failure messages."""
        parts = []
        for name, proc in self.services.items():
            text = proc.log_path.read_text(errors="replace").splitlines()[-lines:] if proc.log_path.exists() else []
            parts.append(f"--- {name} log tail:\n" + "\n".join(line[:300] for line in text))
        return "\n".join(parts)

    async def down(self) -> None:
        await self.http.aclose()
        for proc in self.services.values():
            proc.kill()
        self.database.stop()
        self.kafka.stop()


async def stack_up(workdir: Path, extra_env: Mapping[str, str] | None = None,
                   modules: Mapping[str, str] | None = None, services: Sequence[str] = SERVICES) -> Stack:
    """Tansu, nx-27017 on a file of its own, topics, the catalogue, keys and the services (all
    four by default), ready. `modules` runs a service under a test shim instead of the CLI."""
    workdir.mkdir(parents=True, exist_ok=True)
    kafka = start_tansu(workdir / "tansu")
    db_file = workdir / "nx.db"
    database = start_nx(workdir, db_path=str(db_file))
    keys_file = workdir / "keys.yaml"
    keys = {"admin": add_key(keys_file, "replay-admin", "admin"), "viewer": add_key(keys_file, "auditor", "viewer")}
    stack = Stack(workdir, kafka, database, db_file, keys)
    try:
        await create_topics(kafka.url)
        await publish_catalog(kafka.url, load_catalog(default_catalog_path()))
        env = service_env(kafka.url, database.url, DATABASE, keys_file, {**BASE_ENV, **(extra_env or {})})
        for name in services:
            stack.services[name] = Service(name, env, workdir / f"{name}.log",
                                           module=(modules or {}).get(name)).start()
        await stack.wait_ready()
    except BaseException:
        await stack.down()
        raise
    return stack
