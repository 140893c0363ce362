"""`anushravan up / down / status`: the whole product as processes on this machine."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from anushravan.admin import create_topics, publish_catalog
from anushravan.embedded import free_port, pid_alive, start_nx, start_tansu, stop_pid
from shared.auth import add_key
from shared.catalog import default_catalog_path, load_catalog
from shared.settings import DEFAULT_PORTS, Settings
from shared.users import add_user, new_password

SERVICES = ("ingest", "scoring", "alerts", "reports", "console")
# The console reads the others over HTTP, so it starts once their addresses are known.
BACKENDS = SERVICES[:-1]
DEMO_USER = "command-centre"


@dataclass
class Proc:
    pid: int
    url: str


@dataclass
class StackState:
    kafka: str
    mongodb: str
    keys_file: str
    secrets: dict[str, str] = field(default_factory=dict)
    # Embedded mode: the console's demo login (user id -> password), shown once like the keys.
    logins: dict[str, str] = field(default_factory=dict)
    users_file: str = ""
    embedded: dict[str, Proc] = field(default_factory=dict)
    services: dict[str, Proc] = field(default_factory=dict)

    def save(self, state_dir: Path) -> None:
        path = state_dir / "stack.json"
        path.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        path.chmod(0o600)  # it holds the generated secrets

    @classmethod
    def load(cls, state_dir: Path) -> StackState | None:
        path = state_dir / "stack.json"
        if not path.exists():
            return None
        raw = json.loads(path.read_text(encoding="utf-8"))
        raw["embedded"] = {k: Proc(**v) for k, v in raw.get("embedded", {}).items()}
        raw["services"] = {k: Proc(**v) for k, v in raw.get("services", {}).items()}
        return cls(**raw)

    def env(self) -> dict[str, str]:
        return {"KAFKA_BOOTSTRAP_SERVERS": self.kafka, "MONGODB_URL": self.mongodb,
                "ANUSHRAVAN_API_KEYS_FILE": self.keys_file}


def generate_keys(state_dir: Path, departments: list[str]) -> tuple[Path, dict[str, str]]:
    """Embedded mode: an admin, a viewer and one submitter per department."""
    path = state_dir / "api-keys.yaml"
    if path.exists():
        path.unlink()
    secrets = {"admin": add_key(path, "admin", "admin"), "viewer": add_key(path, "viewer", "viewer"),
               "console": add_key(path, "console", "viewer")}
    for dept in departments:
        secrets[f"submitter:{dept}"] = add_key(path, f"{dept}-portal", "submitter", [dept])
    return path, secrets


def generate_demo_user(state_dir: Path) -> tuple[Path, dict[str, str]]:
    """Embedded mode: one Command Centre login (role state) for the console, password shown once."""
    path = state_dir / "users.yaml"
    path.unlink(missing_ok=True)
    password = new_password()
    add_user(path, DEMO_USER, "state", password)
    return path, {DEMO_USER: password}


def console_env(state: StackState) -> dict[str, str]:
    """Where the console finds the others, its key, and its users."""
    env = {f"ANUSHRAVAN_{name.upper()}_URL": state.services[name].url for name in BACKENDS if name in state.services}
    if "console" in state.secrets:
        env["ANUSHRAVAN_CONSOLE_API_KEY"] = state.secrets["console"]
    if state.users_file:
        env["ANUSHRAVAN_USERS_FILE"] = state.users_file
    return env


def start_embedded(settings: Settings, run_dir: Path, state: StackState) -> None:
    if not settings.kafka_bootstrap_servers:
        kafka = start_tansu(run_dir)
        state.kafka = kafka.url
        state.embedded["kafka"] = Proc(kafka.pid, kafka.url)
    if not settings.mongodb_url:
        mongo = start_nx(run_dir)
        state.mongodb = mongo.url
        state.embedded["mongodb"] = Proc(mongo.pid, mongo.url)


def spawn_service(name: str, state: StackState, log_dir: Path, extra_env: dict[str, str],
                  free_ports: bool = False) -> Proc:
    # Free ports let a second stack (a test, a demo) run beside one on the default ports.
    port = free_port() if free_ports else DEFAULT_PORTS[name]
    env = {**os.environ, **state.env(), **extra_env, "ANUSHRAVAN_HTTP_PORT": str(port)}
    log = (log_dir / f"{name}.log").open("ab")
    proc = subprocess.Popen([sys.executable, "-m", "anushravan.cli", "serve", name], env=env,
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    return Proc(proc.pid, f"http://127.0.0.1:{port}")


def wait_ready(services: dict[str, Proc], timeout: float) -> dict[str, bool]:
    deadline = time.monotonic() + timeout
    ready = dict.fromkeys(services, False)
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline and not all(ready.values()):
            for name, proc in services.items():
                if ready[name]:
                    continue
                if not pid_alive(proc.pid):
                    raise RuntimeError(f"service {name} exited while starting (see its log)")
                try:
                    ready[name] = client.get(f"{proc.url}/readyz").status_code == 200
                except httpx.HTTPError:
                    pass
            time.sleep(0.25)
    return ready


def up(settings: Settings, state_dir: Path, catalog: Path | None = None,
       extra_env: dict[str, str] | None = None, timeout: float = 60.0) -> StackState:
    if (old := StackState.load(state_dir)) and any(pid_alive(p.pid) for p in old.services.values()):
        raise RuntimeError(f"a stack is already running (state in {state_dir}); run 'anushravan down'")
    state_dir.mkdir(parents=True, exist_ok=True)
    log_dir = state_dir / "logs"
    log_dir.mkdir(exist_ok=True)
    schemes = load_catalog(catalog or default_catalog_path())
    state = StackState(kafka=settings.kafka_bootstrap_servers or "", mongodb=settings.mongodb_url or "",
                       keys_file=str(settings.api_keys_file or ""))
    start_embedded(settings, state_dir / "run", state)
    state.save(state_dir)
    asyncio.run(create_topics(state.kafka, replication_factor=settings.topic_replication_factor))
    if not settings.api_keys_file:
        departments = sorted({s.department.id for s in schemes})
        keys_path, state.secrets = generate_keys(state_dir, departments)
        state.keys_file = str(keys_path.resolve())
    asyncio.run(publish_catalog(state.kafka, schemes))
    if not os.environ.get("ANUSHRAVAN_USERS_FILE"):
        users_path, state.logins = generate_demo_user(state_dir)
        state.users_file = str(users_path.resolve())
    else:
        state.users_file = os.environ["ANUSHRAVAN_USERS_FILE"]
    for name in SERVICES:
        env = {**(extra_env or {}), **(console_env(state) if name == "console" else {})}
        state.services[name] = spawn_service(name, state, log_dir, env, free_ports=settings.stack_free_ports)
    state.save(state_dir)
    ready = wait_ready(state.services, timeout)
    if not all(ready.values()):
        late = [n for n, ok in ready.items() if not ok]
        raise RuntimeError(f"not ready within {timeout:.0f} s: {', '.join(late)} (logs in {log_dir})")
    return state


def down(state_dir: Path) -> list[str]:
    state = StackState.load(state_dir)
    if state is None:
        return []
    stopped = []
    for name, proc in state.services.items():
        if pid_alive(proc.pid):
            stop_pid(proc.pid, timeout=25)
            stopped.append(name)
    for name, proc in state.embedded.items():
        if pid_alive(proc.pid):
            stop_pid(proc.pid, timeout=10)
            stopped.append(name)
    (state_dir / "stack.json").unlink(missing_ok=True)
    return stopped
