"""The foundation over real TCP: topics, catalogue distribution, readiness, authentication."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from anushravan.admin import create_topics, describe_topics
from anushravan.embedded import start_nx, start_tansu
from shared.auth import add_key
from shared.catalog import default_catalog_path
from shared.topics import CATALOG_SCHEMES, PROGRESS_SUBMITTED, SCORES_UPDATED, TOPICS
from tests.support.servers import ROOT, ServiceProcess, service_env

SERVICES = ("ingest", "scoring", "alerts", "reports")


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "anushravan.cli", *args], env={**env, "PATH": ""},
                          cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("keys") / "keys.yaml"
    secrets = {"admin": add_key(path, "admin", "admin"), "viewer": add_key(path, "viewer", "viewer"),
               "submitter": add_key(path, "sw", "submitter", ["social-welfare"])}
    return path, secrets


@pytest.fixture(scope="module")
def stack(kafka: str, mongo_url: str, keys: tuple[Path, dict[str, str]],
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ServiceProcess]]:
    logs = tmp_path_factory.mktemp("logs")
    env = service_env(kafka, mongo_url, "foundation", keys[0])
    procs = {n: ServiceProcess(n, env, logs / f"{n}.log").start() for n in SERVICES}
    try:
        for p in procs.values():
            p.wait_ready()
        yield procs
    finally:
        for p in procs.values():
            p.stop()


async def test_topics_exist_with_their_partitions_and_compaction(kafka: str) -> None:
    partitions = await describe_topics(kafka, list(TOPICS))
    assert partitions == {name: parts for name, (parts, _) in TOPICS.items()}
    assert partitions[PROGRESS_SUBMITTED] >= 6 and partitions[SCORES_UPDATED] >= 6
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
    await admin.start()
    try:
        [response] = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, CATALOG_SCHEMES)])
        configs = {entry[0]: entry[1] for entry in response.resources[0][4]}
    finally:
        await admin.close()
    assert configs.get("cleanup.policy") == "compact"


async def test_creating_topics_twice_changes_nothing(kafka: str) -> None:
    assert await create_topics(kafka) == []


def test_a_catalogue_published_with_the_cli_reaches_every_service(
    stack: dict[str, ServiceProcess], kafka: str, tmp_path: Path,
) -> None:
    doc = yaml.safe_load(default_catalog_path().read_text(encoding="utf-8"))
    extra = dict(doc["schemes"][0], id="test-extra-scheme")
    (tmp_path / "c.yaml").write_text(yaml.safe_dump({"schemes": [*doc["schemes"], extra]}, allow_unicode=True))
    result = cli("catalog", "publish", str(tmp_path / "c.yaml"), env={"KAFKA_BOOTSTRAP_SERVERS": kafka})
    assert result.returncode == 0, result.stderr
    expected = len(doc["schemes"]) + 1
    deadline = time.monotonic() + 20
    counts: dict[str, object] = {}
    while time.monotonic() < deadline:
        counts = {n: httpx.get(f"{p.url}/healthz").json()["catalog_schemes"] for n, p in stack.items()}
        if all(c == expected for c in counts.values()):
            break
        time.sleep(0.2)
    assert counts == dict.fromkeys(SERVICES, expected)


def test_a_malformed_catalogue_is_refused_naming_scheme_and_field(kafka: str, tmp_path: Path) -> None:
    doc = yaml.safe_load(default_catalog_path().read_text(encoding="utf-8"))
    doc["schemes"][1]["kpis"][0]["weight"] = 0
    bad_id = doc["schemes"][1]["id"]
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    result = cli("catalog", "publish", str(tmp_path / "bad.yaml"), env={"KAFKA_BOOTSTRAP_SERVERS": kafka})
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert bad_id in message and "kpis.0.weight" in message and "bad.yaml" in message


def test_requests_without_a_valid_key_get_401_and_outside_their_role_403(
    stack: dict[str, ServiceProcess], keys: tuple[Path, dict[str, str]],
) -> None:
    url = f"{stack['scoring'].url}/v1/schemes"
    assert httpx.get(url).status_code == 401
    assert httpx.get(url, headers={"Authorization": "Bearer nope"}).status_code == 401
    # A submitter reads the catalogue it submits against, but not the state's rankings.
    assert httpx.get(url, headers={"Authorization": f"Bearer {keys[1]['submitter']}"}).status_code == 200
    forbidden = httpx.get(f"{stack['scoring'].url}/v1/composite/2026-03",
                          headers={"Authorization": f"Bearer {keys[1]['submitter']}"})
    assert forbidden.status_code == 403
    assert forbidden.json()["errors"][0]["code"] == "forbidden"
    assert httpx.get(url, headers={"Authorization": f"Bearer {keys[1]['viewer']}"}).status_code == 200


def test_every_service_serves_health_metrics_and_openapi(stack: dict[str, ServiceProcess]) -> None:
    for name, proc in stack.items():
        assert httpx.get(f"{proc.url}/healthz").json()["service"] == name
        assert f"anushravan_{name}_ready" in httpx.get(f"{proc.url}/metrics").text
        assert httpx.get(f"{proc.url}/openapi.json").json()["openapi"].startswith("3.")


def _wait_status(url: str, status: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    seen = None
    while time.monotonic() < deadline:
        try:
            seen = httpx.get(url, timeout=5).status_code
        except httpx.HTTPError:
            seen = None
        if seen == status:
            return
        time.sleep(0.3)
    raise AssertionError(f"{url} answered {seen}, expected {status}")


def test_readyz_follows_the_broker_and_the_database(tmp_path: Path) -> None:
    # Own servers: this test stops and restarts them on the same ports.
    broker, db = start_tansu(tmp_path), start_nx(tmp_path)
    asyncio.run(create_topics(broker.url))
    service = ServiceProcess("alerts", service_env(broker.url, db.url, "ready"), tmp_path / "alerts.log")
    service.start()
    try:
        service.wait_ready()
        readyz = f"{service.url}/readyz"
        db.stop()
        _wait_status(readyz, 503)
        db = start_nx(tmp_path, port=db.port)
        _wait_status(readyz, 200)
        broker.stop()
        _wait_status(readyz, 503)
        broker = start_tansu(tmp_path, port=broker.port)
        _wait_status(readyz, 200, timeout=60)
    finally:
        service.stop()
        broker.stop()
        db.stop()


