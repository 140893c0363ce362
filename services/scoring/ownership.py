"""Which schemes this instance owns: those whose key hashes to a partition of
`progress.submitted` assigned to it (the default murmur2 partitioner of every Kafka client)."""

from __future__ import annotations

from collections.abc import Iterable

from aiokafka.partitioner import murmur2


def partition_of(key: str, partitions: int) -> int:
    return int(murmur2(key.encode()) & 0x7FFFFFFF) % partitions


class Ownership:
    def __init__(self) -> None:
        self.partitions: frozenset[int] = frozenset()
        self.count = 0

    def assign(self, partitions: Iterable[int], count: int) -> None:
        self.partitions = frozenset(partitions)
        self.count = count

    def revoke(self) -> None:
        self.partitions = frozenset()

    def owns(self, scheme: str) -> bool:
        return bool(self.count) and partition_of(scheme, self.count) in self.partitions
