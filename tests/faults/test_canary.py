"""The suite must fail loudly when idempotency breaks. Two proofs:

1. The invariant checker, given runs that went wrong in the ways a broken idempotency check
   goes wrong (an alert published twice, a submission counted twice, an acknowledged one
   lost, an alert made up), names each.
2. A real alerts service with its idempotency checks switched off (tests/faults/broken_alerts.py,
   a test-only shim: the product has no such switch) receives each `scheme.scored.v1` twice,
   as at-least-once delivery after a crash does; the checker passes the healthy service and
   fails the broken one, saying which alerts went out twice."""

from __future__ import annotations

import asyncio
import copy
from pathlib import Path

import pytest

from shared.events.envelope import derived_id
from shared.events.scoring import SCHEME_SCORED
from shared.topics import SCORES_UPDATED
from tests.faults.collect import alert_events
from tests.faults.invariants import InvariantViolation, check, check_alone
from tests.faults.outcome import AlertEvent, Outcome
from tests.faults.scenario import until
from tests.faults.stack import Stack, stack_up
from tests.support.kafka import event_bytes, produce

RAISED = "alert.raised.v1"
DISTRICTS = ("agra", "banda", "prayagraj", "kanpur-nagar")


def uninterrupted() -> Outcome:
    ranks = [{"district": "agra", "marks": 9.5, "grade": "A", "rank": 1},
             {"district": "banda", "marks": 1.5, "grade": "D", "rank": 2}]
    return Outcome(
        rankings={"jsy 2026-03": {"scheme": "jsy", "period": "2026-03", "final": True, "of": 2, "ranks": ranks}},
        composites={"2026-03": {"period": "2026-03", "final": True, "ranks": ranks}},
        history={"banda|2026-03": {"marks": 1.5, "rank": 2}},
        alert_events=[AlertEvent(RAISED, "e1", "entered_grade_d:banda:jsy:2026-03:D")],
        alerts={"entered_grade_d:banda:jsy:2026-03:D": "open"},
        minutes={"banda 2026-03": {"summary": {"composite": {"rank": 2, "of": 2, "marks": 1.5}}}},
        audited={"s-agra", "s-banda"}, acknowledged={"s-agra", "s-banda"})


def test_the_checker_passes_a_run_that_ended_as_the_uninterrupted_one() -> None:
    check(uninterrupted(), copy.deepcopy(uninterrupted()))


def test_an_alert_published_twice_fails_loudly() -> None:
    run = copy.deepcopy(uninterrupted())
    run.alert_events.append(AlertEvent(RAISED, "e2", "entered_grade_d:banda:jsy:2026-03:D"))
    with pytest.raises(InvariantViolation, match="entered_grade_d:banda:jsy:2026-03:D published 2 times"):
        check(uninterrupted(), run)


def test_a_submission_counted_twice_fails_loudly() -> None:
    run = copy.deepcopy(uninterrupted())
    run.rankings["jsy 2026-03"]["ranks"][1]["marks"] = 3.0  # banda's figures added twice
    run.history["banda|2026-03"]["marks"] = 3.0
    with pytest.raises(InvariantViolation, match=r"(?s)ranking jsy 2026-03: differs.*composite history banda"):
        check(uninterrupted(), run)


def test_an_acknowledged_submission_missing_from_the_audit_trail_fails_loudly() -> None:
    run = copy.deepcopy(uninterrupted())
    run.audited.discard("s-banda")
    with pytest.raises(InvariantViolation, match="acknowledged but not in the audit trail: s-banda"):
        check(uninterrupted(), run)


def test_an_alert_made_up_or_lost_fails_loudly() -> None:
    run = copy.deepcopy(uninterrupted())
    run.alert_events = [AlertEvent(RAISED, "e9", "entered_grade_d:agra:jsy:2026-03:D")]
    with pytest.raises(InvariantViolation, match=r"(?s)banda:jsy:2026-03:D: never published.*agra.*never raised"):
        check(uninterrupted(), run)


def scored(district: str) -> dict[str, object]:
    """A district entering grade D on JSY: raises `entered_grade_d`."""
    return {"scheme": "jsy", "department": "medical-health", "district": district, "period": "2026-03",
            "marks": 1.5, "grade": "D", "rank": 70, "of": 75, "kpis": {"paid": 0.15}, "previous": None,
            "status": "scored", "submission_id": f"canary-{district}", "revision": 1}


async def delivered_twice(stack: Stack) -> list[AlertEvent]:
    """Each scored event twice with the same CloudEvents id (a redelivery), then what came out.

    The second delivery waits until the first one's alerts are out: a redelivery after a crash
    comes in a later batch, and two copies in one batch would be collapsed by the batch itself
    rather than by the idempotency checks this canary is about."""
    events = [(d, event_bytes(SCHEME_SCORED, scored(d), source="anushravan/scoring",
                              id_=derived_id("canary", d))) for d in DISTRICTS]
    wanted = {f"entered_grade_d:{d}:jsy:2026-03:D" for d in DISTRICTS}

    async def all_out() -> bool:
        return {e.alert_id for e in await alert_events(stack.bootstrap)} >= wanted

    await produce(stack.bootstrap, SCORES_UPDATED, events)
    await until("the alerts of the canary", all_out, stack, 60)
    await produce(stack.bootstrap, SCORES_UPDATED, events)
    await asyncio.sleep(3.0)  # anything published twice has had time to arrive
    return await alert_events(stack.bootstrap)


@pytest.fixture(scope="module")
async def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    work = Path(tmp_path_factory.mktemp("canary"))
    stacks = await asyncio.gather(
        stack_up(work / "healthy", services=["alerts"]),
        stack_up(work / "broken", services=["alerts"], modules={"alerts": "tests.faults.broken_alerts"}))
    try:
        healthy, broken = await asyncio.gather(*(delivered_twice(s) for s in stacks))
        return {"healthy": Outcome(alert_events=healthy), "broken": Outcome(alert_events=broken)}
    finally:
        for stack in stacks:
            await stack.down()


def test_the_healthy_alerts_service_publishes_each_alert_once(outcomes: dict[str, Outcome]) -> None:
    check_alone(outcomes["healthy"], "the healthy alerts service")


def test_the_suite_catches_an_alerts_service_whose_idempotency_check_is_broken(
        outcomes: dict[str, Outcome]) -> None:
    with pytest.raises(InvariantViolation, match="published 2 times") as caught:
        check_alone(outcomes["broken"], "the alerts service with its idempotency checks switched off")
    print(f"\nThe checker's verdict on the broken service:\n{caught.value}")
    assert str(caught.value).count("published 2 times") == len(DISTRICTS)
