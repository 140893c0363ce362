"""What is already on `alerts.rank-change`: read on recovery only, so that an alert whose
"published" flag was lost in a crash is not published a second time."""

from __future__ import annotations

import json
from datetime import datetime

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.topics import ALERTS

# Stop after this many empty polls even if the reported end offsets were not reached.
EMPTY_POLLS = 3


class TopicLog:
    def __init__(self, bootstrap: str, topic: str = ALERTS) -> None:
        self._bootstrap = bootstrap
        self._topic = topic

    async def event_ids(self, since: datetime) -> set[str]:
        """Event ids of every message with a timestamp at or after `since` (a broker that
        cannot look up offsets by time is read from the start)."""
        consumer = AIOKafkaConsumer(bootstrap_servers=self._bootstrap, group_id=None,
                                    enable_auto_commit=False, fetch_max_wait_ms=20)
        await consumer.start()
        try:
            await consumer.topics()
            partitions = consumer.partitions_for_topic(self._topic) or {0}
            tps = [TopicPartition(self._topic, p) for p in sorted(partitions)]
            consumer.assign(tps)
            ends = await consumer.end_offsets(tps)
            starts = await consumer.offsets_for_times({tp: int(since.timestamp() * 1000) for tp in tps})
            for tp in tps:
                found = starts.get(tp)
                if found is None:
                    ends[tp] = 0  # nothing written since `since`
                else:
                    consumer.seek(tp, found.offset)
            return await self._read(consumer, ends)
        finally:
            await consumer.stop()

    @staticmethod
    async def _read(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> set[str]:
        ids: set[str] = set()
        empty = 0
        while empty < EMPTY_POLLS:
            positions = {tp: await consumer.position(tp) for tp in ends if ends[tp] > 0}
            if all(positions[tp] >= ends[tp] for tp in positions):
                break
            batches = await consumer.getmany(*positions, timeout_ms=200, max_records=5000)
            empty = 0 if batches else empty + 1
            for record in (r for records in batches.values() for r in records):
                try:
                    ids.add(str(json.loads(record.value)["id"]))
                except (TypeError, ValueError, KeyError):
                    continue  # not one of ours: nothing to match
        return ids
