"""Rankings are published at most once per interval per scheme-period while they change."""

from aiokafka.partitioner import DefaultPartitioner

from services.scoring.ownership import Ownership, partition_of
from services.scoring.throttle import Throttle


def test_a_changed_key_is_due_at_once_then_not_before_the_interval_has_passed() -> None:
    throttle: Throttle[str] = Throttle(1.0)
    throttle.mark("jsy|2026-03")
    assert throttle.due(10.0) == ["jsy|2026-03"]
    throttle.done("jsy|2026-03", 10.0)
    throttle.mark("jsy|2026-03")
    assert throttle.due(10.5) == []
    assert throttle.due(11.0) == ["jsy|2026-03"]


def test_an_unchanged_key_is_never_due_and_a_forgotten_one_is_dropped() -> None:
    throttle: Throttle[str] = Throttle(0.0)
    assert throttle.due(0.0) == []
    throttle.mark("a")
    throttle.forget(lambda key: key == "a")
    assert throttle.due(5.0) == [] and throttle.pending == 0


def test_a_scheme_belongs_to_the_partition_every_kafka_client_sends_its_key_to() -> None:
    for scheme in ("jsy", "sc-postmatric-scholarship", "pm-kisan"):
        assert partition_of(scheme, 6) == DefaultPartitioner()(scheme.encode(), list(range(6)), list(range(6)))


def test_an_instance_owns_the_schemes_of_its_assigned_partitions_only() -> None:
    ownership = Ownership()
    assert not ownership.owns("jsy")
    ownership.assign([partition_of("jsy", 6)], 6)
    assert ownership.owns("jsy")
    ownership.revoke()
    assert not ownership.owns("jsy")


def test_a_key_changed_again_while_its_snapshot_was_published_stays_due() -> None:
    throttle: Throttle[str] = Throttle(0.0)
    throttle.mark("a")
    snapshot = throttle.generation("a")
    throttle.mark("a")  # the board moved while the snapshot was being published
    throttle.done("a", 1.0, snapshot)
    assert throttle.due(1.0) == ["a"]
    throttle.done("a", 2.0, throttle.generation("a"))
    assert throttle.due(2.0) == []


def test_the_longest_waiting_keys_are_due_first_and_a_limit_leaves_the_rest_for_later() -> None:
    throttle: Throttle[str] = Throttle(1.0)
    for key in ("b", "a", "c"):
        throttle.mark(key)
    throttle.done("b", 0.0)
    throttle.mark("b")
    assert throttle.due(5.0) == ["a", "c", "b"]
    assert throttle.due(5.0, limit=2) == ["a", "c"]
