"""The OpenAPI document describes the request bodies, so clients and fuzzers can use it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from services.ingest.main import create_app
from shared.auth import add_key
from shared.settings import Settings


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    # Building the app does no I/O; the broker and database are reached only at start-up.
    app = create_app(Settings(KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:1", MONGODB_URL="mongodb://127.0.0.1:1"))
    return app.openapi()


def test_the_single_endpoint_documents_its_json_body_and_an_example(document: dict[str, Any]) -> None:
    body = document["paths"]["/v1/submissions"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert body["required"] is True
    assert set(schema["required"]) == {"submission_id", "scheme", "district", "period", "values"}
    assert schema["properties"]["values"]["additionalProperties"] == {"type": "number", "minimum": 0}
    assert body["content"]["application/json"]["example"]["scheme"] == "sc-postmatric-scholarship"


def test_the_batch_endpoint_with_a_colon_documents_csv_and_ndjson_bodies(document: dict[str, Any]) -> None:
    body = document["paths"]["/v1/submissions:batch"]["post"]["requestBody"]
    assert set(body["content"]) == {"text/csv", "application/x-ndjson"}
    assert body["content"]["text/csv"]["example"].startswith("submission_id,scheme,district,period,revision")


@pytest.mark.parametrize(("path", "statuses"), [
    ("/v1/submissions", {"202", "401", "403", "409", "413", "415", "422", "429", "503"}),
    ("/v1/submissions:batch", {"200", "401", "403", "413", "415", "422", "429", "503"}),
])
def test_every_answer_is_documented(document: dict[str, Any], path: str, statuses: set[str]) -> None:
    assert statuses <= set(document["paths"][path]["post"]["responses"])


async def test_the_colon_route_reaches_the_batch_handler_not_the_single_one(tmp_path: Path) -> None:
    secret = add_key(tmp_path / "keys.yaml", "admin", "admin")
    app = create_app(Settings(KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:1", MONGODB_URL="mongodb://127.0.0.1:1",
                              ANUSHRAVAN_API_KEYS_FILE=tmp_path / "keys.yaml"))
    transport = httpx.ASGITransport(app)  # no lifespan: the media type is refused before touching anything
    async with httpx.AsyncClient(transport=transport, base_url="http://ingest",
                                 headers={"Authorization": f"Bearer {secret}"}) as client:
        batch = await client.post("/v1/submissions:batch")
        other = await client.post("/v1/submissions:other")
    assert batch.status_code == 415
    assert other.status_code == 404


async def test_the_batch_door_takes_a_larger_body_than_the_single_one(document: dict[str, Any]) -> None:
    settings = Settings(KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:1", MONGODB_URL="mongodb://127.0.0.1:1")
    transport = httpx.ASGITransport(create_app(settings))
    size = str(settings.max_body_bytes + 1)
    async with httpx.AsyncClient(transport=transport, base_url="http://ingest") as client:
        # Without a key, 401 whatever the size: nothing about the body is looked at first.
        assert (await client.post("/v1/submissions", headers={"content-length": size})).status_code == 401
