"""The minutes' lifecycle against a real MongoDB: events in, debounced drafts, directives,
finalisation and the next month's draft, with the clock and the broker played by the test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.reports.domain.minutes import assemble
from services.reports.errors import MinutesFinal, UnknownItems, VersionConflict
from services.reports.versions import content_of
from tests.integration.reports.golden_events import (
    DISTRICT,
    FEBRUARY_DIRECTIVES,
    JANUARY_DIRECTIVE,
    catalogue,
    comparable,
    february,
    january,
    march,
    scored,
    submitted,
)
from tests.integration.reports.reports_harness import Harness
from tests.unit.reports.kanpur_march_2026 import OLD_AGE_PENSION, kanpur_march_2026


@pytest.fixture
async def client(mongo_url: str) -> AsyncIterator[AsyncMongoClient[dict[str, Any]]]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    yield client
    await client.close()


@pytest.fixture
async def reports(client: AsyncMongoClient[dict[str, Any]], database_name: str) -> Harness:
    return await Harness(client, database_name, catalogue()).start()


async def hold_january_and_february_meetings(h: Harness) -> None:
    await h.play(january())
    await h.settle()
    await h.lifecycle.set_directives(DISTRICT, "2026-01", {"2026-01:jsy": JANUARY_DIRECTIVE}, "cdo")
    await h.lifecycle.finalize(DISTRICT, "2026-01", "cdo")
    await h.play(february())
    await h.settle()
    await h.lifecycle.set_directives(DISTRICT, "2026-02", FEBRUARY_DIRECTIVES, "cdo")
    await h.lifecycle.finalize(DISTRICT, "2026-02", "cdo")


async def test_nothing_is_drafted_before_the_debounce_has_passed(reports: Harness) -> None:
    await reports.play(january())
    assert await reports.scheduler.tick() == 0
    assert await reports.store.latest(DISTRICT, "2026-01") is None
    assert await reports.settle() == 1
    assert (await reports.latest(DISTRICT, "2026-01"))["version"] == 1


async def test_the_march_events_give_exactly_the_minutes_the_pure_assembly_gives(reports: Harness) -> None:
    await hold_january_and_february_meetings(reports)
    await reports.play(march())
    await reports.settle()
    doc = await reports.latest(DISTRICT, "2026-03")
    assert (doc["version"], doc["status"], doc["ranks_final"]) == (1, "draft", False)
    assert comparable(content_of(doc)) == comparable(assemble(kanpur_march_2026()))
    [jsy] = [i for s in doc["sections"] for i in s["items"] if i["scheme"] == "jsy"]
    drivers = {"jsy": jsy["driver"]}
    assert (drivers["jsy"]["kpi"], drivers["jsy"]["before"], drivers["jsy"]["after"]) == ("paid", 0.185, 0.1823)


async def test_the_ranking_corrects_the_provisional_rank_the_score_was_published_with(reports: Harness) -> None:
    await reports.play(march())
    await reports.settle()
    [item] = [i for s in (await reports.latest(DISTRICT, "2026-03"))["sections"] for i in s["items"]
              if i["scheme"] == "sc-postmatric-scholarship"]
    assert (item["rank"], item["previous_rank"], item["grade"], item["previous_grade"]) == (71, 53, "D", "B")


async def test_a_new_periods_draft_continues_the_unresolved_items_of_the_last_final_minutes(reports: Harness) -> None:
    await hold_january_and_february_meetings(reports)
    await reports.play(march())
    await reports.settle()
    items = {i["scheme"]: i for s in (await reports.latest(DISTRICT, "2026-03"))["sections"] for i in s["items"]}
    assert (items["jsy"]["meetings"], items["jsy"]["previous_directive"]) == (3, FEBRUARY_DIRECTIVES["2026-02:jsy"])
    assert items["general-prematric-scholarship"]["meetings"] == 2
    assert items["sc-postmatric-scholarship"]["meetings"] == 1


async def test_each_change_is_a_new_version_and_the_same_content_adds_none(reports: Harness) -> None:
    await reports.play(march())
    await reports.settle()
    await reports.play(march())  # a redelivered batch says nothing new
    await reports.settle()
    assert [v["version"] for v in await reports.store.versions(DISTRICT, "2026-03")] == [1]
    await reports.play([scored(kanpur_march_2026().standings[2], "2026-03", rank=61)])
    await reports.settle()
    versions = await reports.store.versions(DISTRICT, "2026-03")
    assert [(v["version"], v["trigger"]) for v in versions] == [(1, "events"), (2, "events")]
    assert [e.data["version"] for t, k, e in reports.publisher.published if e.data["period"] == "2026-03"] == [1, 2]


async def test_directives_are_carried_into_later_regenerations(reports: Harness) -> None:
    await reports.play(march())
    await reports.settle()
    text = "पेंशन के लम्बित आवेदन 15 दिवस में निस्तारित करायें।"
    await reports.lifecycle.set_directives(DISTRICT, "2026-03", {"2026-03:old-age-pension": text}, "cdo")
    figures = {"applications_received": 175796, "pending_bdo_sdm": 3000, "pending_dswo": 1000}
    await reports.play([submitted(OLD_AGE_PENSION.id, "2026-03", figures, revision=2),
                        scored(kanpur_march_2026().standings[2], "2026-03", revision=2)])
    await reports.settle()
    doc = await reports.latest(DISTRICT, "2026-03")
    [item] = [i for s in doc["sections"] for i in s["items"] if i["scheme"] == "old-age-pension"]
    assert (doc["version"], item["directive"], item["figures"]["pending_bdo_sdm"]) == (3, text, 3000)
    assert text in doc["rendered"]["hi"]["md"]


async def test_an_unknown_item_is_refused_by_name_and_nothing_is_stored(reports: Harness) -> None:
    await reports.play(march())
    await reports.settle()
    with pytest.raises(UnknownItems) as refused:
        await reports.lifecycle.set_directives(DISTRICT, "2026-03", {"2026-03:jsy": "ok", "2026-03:nope": "x"}, "cdo")
    assert refused.value.item_ids == ["2026-03:nope"]
    assert await reports.store.directives(DISTRICT, "2026-03") == {}


async def test_a_final_version_never_changes_and_refuses_everything_after(reports: Harness) -> None:
    await reports.play(march())
    await reports.settle()
    final = await reports.lifecycle.finalize(DISTRICT, "2026-03", "cdo", expected=1)
    assert (final["version"], final["status"], final["finalized_from"]) == (2, "final", 1)
    await reports.play([scored(kanpur_march_2026().standings[2], "2026-03", rank=61)])
    await reports.settle()
    with pytest.raises(MinutesFinal):
        await reports.lifecycle.set_directives(DISTRICT, "2026-03", {"2026-03:jsy": "late"}, "cdo")
    with pytest.raises(MinutesFinal):
        await reports.lifecycle.finalize(DISTRICT, "2026-03", "cdo")
    stored = await reports.latest(DISTRICT, "2026-03")
    assert stored == final | {"published": True}
    assert "अन्तिम — संस्करण 2" in stored["rendered"]["hi"]["md"]


async def test_finalising_a_version_that_is_no_longer_the_latest_is_a_conflict(reports: Harness) -> None:
    await reports.play(march())
    await reports.settle()
    await reports.lifecycle.set_directives(DISTRICT, "2026-03", {"2026-03:jsy": "प्रगति सुधारें।"}, "cdo")
    with pytest.raises(VersionConflict) as conflict:
        await reports.lifecycle.finalize(DISTRICT, "2026-03", "cdo", expected=1)
    assert conflict.value.latest == 2


async def test_a_version_the_broker_did_not_acknowledge_is_published_later_with_the_same_id(reports: Harness) -> None:
    reports.publisher.fail_next = 1
    await reports.play(january())
    await reports.settle()
    assert reports.publisher.published == [] and (await reports.latest(DISTRICT, "2026-01"))["published"] is False
    reports.clock.advance(11)
    await reports.scheduler.tick()
    [(topic, key, event)] = reports.publisher.published
    assert (topic, key, event.type, event.data) == ("minutes.published", DISTRICT, "minutes.updated.v1",
                                                    {"district": DISTRICT, "period": "2026-01", "version": 1,
                                                     "status": "draft"})
    assert (await reports.latest(DISTRICT, "2026-01"))["published"]
    reports.clock.advance(11)
    await reports.scheduler.tick()
    assert len(reports.publisher.published) == 1


async def test_an_event_arriving_during_a_regeneration_keeps_the_draft_dirty(reports: Harness) -> None:
    await reports.play(january())
    reports.clock.advance(3)
    [mark] = await reports.store.due(reports.clock(), 2.0, 30.0)
    await reports.play(january())  # touched again after the mark was read
    assert await reports.store.clear(mark) is False
    assert await reports.store.pending() == 1


async def test_two_replicas_racing_for_a_version_store_it_once(
    reports: Harness, client: AsyncMongoClient[dict[str, Any]], database_name: str,
) -> None:
    import asyncio

    other = await Harness(client, database_name, catalogue()).start()
    await reports.play(january())
    outcomes = await asyncio.gather(reports.lifecycle.regenerate(DISTRICT, "2026-01"),
                                    other.lifecycle.regenerate(DISTRICT, "2026-01"))
    assert sorted(o.kind for o in outcomes) == ["new_version", "unchanged"]
    assert [v["version"] for v in await reports.store.versions(DISTRICT, "2026-01")] == [1]


async def test_a_late_final_composite_of_an_earlier_month_refreshes_the_later_drafts(reports: Harness) -> None:
    await reports.play(march())
    await reports.settle()
    from tests.integration.reports.golden_events import composite_events

    november = next(e for e in composite_events() if b'"2025-11"' in e[2])
    await reports.play([(t, k, v.replace(b'"rank":59', b'"rank":61')) for t, k, v in [november]])
    await reports.settle()
    assert (await reports.latest(DISTRICT, "2026-03"))["summary"]["worst"] == {"rank": 61, "of": 75,
                                                                               "period": "2025-11"}


async def test_a_draft_that_cannot_be_prepared_is_dead_lettered_with_its_reason_not_retried_in_a_loop(
    reports: Harness,
) -> None:
    await reports.play(january())
    real_load = reports.loader.load

    async def broken(district: str, period: str) -> Any:
        raise ValueError("a fact the minutes cannot say")

    reports.loader.load = broken  # type: ignore[method-assign]
    assert await reports.settle() == 0
    dead = await reports.store.dead(DISTRICT, "2026-01")
    assert dead is not None and dead["reason"] == "ValueError: a fact the minutes cannot say" and dead["error_id"]
    assert (await reports.store.pending(), await reports.store.dead_count()) == (0, 1)
    assert reports.metrics.dead_drafts._value.get() == 1
    # Not again and again: nothing is due until its facts change.
    assert await reports.settle() == 0 and (await reports.store.dead(DISTRICT, "2026-01"))["attempts"] == 1
    # A restart (a fix deployed) tries once more; success takes it off the dead letters.
    reports.loader.load = real_load  # type: ignore[method-assign]
    await reports.scheduler.retry_dead()
    assert await reports.settle() == 1
    assert await reports.store.dead(DISTRICT, "2026-01") is None and reports.metrics.dead_drafts._value.get() == 0
