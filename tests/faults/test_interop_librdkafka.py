"""Interoperability: a departmental portal and the Command Centre written in another stack,
both on librdkafka (the `confluent-kafka` package), not on the aiokafka the services use.

The portal publishes CloudEvents (structured JSON, with an extension attribute the services
do not know) through librdkafka's idempotent producer with gzip compression; the Command
Centre reads `alerts.rank-change` in a consumer group of its own, commits, and on reconnecting
gets nothing twice. Every alert must hold to CONTRACT §1–3, checked here by hand as a client
that has only the contract (not the project's pydantic models) would check it."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime

import pytest
from confluent_kafka import Consumer, KafkaError, Message, Producer

from shared.topics import ALERTS, PROGRESS_SUBMITTED
from tests.faults.scenario import Run, deployment, until

PERIOD = "2026-03"
# JSY marks are 10 × paid / deliveries: 20 of 100 is grade D; 200 of 100 is implausible.
PAID = {"agra": 95, "aligarh": 92, "prayagraj": 20, "banda": 15, "kanpur-nagar": 25, "lucknow": 200}
EXPECTED = {f"entered_grade_d:{d}:jsy:{PERIOD}:D" for d in ("prayagraj", "banda", "kanpur-nagar")} | {
    f"implausible_data:lucknow:jsy:{PERIOD}:interop-lucknow"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TYPES = {"grade_drop", "entered_grade_d", "rank_drop", "composite_rank_drop", "implausible_data",
         "missed_deadline", "recovered", "persistent_grade_d", "bottom_ten_repeat"}


def portal_event(district: str, paid: int) -> bytes:
    data = {"submission_id": f"interop-{district}", "scheme": "jsy", "district": district, "period": PERIOD,
            "revision": 1, "values": {"beneficiaries_paid": paid, "institutional_deliveries": 100},
            "submitted_by": "Chief Medical Officer"}
    return json.dumps({"specversion": "1.0", "id": str(uuid.uuid4()), "type": "progress.submitted.v1",
                       "source": "portal/medical-health", "time": "2026-03-20T09:30:00+05:30",
                       "datacontenttype": "application/json", "portalversion": "7.4.1", "data": data}).encode()


def publish(bootstrap: str) -> int:
    """librdkafka's idempotent producer, gzip, acks=all; returns the messages delivered."""
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all",
                         "compression.type": "gzip", "client.id": "portal-medical-health", "linger.ms": 5})
    delivered: list[Message] = []
    failed: list[KafkaError] = []

    def report(error: KafkaError | None, message: Message) -> None:
        (failed.append(error) if error else delivered.append(message))

    for district, paid in PAID.items():
        producer.produce(PROGRESS_SUBMITTED, value=portal_event(district, paid), key="jsy", on_delivery=report)
    producer.flush(30)
    assert not failed, failed
    return len(delivered)


def consume(bootstrap: str, group: str, enough: Callable[[list[Message]], bool], timeout_s: float,
            idle_after_assignment_s: float | None = None) -> list[Message]:
    """Read alerts in consumer group `group` until `enough` (or, given `idle_after_assignment_s`,
    until that long after the partitions were assigned), then commit what was read."""
    # A short session, as a Command Centre that wants quick failover would set: Tansu then
    # completes the group's join in a few seconds instead of twenty.
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                         "enable.auto.commit": False, "client.id": "command-centre",
                         "session.timeout.ms": 6000, "heartbeat.interval.ms": 500})
    assigned: list[float] = []
    consumer.subscribe([ALERTS], on_assign=lambda c, partitions: assigned.append(time.monotonic()))
    got: list[Message] = []
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline and not enough(got):
            if idle_after_assignment_s is not None and assigned and \
                    time.monotonic() - assigned[0] > idle_after_assignment_s:
                break
            message = consumer.poll(0.2)
            if message is not None and message.error() is None:
                got.append(message)
        assert assigned, f"never assigned a partition of {ALERTS} in group {group}"
        if got:
            consumer.commit(asynchronous=False)
        return got
    finally:
        consumer.close()


def _instant(value: object) -> bool:
    try:
        return isinstance(value, str) and datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


def _standing(value: object) -> bool:
    return value is None or (isinstance(value, dict) and all(
        isinstance(value.get(k), t) or value.get(k) is None
        for k, t in (("period", str), ("grade", str), ("rank", int), ("of", int), ("marks", (int, float)))))


