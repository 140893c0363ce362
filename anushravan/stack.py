"""`anushravan up / down / status`: the whole product as processes on this machine.

`up` never touches a stack that is already running, and when it fails half-way it stops only
what it started itself. Keys survive a restart: in embedded mode the keys file
(`<state dir>/api-keys.yaml`) is kept, `anushravan keys add` adds to it, and the secrets of the
keys that `up` generated for the operator and the demo portals are kept beside it
(`<state dir>/generated-keys.json`, readable by its owner only) so the next `up` reuses them.
"""

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
from shared.auth import ApiKey, Role, hash_secret, load_keys, new_secret, put_keys
from shared.catalog import Scheme, default_catalog_path, load_catalog
from shared.settings import DEFAULT_PORTS, Settings
from shared.users import add_user, load_users, new_password, remove_user

SERVICES = ("ingest", "scoring", "alerts", "reports", "console")
# The console reads the others over HTTP, so it starts once their addresses are known.
BACKENDS = SERVICES[:-1]
KEYS_FILE = "api-keys.yaml"
SECRETS_FILE = "generated-keys.json"
USERS_FILE = "users.yaml"
LOGINS_FILE = "generated-logins.json"
DEMO_USER = "command-centre"


class StackRunning(RuntimeError):
    """A stack of this state directory is running already; nothing was started or stopped."""


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


CONSOLE_KEY = "console"


def wanted_keys(departments: list[str]) -> list[tuple[str, str, Role, tuple[str, ...]]]:
    """(label, key id, role, departments) of the keys `up` provides: an admin, a viewer and one
    submitter per department (the demo's portals), and the console's own key (admin, acting for
    the people logged in to it: shared/acting.py)."""
    return [("admin", "admin", "admin", ()), ("viewer", "viewer", "viewer", ()), ("console", "console", "admin", ()),
            *((f"submitter:{d}", f"{d}-portal", "submitter", (d,)) for d in departments)]


def generate_keys(state_dir: Path, departments: list[str]) -> tuple[Path, dict[str, str]]:
    """Embedded mode: make sure the keys of `wanted_keys` exist with secrets we know.

    Every other key of the file (those added with `anushravan keys add`) is kept; a generated
    key whose secret was lost (the secrets file removed) gets a new secret."""
    path = state_dir / KEYS_FILE
    secrets_path = state_dir / SECRETS_FILE
    known: dict[str, str] = json.loads(secrets_path.read_text(encoding="utf-8")) if secrets_path.exists() else {}
    existing = {k.id: k for k in load_keys(path).keys} if path.exists() else {}
    secrets: dict[str, str] = {}
    renewed: list[ApiKey] = []
    for label, key_id, role, depts in wanted_keys(departments):
        secret, key = known.get(label), existing.get(key_id)
        acts = label == CONSOLE_KEY
        if (secret is None or key is None or key.sha256 != hash_secret(secret) or key.role != role
                or key.acts_for_users != acts):
            secret = new_secret()
            renewed.append(ApiKey(id=key_id, role=role, departments=depts, acts_for_users=acts,
                                  sha256=hash_secret(secret)))
        secrets[label] = secret
    if renewed or not path.exists():
        put_keys(path, renewed)
    secrets_path.write_text(json.dumps(secrets, indent=2), encoding="utf-8")
    secrets_path.chmod(0o600)
    return path, secrets


def generate_demo_user(state_dir: Path) -> tuple[Path, dict[str, str]]:
    """Embedded mode: one Command Centre login (role state) for the console.

    Like the keys, the users file survives a restart (users added with `anushravan users add`
    are kept) and the demo user's password is kept beside it, readable by its owner only; it is
    renewed only when lost or no longer the user's."""
    path, known_path = state_dir / USERS_FILE, state_dir / LOGINS_FILE
    known: dict[str, str] = json.loads(known_path.read_text(encoding="utf-8")) if known_path.exists() else {}
    directory = load_users(path) if path.exists() else None
    password = known.get(DEMO_USER)
    if directory is None or password is None or directory.authenticate(DEMO_USER, password) is None:
        password = new_password()
        if directory is not None and directory.get(DEMO_USER) is not None:
            remove_user(path, DEMO_USER)
        add_user(path, DEMO_USER, "state", password)
    known_path.write_text(json.dumps({DEMO_USER: password}, indent=2), encoding="utf-8")
    known_path.chmod(0o600)
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


def running(state_dir: Path) -> StackState | None:
    """The stack of this state directory if any of its processes is alive."""
    state = StackState.load(state_dir)
    if state is None:
        return None
    alive = any(pid_alive(p.pid) for p in [*state.services.values(), *state.embedded.values()])
    return state if alive else None


def up(settings: Settings, state_dir: Path, catalog: Path | None = None,
       extra_env: dict[str, str] | None = None, timeout: float = 60.0) -> StackState:
    if (old := running(state_dir)) is not None:
        addresses = ", ".join(f"{n} {p.url}" for n, p in old.services.items())
        raise StackRunning(f"a stack is already running (state in {state_dir}: {addresses}); use it, or stop "
                           "it with 'anushravan down'")
    state_dir.mkdir(parents=True, exist_ok=True)
    log_dir = state_dir / "logs"
    log_dir.mkdir(exist_ok=True)
    schemes = load_catalog(catalog or default_catalog_path())
    state = StackState(kafka=settings.kafka_bootstrap_servers or "", mongodb=settings.mongodb_url or "",
                       keys_file=str(settings.api_keys_file or ""))
    try:
        start(settings, state_dir, state, schemes, extra_env or {})
        ready = wait_ready(state.services, timeout)
    except BaseException:
        stop(state, state_dir)  # only what this call started
        raise
    if not all(ready.values()):
        stop(state, state_dir)
        late = [n for n, ok in ready.items() if not ok]
        raise RuntimeError(f"not ready within {timeout:.0f} s: {', '.join(late)} (logs in {log_dir})")
    return state


def start(settings: Settings, state_dir: Path, state: StackState, schemes: list[Scheme],
          extra_env: dict[str, str]) -> None:
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
        env = {**extra_env, **(console_env(state) if name == "console" else {})}
        state.services[name] = spawn_service(name, state, state_dir / "logs", env,
                                             free_ports=settings.stack_free_ports)
        state.save(state_dir)


def down(state_dir: Path) -> list[str]:
    """Stop the stack of this state directory; the names of what was running."""
    state = StackState.load(state_dir)
    return [] if state is None else stop(state, state_dir)


def stop(state: StackState, state_dir: Path) -> list[str]:
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
