"""Reading a request: the body size limit while it streams, and the per-key rate limit."""

from __future__ import annotations

import pytest
from starlette.requests import Request
from starlette.types import Message

from services.ingest.requests import Gate, Refusal, is_json, media_type, read_body
from shared.auth import Principal


def streaming(chunks: int, size: int = 1024, headers: dict[str, str] | None = None) -> tuple[Request, list[int]]:
    """A request whose body arrives in `chunks` pieces; the list counts what was read."""
    read = [0]

    async def receive() -> Message:
        read[0] += 1
        return {"type": "http.request", "body": b"x" * size, "more_body": read[0] < chunks}

    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    return Request({"type": "http", "method": "POST", "path": "/", "headers": raw}, receive), read


async def test_a_body_within_the_limit_is_read_whole() -> None:
    request, _ = streaming(4)
    assert len(await read_body(request, 4096)) == 4096


async def test_a_body_over_the_limit_is_refused_as_soon_as_it_passes_it_not_at_its_end() -> None:
    request, read = streaming(1_000_000)
    with pytest.raises(Refusal) as refused:
        await read_body(request, 4096)
    assert (refused.value.status, refused.value.errors[0]["code"]) == (413, "body_too_large")
    assert read[0] == 5


async def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    request, read = streaming(1, headers={"content-length": "5000"})
    with pytest.raises(Refusal):
        await read_body(request, 4096)
    assert read[0] == 0


def test_media_types_are_compared_without_parameters_or_case() -> None:
    request, _ = streaming(1, headers={"content-type": "Text/CSV; charset=utf-8"})
    assert media_type(request) == "text/csv"
    assert is_json("application/json") and is_json("application/merge-patch+json") and not is_json("text/csv")


def test_a_key_over_its_rate_is_refused_with_429_and_retry_after() -> None:
    gate = Gate(2)
    key = Principal("portal", "submitter", frozenset({"social-welfare"}))
    gate.admit(key)
    gate.admit(key)
    with pytest.raises(Refusal) as refused:
        gate.admit(key)
    assert refused.value.status == 429
    assert int(refused.value.headers["Retry-After"]) >= 1
    body = refused.value.response().body
    assert b'"rate_limited"' in body and b'"receipt"' in body
