"""The ingest API fuzzed from its own OpenAPI document: no input makes it answer 5xx.

A live service process on the session servers; schemathesis generates the requests, positive
and negative, for both submission endpoints (JSON, CSV and NDJSON bodies), with a valid key.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
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

from tests.integration.ingest.ingest_support import bearer, make_keys, prepare_broker, start_ingest
from tests.support.servers import ServiceProcess

REQUESTS: list[int] = []
MIN_REQUESTS = 1000
PER_OPERATION_AND_MODE = 260
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@schemathesis.serializer("application/x-ndjson")
def _ndjson(_: schemathesis.SerializationContext, value: Any) -> bytes:
    return value.encode() if isinstance(value, str) else json.dumps(value).encode()


@dataclass(frozen=True)
class Live:
    proc: ServiceProcess
    admin: str

    @property
    def url(self) -> str:
        return self.proc.url


@pytest.fixture(scope="module")
async def ingest(kafka: str, mongo_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Live]:
    await prepare_broker(kafka)
    work = tmp_path_factory.mktemp("ingest-fuzz")
    secrets = make_keys(work / "keys.yaml", [])
    # No rate limit here: the fuzzer's requests must reach the code behind it.
    proc = start_ingest(kafka, mongo_url, "ingest_fuzz", work / "keys.yaml", work,
                        {"ANUSHRAVAN_RATE_LIMIT_PER_MINUTE": "1000000"})
    try:
        yield Live(proc, secrets["admin"])
    finally:
        proc.stop()


@pytest.fixture(scope="module")
def api_schema(ingest: Live) -> Any:
    return schemathesis.openapi.from_url(f"{ingest.url}/openapi.json")


def _call(case: schemathesis.Case[Any], ingest: Live) -> None:
    response = case.call(base_url=ingest.url, headers=bearer(ingest.admin), timeout=30)
    REQUESTS.append(response.status_code)
    case.validate_response(response, checks=CHECKS)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("path", ["/v1/submissions", "/v1/submissions:batch"])
def test_no_generated_request_makes_the_service_fail(
    api_schema: Any, ingest: Live, path: str, mode: GenerationMode,
) -> None:
    operation = api_schema[path]["POST"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=PER_OPERATION_AND_MODE, deadline=None, suppress_health_check=list(HealthCheck),
              database=None, phases=[Phase.generate])
    def fuzz(case: schemathesis.Case[Any]) -> None:
        _call(case, ingest)

    fuzz()


def test_the_documented_examples_are_accepted(api_schema: Any, ingest: Live) -> None:
    for path in ("/v1/submissions", "/v1/submissions:batch"):
        operation = api_schema[path]["POST"]
        for strategy in api_schema.get_strategies_from_examples(operation):

            @given(case=strategy)
            @settings(max_examples=1, deadline=None, database=None, phases=[Phase.generate])
            def send(case: schemathesis.Case[Any]) -> None:
                _call(case, ingest)
                assert REQUESTS[-1] in (200, 202), case.body

            send()


def test_enough_requests_were_generated_and_none_failed_the_server(ingest: Live) -> None:
    assert len(REQUESTS) >= MIN_REQUESTS
    assert not [s for s in REQUESTS if s >= 500]
    assert httpx.get(f"{ingest.url}/healthz", timeout=5).status_code == 200
