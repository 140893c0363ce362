"""The console's plumbing without servers: wording in both languages, the read cache, the live
hub's reading of ranks.updated, and where a login may send the browser."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from services.console.cache import ReadCache
from services.console.live import LiveHub
from services.console.login import safe_next
from services.console.metrics import ConsoleMetrics
from services.console.reads import scopes
from services.console.texts import texts
from tests.support.kafka import Record

TEMPLATES = Path(__file__).resolve().parents[3] / "services" / "console" / "templates"


def test_hindi_and_english_have_the_same_words_and_placeholders() -> None:
    hi, en = texts("hi"), texts("en")
    assert hi._words.keys() == en._words.keys()
    for key in hi._words:
        assert set(re.findall(r"{(\w+)}", hi._words[key])) == set(re.findall(r"{(\w+)}", en._words[key])), key


def test_every_word_a_template_asks_for_exists() -> None:
    words = texts("en")._words
    asked = set()
    for template in TEMPLATES.glob("*.j2"):
        source = template.read_text(encoding="utf-8")
        asked |= set(re.findall(r"\bt\.([a-z_]+)\b", source)) | set(re.findall(r"\bt\(\"([a-z_]+)\"[,)]", source))
    assert asked - {"letter"} <= words.keys(), sorted(asked - words.keys() - {"letter"})


def metrics() -> ConsoleMetrics:
    return ConsoleMetrics(CollectorRegistry())


async def test_the_cache_loads_once_for_concurrent_readers_and_again_after_a_change() -> None:
    cache, loads = ReadCache(60, metrics()), []

    async def load() -> str:
        loads.append(1)
        await asyncio.sleep(0.01)
        return f"answer {len(loads)}"

    first = await asyncio.gather(*(cache.get(("k",), scopes("2026-03"), load) for _ in range(20)))
    assert set(first) == {"answer 1"} and len(loads) == 1
    cache.invalidate(["2026-03"])
    assert await cache.get(("k",), scopes("2026-03"), load) == "answer 2"
    cache.invalidate(["2026-02"])  # another period: still cached
    assert await cache.get(("k",), scopes("2026-03"), load) == "answer 2"


async def test_a_failed_load_is_not_cached() -> None:
    cache, calls = ReadCache(60, metrics()), []

    async def load() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("away")
        return "back"

    with pytest.raises(RuntimeError):
        await cache.get(("k",), (), load)
    assert await cache.get(("k",), (), load) == "back"


def ranked(period: object) -> Record:
    return Record("ranks.updated", b"composite", json.dumps({"type": "composite.ranked.v1",
                                                              "data": {"period": period}}).encode())


async def test_the_live_hub_tells_open_pages_of_the_changed_period_and_skips_bad_records() -> None:
    cache = ReadCache(60, metrics())
    hub = LiveHub(cache, metrics())
    stream = hub.stream({"ranks": "2026-03"}, keepalive_s=5, settle_s=0)
    assert (await anext(stream)).startswith("retry:")
    before = cache.generation(["2026-03"])
    waiting = asyncio.ensure_future(anext(stream))
    await asyncio.sleep(0)
    await hub.handle([Record("ranks.updated", None, b"not json"), ranked(7), ranked("2026-02"), ranked("2026-03")])
    assert await asyncio.wait_for(waiting, 2) == "event: ranks\ndata: 2026-03\n\n"
    assert cache.generation(["2026-03"]) != before
    hub.notify("alerts", ["agra"])  # an event this page did not ask for
    hub.notify("ranks", ["2026-03", "2026-02"])
    assert await asyncio.wait_for(anext(stream), 2) == "event: ranks\ndata: 2026-03\n\n"
    hub.close()
    with pytest.raises(StopAsyncIteration):
        await asyncio.wait_for(anext(stream), 2)


@pytest.mark.parametrize(("target", "safe"), [("/districts/agra?period=2026-03", "/districts/agra?period=2026-03"),
                                              ("//evil.example/", "/"), ("https://evil.example/", "/"),
                                              ("/\\evil", "/"), (None, "/"), ("", "/")])
def test_after_login_the_browser_goes_only_to_a_page_of_this_site(target: str | None, safe: str) -> None:
    assert safe_next(target) == safe
