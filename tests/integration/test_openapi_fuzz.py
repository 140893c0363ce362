"""The scoring, alerts and reports APIs fuzzed from their own OpenAPI documents (ingest has its
own, tests/integration/ingest/test_ingest_fuzz.py): no generated request, valid or not, makes a
service answer 5xx, and every answer is one the document describes, in its content type and
schema. Live service processes on the session servers, with an admin key."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from anushravan.admin import create_topics, publish_catalog
from anushravan.embedded import Server
from shared.auth import add_key
from shared.catalog import default_catalog_path, load_catalog
from tests.support import servers
from tests.support.servers import ServiceProcess, service_env

SERVICES = ("scoring", "alerts", "reports")
# Modest: 17 operations, two modes each; the whole module stays within a minute or two.
PER_OPERATION_AND_MODE = 30
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
SEEN: Counter[int] = Counter()
NO_LIMITS = {"ANUSHRAVAN_TODAY": "2026-03-24", "ANUSHRAVAN_HTTP_READS_PER_MINUTE_PER_KEY": "10000000",
             "ANUSHRAVAN_HTTP_READS_PER_MINUTE_PER_ADDRESS": "10000000"}


@dataclass(frozen=True)
class Live:
    procs: dict[str, ServiceProcess]
    admin: str


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # A broker of its own: the services' consumer groups share no offsets with other modules.
    with servers.tansu(tmp_path_factory.mktemp("openapi-fuzz-tansu")) as server:
        yield server


@pytest.fixture(scope="module")
async def live(broker: Server, mongo_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Live]:
    await create_topics(broker.url)
    await publish_catalog(broker.url, load_catalog(default_catalog_path()))
    work = tmp_path_factory.mktemp("openapi-fuzz")
    admin = add_key(work / "keys.yaml", "admin", "admin")
    env = service_env(broker.url, mongo_url, "openapi_fuzz", work / "keys.yaml", NO_LIMITS)
    procs = {name: ServiceProcess(name, env, work / f"{name}.log").start() for name in SERVICES}
    try:
        await asyncio.gather(*(asyncio.to_thread(p.wait_ready, 90.0) for p in procs.values()))
        yield Live(procs, admin)
    finally:
        for proc in procs.values():
            proc.stop()


def _operations() -> list[tuple[str, str, str]]:
    """(service, path, method) of every /v1 operation each service documents, read from a
    document built without starting anything (the same factory the processes use)."""
    import importlib

    from shared.settings import Settings

    found = []
    for name in SERVICES:
        app = importlib.import_module(f"services.{name}.main").create_app(
            Settings(KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:1", MONGODB_URL="mongodb://127.0.0.1:1"))
        for path, operations in app.openapi()["paths"].items():
            found += [(name, path, method.upper()) for method in operations if path.startswith("/v1/")]
    return found


OPERATIONS = _operations()


@pytest.fixture(scope="module")
def documents(live: Live) -> dict[str, Any]:
    return {name: schemathesis.openapi.from_url(f"{proc.url}/openapi.json") for name, proc in live.procs.items()}


def test_every_service_documents_operations_to_fuzz() -> None:
    assert {s for s, _, _ in OPERATIONS} == set(SERVICES) and len(OPERATIONS) >= 15


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize(("service", "path", "method"), OPERATIONS, ids=[f"{s} {m} {p}" for s, p, m in OPERATIONS])
def test_no_generated_request_fails_the_service_or_its_document(
    live: Live, documents: dict[str, Any], service: str, path: str, method: str, mode: GenerationMode,
) -> None:
    operation = documents[service][path][method]
    url = live.procs[service].url

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=PER_OPERATION_AND_MODE, deadline=None, suppress_health_check=list(HealthCheck),
              database=None, phases=[Phase.generate])
    def fuzz(case: schemathesis.Case[Any]) -> None:
        response = case.call(base_url=url, headers={"Authorization": f"Bearer {live.admin}"}, timeout=60)
        SEEN[response.status_code] += 1
        case.validate_response(response, checks=CHECKS)

    fuzz()


def test_the_services_answered_many_requests_and_are_still_up(live: Live) -> None:
    assert sum(SEEN.values()) >= len(OPERATIONS) * PER_OPERATION_AND_MODE
    assert not [status for status in SEEN if status >= 500]
    for proc in live.procs.values():
        assert httpx.get(f"{proc.url}/healthz", timeout=5).status_code == 200
