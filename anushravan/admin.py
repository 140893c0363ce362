"""Operator actions against whichever broker is configured: topics, catalogue, periods."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from shared.catalog import Scheme
from shared.events.catalog import SCHEME_DEFINED
from shared.events.envelope import derived_id, encode, make_event
from shared.events.periods import DEADLINE_PASSED, FROZEN, PeriodEvent
from shared.topics import CATALOG_SCHEMES, PERIODS_EVENTS, TOPICS


async def create_topics(
    bootstrap: str, topics: dict[str, tuple[int, dict[str, str]]] | None = None, replication_factor: int = 1,
) -> list[str]:
    """Create the contract's topics; existing ones are left as they are. Returns those created.

    The replication factor is a setting (ANUSHRAVAN_TOPIC_REPLICATION_FACTOR): 1 for the embedded
    broker, 3 for a production cluster."""
    wanted = topics or TOPICS
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="anushravan-admin")
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        new = [NewTopic(name, parts, replication_factor, topic_configs=cfg) for name, (parts, cfg) in wanted.items()
               if name not in existing]
        created: list[str] = []
        for topic in new:  # one by one: a race with another creator must not hide the rest
            try:
                await admin.create_topics([topic])
                created.append(topic.name)
            except TopicAlreadyExistsError:
                pass
        return created
    finally:
        await admin.close()


async def describe_topics(bootstrap: str, names: Sequence[str]) -> dict[str, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="anushravan-admin")
    await admin.start()
    try:
        described = await admin.describe_topics(list(names))
        return {d["topic"]: len(d["partitions"]) for d in described}
    finally:
        await admin.close()


async def _producer(bootstrap: str) -> AIOKafkaProducer:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", client_id="anushravan-cli")
    await producer.start()
    return producer


async def publish_catalog(bootstrap: str, schemes: Iterable[Scheme], retire: Iterable[str] = ()) -> int:
    """Publish each scheme as `scheme.defined.v1` keyed by id; a null value retires a scheme."""
    producer = await _producer(bootstrap)
    count = 0
    try:
        for scheme in schemes:
            body = scheme.model_dump(mode="json")
            event = make_event(SCHEME_DEFINED, "anushravan/catalog-cli", body,
                               id_=derived_id(SCHEME_DEFINED, json.dumps(body, sort_keys=True)))
            await producer.send_and_wait(CATALOG_SCHEMES, encode(event), key=scheme.id.encode())
            count += 1
        for scheme_id in retire:
            await producer.send_and_wait(CATALOG_SCHEMES, None, key=scheme_id.encode())
            count += 1
    finally:
        await producer.stop()
    return count


def period_event_id(kind: str, period: str) -> str:
    return derived_id({"deadline": DEADLINE_PASSED, "freeze": FROZEN}[kind], period)


async def publish_period_event(bootstrap: str, kind: str, period: str) -> str:
    """Publish `period.deadline_passed.v1` or `period.frozen.v1`; the id is derived from the
    period, so sending it twice is harmless."""
    type_ = {"deadline": DEADLINE_PASSED, "freeze": FROZEN}[kind]
    data = PeriodEvent(period=period)
    event = make_event(type_, "anushravan/operator-cli", data, id_=period_event_id(kind, period),
                       time=datetime.now(UTC))
    producer = await _producer(bootstrap)
    try:
        await producer.send_and_wait(PERIODS_EVENTS, encode(event), key=period.encode())
    finally:
        await producer.stop()
    return event.id
