"""Real servers for tests: Tansu and nx-27017 on free loopback ports, stopped by process id."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from anushravan.embedded import Server, free_port, pid_alive, start_nx, start_tansu, stop_pid

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def tansu(workdir: Path | None = None) -> Iterator[Server]:
    server = start_tansu(workdir or Path(tempfile.mkdtemp(prefix="tansu-")))
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def nx(workdir: Path | None = None, db_path: str = "memory", port: int | None = None) -> Iterator[Server]:
    server = start_nx(workdir or Path(tempfile.mkdtemp(prefix="nx-")), port=port, db_path=db_path)
    try:
        yield server
    finally:
        server.stop()


@dataclass
class ServiceProcess:
    """One service as a real OS process (so tests can SIGKILL it)."""

    name: str
    env: dict[str, str]
    log_path: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServiceProcess:
        env = {**os.environ, **self.env, "ANUSHRAVAN_HTTP_PORT": str(self.port),
               "ANUSHRAVAN_LOG_JSON": "true"}
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "anushravan.cli", "serve", self.name], env=env, cwd=ROOT,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
        return self

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{self.name} not ready in {timeout} s: {self.log_path.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no commits — a crash."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and pid_alive(self.proc.pid):
            stop_pid(self.proc.pid, timeout=30)
            self.proc.wait()


def service_env(kafka: str, mongo: str, database: str, keys_file: Path | None = None,
                extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {"KAFKA_BOOTSTRAP_SERVERS": kafka, "MONGODB_URL": mongo, "MONGODB_DATABASE": database,
           "ANUSHRAVAN_FETCH_MAX_WAIT_MS": "20"}
    if keys_file:
        env["ANUSHRAVAN_API_KEYS_FILE"] = str(keys_file)
    env.update(extra or {})
    return env
