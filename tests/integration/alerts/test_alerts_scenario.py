"""Two months for every district over real TCP (a Tansu of its own, nx-27017): the alerts on
`alerts.rank-change` are exactly those a plain reference expects, each published once, with
every event delivered twice, the service SIGKILLed mid-stream, and the whole stream replayed.

The tests run in order and share one service and one stream of events."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from shared.topics import SCORES_UPDATED
from tests.integration.alerts.alerts_harness import (
    AlertLog,
    metric,
    prepare_broker,
    publish_composite,
    publish_deadline,
    publish_rankings,
    publish_scored,
    start_alerts,
    wait_processed,
    wait_ready,
)
from tests.integration.alerts.alerts_reference import Reference
from tests.integration.alerts.alerts_world import MARCH, Month, World, accepted_pairs
from tests.support import servers
from tests.support.servers import ServiceProcess

WORLD = World()
HISTORY, FEBRUARY, MARCH_EVENTS = WORLD.history(), WORLD.february(), WORLD.march()
GRADED = [s.id for s in WORLD.schemes if s.graded]
EXPECTED = Reference()


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with servers.tansu(tmp_path_factory.mktemp("tansu-alerts")) as server:
        yield server.url


@pytest.fixture(scope="module")
async def log(broker: str) -> AsyncIterator[AlertLog]:
    await prepare_broker(broker, WORLD.schemes)
    async with AlertLog(broker) as reader:
        yield reader


@pytest.fixture(scope="module")
def scenario_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("alerts-scenario")


@pytest.fixture(scope="module")
async def service(broker: str, mongo_url: str, log: AlertLog, scenario_dir: Path) -> AsyncIterator[ServiceProcess]:
    # Small batches, so that a kill lands in the middle of a month rather than after it.
    extra = {"ANUSHRAVAN_MAX_BATCH_RECORDS": "20"}
    proc = start_alerts(broker, mongo_url, f"alerts_{uuid.uuid4().hex[:8]}", scenario_dir / "alerts.log", extra=extra)
    try:
        await wait_ready(proc)
        yield proc
    finally:
        proc.stop()


def expect_month_closed(month: Month) -> None:
    for ranking in month.finals:
        EXPECTED.ranking(ranking)
    assert month.composite is not None
    EXPECTED.composite(month.composite)


async def publish_month_closed(broker: str, month: Month) -> None:
    await publish_rankings(broker, month.finals)
    assert month.composite is not None
    await publish_composite(broker, month.composite)


def assert_exactly_once(log: AlertLog) -> None:
    assert dict(log.counts()) == dict.fromkeys(EXPECTED.raised, 1)
    assert dict(log.counts("alert.resolved.v1")) == dict.fromkeys(EXPECTED.resolved, 1)
    # Each alert has one event id per event type, whatever happened on the way.
    assert len({e["id"] for e in log.events()}) == len(log.records)


async def test_february_raises_exactly_the_expected_alerts_though_every_event_came_twice(
    service: ServiceProcess, broker: str, log: AlertLog,
) -> None:
    expect_month_closed(HISTORY)
    for _, event in FEBRUARY.first:
        EXPECTED.scored(event)
    expect_month_closed(FEBRUARY)
    await publish_month_closed(broker, HISTORY)
    await publish_scored(broker, [twice for pair in FEBRUARY.first for twice in (pair, pair)])
    await publish_month_closed(broker, FEBRUARY)
    await log.wait_until_seen(EXPECTED.raised, EXPECTED.resolved)
    await log.settle()
    assert_exactly_once(log)
    assert log.keyed_by_district()
    kinds = {alert_id.split(":")[0] for alert_id in EXPECTED.raised}
    assert {"grade_drop", "entered_grade_d", "rank_drop", "composite_rank_drop"} <= kinds


async def test_march_with_a_crash_mid_stream_still_raises_each_expected_alert_once(
    service: ServiceProcess, broker: str, log: AlertLog,
) -> None:
    before = set(EXPECTED.raised)
    for _, event in MARCH_EVENTS.first:
        EXPECTED.scored(event)
    first_wave = [a for a in EXPECTED.raised if a not in before]
    half = len(MARCH_EVENTS.first) // 2
    await publish_scored(broker, MARCH_EVENTS.first[:half])
    await log.wait_until_seen(first_wave[: len(first_wave) // 6])
    service.kill()  # in the middle of the first half, in all likelihood
    await publish_scored(broker, MARCH_EVENTS.first[half:])  # and the second half while it is down
    service.start()
    await wait_ready(service)
    await log.wait_until_seen(EXPECTED.raised, EXPECTED.resolved, timeout_s=60)
    # The provisional rankings and the deadline come once the figures are in, as in life;
    # the restarted process judges the deadline from the scores stored before and after the crash.
    for ranking in MARCH_EVENTS.provisional:
        EXPECTED.ranking(ranking)
    EXPECTED.deadline(MARCH, GRADED, WORLD.districts, accepted_pairs(MARCH_EVENTS.first))
    await publish_rankings(broker, MARCH_EVENTS.provisional)
    await publish_deadline(broker, MARCH)
    await log.wait_until_seen(EXPECTED.raised, EXPECTED.resolved)
    for _, event in MARCH_EVENTS.late:
        EXPECTED.scored(event)
    expect_month_closed(MARCH_EVENTS)
    await publish_scored(broker, MARCH_EVENTS.late)
    await publish_month_closed(broker, MARCH_EVENTS)
    await log.wait_until_seen(EXPECTED.raised, EXPECTED.resolved)
    await log.settle()
    assert_exactly_once(log)


def test_march_covers_every_kind_of_alert_and_resolution() -> None:
    kinds = {alert_id.split(":")[0] for alert_id in EXPECTED.raised}
    assert kinds == {"grade_drop", "entered_grade_d", "rank_drop", "composite_rank_drop", "implausible_data",
                     "missed_deadline", "recovered", "persistent_grade_d", "bottom_ten_repeat"}
    # Corrected figures, regained grades, and figures that arrived after the deadline.
    assert {a.split(":")[0] for a in EXPECTED.resolved} == {"implausible_data", "grade_drop", "missed_deadline"}
    # No alert of this story stays inhibited: the late department's figures resolve its missed
    # deadlines before their grade alerts are judged. Inhibition: test_alerts_suppression.py.
    assert not any(k.status == "silenced" for k in EXPECTED.alerts.values())
    assert any(a.endswith(":provisional") for a in EXPECTED.raised)


async def test_replaying_both_months_publishes_nothing_new(service: ServiceProcess, broker: str,
                                                           log: AlertLog) -> None:
    scores_before = metric(service, "anushravan_alerts_messages_processed_total", topic=SCORES_UPDATED)
    replayed = len(FEBRUARY.first) + len(MARCH_EVENTS.first) + len(MARCH_EVENTS.late)
    await publish_month_closed(broker, HISTORY)
    await publish_scored(broker, FEBRUARY.first)
    await publish_month_closed(broker, FEBRUARY)
    await publish_scored(broker, MARCH_EVENTS.first)
    await publish_rankings(broker, MARCH_EVENTS.provisional)
    await publish_deadline(broker, MARCH)
    await publish_scored(broker, MARCH_EVENTS.late)
    await publish_month_closed(broker, MARCH_EVENTS)
    await wait_processed(service, SCORES_UPDATED, scores_before + replayed)
    await log.settle(quiet_s=2.0)
    assert_exactly_once(log)
    assert metric(service, "anushravan_alerts_duplicates_skipped_total", topic=SCORES_UPDATED) > 0