def contract_violations(message: Message) -> list[str]:
    """CONTRACT §1 (envelope), §2 (key) and §3 (alert payload), as a foreign client reads them."""
    value, key = message.value() or b"", message.key()
    try:
        event = json.loads(value.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return [f"not UTF-8 JSON: {exc}"]
    data = event.get("data") or {}
    checks = {
        "specversion is 1.0": event.get("specversion") == "1.0",
        "id is a non-empty string": isinstance(event.get("id"), str) and bool(event["id"]),
        "type is alert.raised.v1 or alert.resolved.v1": event.get("type") in ("alert.raised.v1", "alert.resolved.v1"),
        "source is a non-empty string": isinstance(event.get("source"), str) and bool(event["source"]),
        "time is RFC 3339 with an offset": _instant(event.get("time")),
        "datacontenttype is application/json": event.get("datacontenttype") == "application/json",
        "key is the district (UTF-8)": key is not None and key.decode() == data.get("district"),
        "alert_id names type, district, scheme, period": isinstance(data.get("alert_id"), str) and
            data["alert_id"].split(":")[:4] == [data.get("type"), data.get("district"), data.get("scheme") or "-",
                                                data.get("period")],
        "type is one of the nine": data.get("type") in TYPES,
        "severity is critical or warning (info: recovered)": data.get("severity") in ("critical", "warning") or
            (data.get("type"), data.get("severity")) == ("recovered", "info"),
        "status matches the event type": data.get("status") == ("open" if event.get("type") == "alert.raised.v1"
                                                               else "resolved"),
        "district and scheme are slugs": bool(SLUG.match(str(data.get("district")))) and
            (data.get("scheme") is None or bool(SLUG.match(data["scheme"]))),
        "period is YYYY-MM": bool(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(data.get("period")))),
        "previous and current are standings or null": _standing(data.get("previous")) and
            _standing(data.get("current")),
        "driver is null or {kpi, before, after}": data.get("driver") is None or (
            isinstance(data["driver"].get("kpi"), str) and {"before", "after"} <= set(data["driver"])),
        "message and officer are Hindi and English": all(
            isinstance(data.get(k), dict) and isinstance(data[k].get("hi"), str) and isinstance(data[k].get("en"), str)
            for k in ("message", "officer") if data.get(k) is not None) and bool(data.get("message")),
        "provisional is a boolean": isinstance(data.get("provisional"), bool),
        "raised_at is RFC 3339": _instant(data.get("raised_at")),
    }
    return [f"{data.get('alert_id')}: {name}" for name, ok in checks.items() if not ok]


@dataclass
class Interop:
    run: Run
    delivered: int
    alerts: list[Message]
    again: list[Message]


def alert_ids(messages: list[Message]) -> set[str]:
    return {json.loads(m.value() or b"{}")["data"]["alert_id"] for m in messages}


@pytest.fixture(scope="module")
async def interop(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Interop]:
    async with deployment(tmp_path_factory.mktemp("interop")) as run:
        bootstrap = run.stack.bootstrap
        delivered = await asyncio.to_thread(publish, bootstrap)
        run.note("published with librdkafka")

        async def scored() -> bool:
            ids = [f"interop-{d}" for d in PAID]
            return bool(await run.db()["scores"].count_documents({"submission_id": {"$in": ids}}) == len(ids))

        await until("scoring to score the portal's submissions", scored, run.stack, 60)
        run.note("scored")
        alerts = await asyncio.to_thread(consume, bootstrap, "command-centre", lambda m: alert_ids(m) >= EXPECTED, 90)
        run.note(f"{len(alerts)} alerts read in group command-centre")
        again = await asyncio.to_thread(consume, bootstrap, "command-centre", lambda m: False, 60, 3.0)
        run.note(f"{len(again)} read again after the commit")
        print(run.timeline)
        yield Interop(run, delivered, alerts, again)


def test_the_portals_librdkafka_events_are_all_delivered_and_scored(interop: Interop) -> None:
    assert interop.delivered == len(PAID)


def test_the_command_centre_reads_the_expected_alerts_in_its_consumer_group(interop: Interop) -> None:
    assert alert_ids(interop.alerts) >= EXPECTED


def test_every_alert_holds_to_the_contract(interop: Interop) -> None:
    assert [v for m in interop.alerts for v in contract_violations(m)] == []


def test_a_committed_consumer_group_gets_nothing_twice(interop: Interop) -> None:
    assert interop.again == []
