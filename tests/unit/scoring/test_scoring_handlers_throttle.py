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
