"""A deadline must be judged on every submission stored before it, but `periods.events` and
`scores.updated` are consumed separately: a lagging scores consumer would make districts
look as if they had sent nothing. So before the deadline rule runs, it waits until the
`alerts` group has committed (i.e. stored) `scores.updated` up to its end offsets as they
stood when the deadline was read. Committed offsets are the group's, so this holds however
many instances share the partitions."""

from __future__ import annotations

import asyncio
import time

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.topics import SCORES_UPDATED


class ScoresBarrier:
    def __init__(self, bootstrap: str, group_id: str, timeout_s: float, topic: str = SCORES_UPDATED,
                 poll_s: float = 0.05) -> None:
        self._bootstrap = bootstrap
        self._group_id = group_id
        self._timeout_s = timeout_s
        self._topic = topic
        self._poll_s = poll_s

    async def wait(self) -> None:
        """Raises TimeoutError (retried like any infrastructure failure) when the scores
        consumer does not catch up in time."""
        # Never subscribes, so it never joins the group: it only reads the group's offsets.
        consumer = AIOKafkaConsumer(bootstrap_servers=self._bootstrap, group_id=self._group_id,
                                    enable_auto_commit=False)
        await consumer.start()
        try:
            await consumer.topics()
            partitions = consumer.partitions_for_topic(self._topic) or {0}
            tps = [TopicPartition(self._topic, p) for p in sorted(partitions)]
            ends = await consumer.end_offsets(tps)
            deadline = time.monotonic() + self._timeout_s
            while not await self._caught_up(consumer, ends):
                if time.monotonic() > deadline:
                    committed = {tp.partition: await consumer.committed(tp) for tp in ends}
                    raise TimeoutError(f"{self._topic} not stored up to "
                                       f"{ {tp.partition: end for tp, end in ends.items()} } within "
                                       f"{self._timeout_s} s; committed {committed}")
                await asyncio.sleep(self._poll_s)
        finally:
            await consumer.stop()

    @staticmethod
    async def _caught_up(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
        for tp, end in ends.items():
            if end > 0 and (await consumer.committed(tp) or 0) < end:
                return False
        return True
