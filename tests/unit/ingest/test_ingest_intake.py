"""Taking submissions in: reserve, publish, confirm — and what each line's answer is."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from services.ingest.domain.lines import Line
from services.ingest.intake import DatabaseUnavailable, Intake
from services.ingest.metrics import IngestMetrics
from services.ingest.repository import Reservation
from shared.auth import Principal
from shared.events.envelope import derived_id
from shared.observability import ServiceMetrics
from shared.periods import PeriodWindow
from tests.unit.ingest.ingest_builders import SCHEMES, doc
from tests.unit.ingest.ingest_fakes import FakeCatalog, FakeFrozen, FakePublisher, FakeReceipts

AT = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
ADMIN = Principal("admin", "admin", frozenset())
SOCIAL = Principal("sw-portal", "submitter", frozenset({"social-welfare"}))


@dataclass
class World:
    intake: Intake
    receipts: FakeReceipts
    publisher: FakePublisher
    log: list[str]


def world(acknowledge: int | None = None) -> World:
    log: list[str] = []
    receipts = FakeReceipts(log=log)
    publisher = FakePublisher(log, acknowledge)
    intake = Intake(FakeCatalog(SCHEMES), receipts, FakeFrozen(), publisher,  # type: ignore[arg-type]
                    IngestMetrics(ServiceMetrics("ingest").registry), lambda: PeriodWindow(2018, "2026-03"))
    return World(intake, receipts, publisher, log)


def lines(*docs: Any) -> list[Line]:
    return [Line(n, d, json.dumps(d)) for n, d in enumerate(docs, start=2)]


async def take(w: World, *docs: Any, who: Principal = ADMIN) -> list[str]:
    return [r.status for r in await w.intake.take(lines(*docs), who, AT)]


async def test_a_submission_is_reserved_then_published_then_confirmed() -> None:
    w = world()
    assert await take(w, doc()) == ["accepted"]
    assert w.log == ["reserve s1", "publish progress.submitted s1", "confirm s1"]
    [sent] = w.publisher.sent
    assert (sent.key, sent.event.source, sent.event.time) == ("scholarship", "ingest/admin", "2026-03-20T10:00:00Z")
    digest = w.receipts.records["social-welfare|s1"]["content_hash"]
    assert sent.event.id == derived_id("progress.submitted.v1", "s1", digest)


async def test_the_same_submission_again_is_a_duplicate_and_is_not_published_again() -> None:
    w = world()
    await take(w, doc())
    assert await take(w, doc()) == ["duplicate"]
    assert len(w.publisher.sent) == 1


async def test_changed_content_under_the_same_id_is_refused_and_reported_as_rejected() -> None:
    w = world()
    await take(w, doc())
    [result] = await w.intake.take(lines(doc(revision=2)), ADMIN, AT)
    assert result.status == "rejected" and [r.code for r in result.reasons] == ["submission_conflict"]
    assert [o.topic for o in w.publisher.sent] == ["progress.submitted", "progress.rejected"]


async def test_refused_lines_are_published_as_rejected_keyed_by_scheme_or_empty() -> None:
    w = world()
    unreadable = Line(3, None, "{bad", ())
    await w.intake.take([*lines(doc(values={"pending": -1, "received": 1})), unreadable], ADMIN, AT)
    keys = [(o.topic, o.key, o.event.data["submission_id"]) for o in w.publisher.sent]
    assert keys == [("progress.rejected", "scholarship", "s1"), ("progress.rejected", "", None)]
    assert w.publisher.sent[0].event.data["reasons"][0]["code"] == "negative"


async def test_what_the_broker_did_not_acknowledge_stays_pending_and_is_accepted_when_sent_again() -> None:
    w = world(acknowledge=1)
    assert await take(w, doc(), doc(submission_id="s2")) == ["accepted", "unacknowledged"]
    assert w.receipts.records["social-welfare|s2"]["status"] == "pending"
    w.publisher.acknowledge = None
    assert await take(w, doc(), doc(submission_id="s2")) == ["duplicate", "accepted"]
    assert [o.event.id for o in w.publisher.sent if o.event.data["submission_id"] == "s2"] == [
        w.publisher.sent[1].event.id] * 2


async def test_a_repeated_line_in_one_batch_shares_the_fate_of_the_first() -> None:
    w = world()
    statuses = await take(w, doc(), doc(), doc(revision=3))
    assert statuses == ["accepted", "duplicate", "rejected"]
    assert len([o for o in w.publisher.sent if o.topic == "progress.submitted"]) == 1


async def test_a_repeat_of_an_unacknowledged_line_is_unacknowledged_too() -> None:
    w = world(acknowledge=0)
    assert await take(w, doc(), doc()) == ["unacknowledged", "unacknowledged"]


async def test_an_id_reserved_by_a_concurrent_request_is_decided_against_its_record() -> None:
    w = world()
    w.receipts.raced["s1"] = Reservation("social-welfare|s1", "s1", "another-hash", "other", AT, "scholarship",
                                         "agra", "2026-03", 1)
    [result] = await w.intake.take(lines(doc()), ADMIN, AT)
    assert [r.code for r in result.reasons] == ["submission_conflict"]
    assert [o.topic for o in w.publisher.sent] == ["progress.rejected"]


async def test_a_department_key_gets_its_own_schemes_accepted_and_others_refused() -> None:
    w = world()
    jsy = doc(submission_id="s2", scheme="jsy")
    assert await take(w, doc(), jsy, who=SOCIAL) == ["accepted", "rejected"]


async def test_when_the_receipts_cannot_be_written_nothing_is_published() -> None:
    w = world()
    w.receipts.down = True
    with pytest.raises(DatabaseUnavailable):
        await take(w, doc())
    assert w.publisher.sent == []
