"""Scoring's producer remembers the default partitioner's choice per key: always the choice the
client itself would make, chosen again when a topic's partition count changes."""

from aiokafka.partitioner import DefaultPartitioner
from hypothesis import given
from hypothesis import strategies as st

from services.scoring.producer import MAX_REMEMBERED_KEYS, Partitions


@given(st.lists(st.text(max_size=30), min_size=1, max_size=40), st.integers(1, 64))
def test_the_remembered_choice_is_the_default_partitioners(keys: list[str], count: int) -> None:
    partitions, every = Partitions(), set(range(count))
    for key in keys * 2:  # the second time from memory
        expected = DefaultPartitioner()(key.encode(), list(every), list(every))
        assert partitions.of("scores.updated", key, every) == (expected, key.encode())


def test_a_new_partition_count_is_chosen_again_and_unknown_partitions_leave_the_choice_to_the_client() -> None:
    partitions = Partitions()
    keys = [f"district-{i}" for i in range(50)]
    before = {k: partitions.of("t", k, set(range(3)))[0] for k in keys}
    after = {k: partitions.of("t", k, set(range(12)))[0] for k in keys}
    assert after == {k: DefaultPartitioner()(k.encode(), list(range(12)), list(range(12))) for k in keys}
    assert before != after and all(p is not None and p < 3 for p in before.values())
    assert partitions.of("t", "agra", None) == (None, b"agra")
    assert partitions.of("t", "agra", set()) == (None, b"agra")


def test_memory_is_bounded_whatever_keys_arrive() -> None:
    partitions = Partitions()
    for i in range(MAX_REMEMBERED_KEYS * 2 + 1):
        partitions.of("progress.rejected", f"scheme-sent-by-anyone-{i}", {0, 1})
    assert len(partitions._chosen) <= MAX_REMEMBERED_KEYS
