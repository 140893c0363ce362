"""Running the alerts service for integration tests: a dedicated broker with the test
catalogue, the service as a process, synthetic upstream events, and a reader of
`alerts.rank-change`."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from anushravan.admin import create_topics, publish_catalog
from shared.catalog import Scheme
from shared.events.periods import DEADLINE_PASSED
from shared.events.scoring import COMPOSITE_RANKED, SCHEME_RANKED, SCHEME_SCORED
from shared.topics import ALERTS, COMPOSITE_KEY, PERIODS_EVENTS, RANKS_UPDATED, SCORES_UPDATED
from tests.support.kafka import TopicReader, event_bytes, produce
from tests.support.servers import ServiceProcess, service_env

Event = dict[str, Any]


async def prepare_broker(bootstrap: str, schemes: Iterable[Scheme]) -> None:
    await create_topics(bootstrap)
    await publish_catalog(bootstrap, schemes)


def start_alerts(bootstrap: str, mongo: str, database: str, log: Path, keys: Path | None = None,
                 extra: dict[str, str] | None = None) -> ServiceProcess:
    return ServiceProcess("alerts", service_env(bootstrap, mongo, database, keys, extra), log).start()


async def wait_ready(proc: ServiceProcess) -> None:
    await asyncio.to_thread(proc.wait_ready, 90.0)


async def publish_scored(bootstrap: str, events: Iterable[tuple[str, Event]]) -> None:
    await produce(bootstrap, SCORES_UPDATED, [(d, event_bytes(SCHEME_SCORED, e)) for d, e in events])


async def publish_rankings(bootstrap: str, rankings: Iterable[Event]) -> None:
    await produce(bootstrap, RANKS_UPDATED, [(r["scheme"], event_bytes(SCHEME_RANKED, r)) for r in rankings])


async def publish_composite(bootstrap: str, composite: Event) -> None:
    await produce(bootstrap, RANKS_UPDATED, [(COMPOSITE_KEY, event_bytes(COMPOSITE_RANKED, composite))])


async def publish_deadline(bootstrap: str, period: str) -> None:
    await produce(bootstrap, PERIODS_EVENTS, [(period, event_bytes(DEADLINE_PASSED, {"period": period}))])


class AlertLog(TopicReader):
    """Everything on `alerts.rank-change`, counted by alert id."""

    def __init__(self, bootstrap: str) -> None:
        super().__init__(bootstrap, ALERTS)

    async def __aenter__(self) -> AlertLog:
        await super().__aenter__()
        return self

    def counts(self, event_type: str = "alert.raised.v1") -> Counter[str]:
        return Counter(e["data"]["alert_id"] for e in self.events(event_type))

    def keyed_by_district(self) -> bool:
        return all(r.key.decode() == json.loads(r.value)["data"]["district"] for r in self.records)

    async def wait_until_seen(self, raised: Iterable[str], resolved: Iterable[str] = (),
                              timeout_s: float = 30.0) -> None:
        wanted_raised, wanted_resolved = set(raised), set(resolved)

        def missing(log: TopicReader) -> list[str]:
            assert isinstance(log, AlertLog)
            resolved_seen = set(log.counts("alert.resolved.v1"))
            return sorted((wanted_raised - set(log.counts())) | (wanted_resolved - resolved_seen))

        try:
            await self.wait_for(lambda log: not missing(log), timeout_s, what="the expected alerts")
        except TimeoutError as exc:
            kinds = Counter(m.split(":")[0] for m in missing(self))
            raise TimeoutError(f"{exc}; missing {dict(kinds)}, e.g. {missing(self)[:5]}") from None

    async def settle(self, quiet_s: float = 1.5) -> None:
        """Read until nothing new arrived for `quiet_s` (so that extra alerts would be seen)."""
        while True:
            seen = len(self.records)
            await asyncio.sleep(quiet_s)
            await self.poll()
            if len(self.records) == seen:
                return


def metric(proc: ServiceProcess, name: str, **labels: str) -> float:
    """The sum of the service's /metrics samples of `name` with these labels."""
    text = httpx.get(f"{proc.url}/metrics", timeout=5).text
    return sum(float(sample.value) for family in text_string_to_metric_families(text) for sample in family.samples
               if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()))


async def wait_processed(proc: ServiceProcess, topic: str, at_least: float, timeout_s: float = 30.0) -> None:
    """Until the service counts `at_least` messages of `topic` handled, whatever the outcome."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while (seen := metric(proc, "anushravan_alerts_messages_processed_total", topic=topic)) < at_least:
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"only {seen} of {at_least} {topic} messages processed in {timeout_s} s")
        await asyncio.sleep(0.2)
