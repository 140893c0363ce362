"""Helpers for the ingest service's integration tests: keys, catalogue, bodies, a live process."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from anushravan.admin import create_topics, publish_catalog
from shared.auth import add_key
from shared.catalog import Scheme, default_catalog_path, load_catalog
from shared.districts import load_districts
from tests.support.servers import ServiceProcess, service_env

TODAY = "2026-03-24"
PERIOD = "2026-03"
ROLES = ("submitter", "viewer", "admin")


def catalogue() -> dict[str, Scheme]:
    return {s.id: s for s in load_catalog(default_catalog_path())}


def districts() -> list[str]:
    return [d.id for d in load_districts()]


def make_keys(path: Path, departments: Iterable[str], extra: Iterable[tuple[str, str]] = ()) -> dict[str, str]:
    """An admin, a viewer, one submitter per department (key id = department), and extras."""
    secrets = {"admin": add_key(path, "admin", "admin"), "viewer": add_key(path, "viewer", "viewer")}
    for dept in departments:
        secrets[dept] = add_key(path, dept, "submitter", [dept])
    for key_id, dept in extra:
        secrets[key_id] = add_key(path, key_id, "submitter", [dept])
    return secrets


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def submission(scheme: Scheme, submission_id: str, district: str = "kanpur-nagar", period: str = PERIOD,
               revision: int = 1, value: float = 100) -> dict[str, Any]:
    return {"submission_id": submission_id, "scheme": scheme.id, "district": district, "period": period,
            "revision": revision, "values": {f: value for f in scheme.input_fields}}


def csv_body(scheme: Scheme, ids: list[str], bad: Iterable[int] = ()) -> bytes:
    """A CSV batch of `scheme`, one line per id, over every district; lines whose index is in
    `bad` carry a negative figure."""
    fields = scheme.input_fields
    units = districts()
    bad = set(bad)
    rows = ["submission_id,scheme,district,period,revision," + ",".join(fields)]
    for i, sid in enumerate(ids):
        cells = ["-5" if i in bad and j == 0 else str(10 + j) for j in range(len(fields))]
        rows.append(f"{sid},{scheme.id},{units[i % len(units)]},{PERIOD},{i // len(units) + 1},"
                    + ",".join(cells))
    return ("\n".join(rows) + "\n").encode()


def ndjson_body(docs: Iterable[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(d).encode() + b"\n" for d in docs)


async def prepare_broker(bootstrap: str) -> None:
    await create_topics(bootstrap)
    await publish_catalog(bootstrap, catalogue().values())


def start_ingest(kafka: str, mongo: str, database: str, keys: Path, logs: Path,
                 extra: dict[str, str] | None = None) -> ServiceProcess:
    env = service_env(kafka, mongo, database, keys, {"ANUSHRAVAN_TODAY": TODAY, **(extra or {})})
    proc = ServiceProcess("ingest", env, logs / f"ingest-{database}.log").start()
    proc.wait_ready()
    return proc
