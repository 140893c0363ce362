"""A stored version: its content hash, its renderings beside it, what the API shows of it,
and the id of the event that announces it."""

from __future__ import annotations

from typing import Any

import pytest

from services.reports.domain.minutes import assemble
from services.reports.versions import build_version, content_hash, content_of, event_id, public
from tests.unit.reports.reports_builders import minutes_input, scheme, standing


@pytest.fixture(scope="module")
def content() -> dict[str, Any]:
    return {**assemble(minutes_input(standing(scheme("jsy", "medical-health"), "D", 68))), "ranks_final": False}


def version(content: dict[str, Any], number: int = 2, status: str = "draft") -> dict[str, Any]:
    return build_version(content, version=number, status=status, trigger="events", by=None, now=1.0,
                         created_at="2026-03-26T10:00:00Z")


def test_the_hash_covers_what_the_minutes_say_not_their_number_status_or_provenance(content: dict[str, Any]) -> None:
    draft, final = version(content, 2), version(content, 3, "final")
    assert content_hash(draft) == content_hash(final) == content_hash(content) == draft["content_hash"]
    item = content["sections"][0]["items"][0]
    directed = {**content, "sections": [{**content["sections"][0], "items": [{**item, "directive": "करायें"}]}]}
    assert content_hash(directed) != content_hash(content)


def test_a_version_carries_its_markdown_and_html_in_both_languages(content: dict[str, Any]) -> None:
    doc = version(content)
    assert set(doc["rendered"]) == {"hi", "en"} and set(doc["rendered"]["hi"]) == {"md", "html"}
    assert "प्रारूप (संस्करण 2)" in doc["rendered"]["hi"]["md"]
    assert "Final — version 3" in version(content, 3, "final")["rendered"]["en"]["html"]
    assert (doc["_id"], doc["published"]) == ("kanpur-nagar|2026-03|2", False)


def test_the_api_shows_the_minutes_without_the_bookkeeping(content: dict[str, Any]) -> None:
    shown = public(version(content))
    assert {"_id", "rendered", "published", "created_at_s"}.isdisjoint(shown)
    assert (shown["version"], shown["status"], shown["summary"]) == (2, "draft", content["summary"])
    assert content_of(shown) == content_of(content)


def test_each_version_is_announced_with_an_id_derived_from_it() -> None:
    assert event_id("kanpur-nagar", "2026-03", 3) == event_id("kanpur-nagar", "2026-03", 3)
    assert event_id("kanpur-nagar", "2026-03", 3) != event_id("kanpur-nagar", "2026-03", 4)
