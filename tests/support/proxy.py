"""The reverse proxy of deploy/proxy/nginx.conf, run for tests: upstreams pointed at the
services under test, its pid, logs and temporary files in a directory of the test's."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from anushravan.embedded import free_port

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "proxy" / "nginx.conf"


def nginx() -> str:
    """The nginx binary; a skip where it is missing, a failure under CI (`make` installs it)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        message = "nginx is not installed (Debian package nginx-light; scripts/system-deps.sh installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def config_for(upstreams: Mapping[str, str], port: int, workdir: Path) -> Path:
    """The production config with each `server <name>:<port>;` upstream replaced, listening on
    `port`, and its pid and temporary files in `workdir`."""
    text = CONFIG.read_text()
    for name, address in upstreams.items():
        text = re.sub(rf"server {name}:\d+;", f"server {address};", text)
    text = re.sub(r"server \w+:\d+;", "server 127.0.0.1:9;", text)  # the services not under test
    text = text.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    text = text.replace("pid /run/nginx-anushravan.pid;", f"pid {workdir}/nginx.pid;")
    temp = "".join(f"    {kind}_temp_path {workdir}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi",
                                                                            "uwsgi", "scgi"))
    text = text.replace("http {\n", "http {\n" + temp, 1)
    path = workdir / "nginx.conf"
    path.write_text(text)
    return path


def check(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([nginx(), "-t", "-q", "-c", str(config), "-p", str(config.parent)],
                          capture_output=True, text=True, timeout=30, check=False)


@dataclass(frozen=True)
class Proxy:
    url: str


@contextmanager
def running(upstreams: Mapping[str, str], workdir: Path) -> Iterator[Proxy]:
    port = free_port()
    config = config_for(upstreams, port, workdir)
    process = subprocess.Popen([nginx(), "-c", str(config), "-p", str(workdir), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=(workdir / "nginx.log").open("ab"),
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield Proxy(f"http://127.0.0.1:{port}")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
