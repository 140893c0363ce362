"""Regression (found by tests/faults/test_poison.py): a submission naming an unknown input field
of 1 MiB was refused with that name echoed in full; the refusal exceeded the producer's 1 MiB
limit, its publication failed as a broker error, and the scheme stage retried it forever."""

import json
from types import SimpleNamespace

from services.scoring.intake_plan import MAX_ECHO, Intake
from services.scoring.records import read
from shared.periods import PeriodWindow
from tests.unit.scoring.scoring_builders import kpi, scheme

WINDOW = PeriodWindow(2018, "2026-03")

MIB = 1024 * 1024
SCHEME = scheme("s", [kpi("k")])
INTAKE = Intake({"s": SCHEME}, {"agra"}, WINDOW, set())


def huge_field_name() -> SimpleNamespace:
    body = {"submission_id": "x-1", "scheme": "s", "district": "agra", "period": "2026-03",
            "values": {"done": 1, "due": 2, "x" * MIB: 1}}
    value = json.dumps({"specversion": "1.0", "id": "e0", "type": "progress.submitted.v1", "source": "t",
                        "data": body}).encode()
    return SimpleNamespace(topic="progress.submitted", partition=0, offset=0, value=value, timestamp=1)


def test_a_refusal_echoing_a_one_mib_field_name_stays_far_below_the_message_limit() -> None:
    plan = INTAKE.plan([read(huge_field_name(), "progress.submitted.v1")], {})
    [(_, _, message)] = plan.refusals
    assert len(message) < 100 * 1024
    [reason] = json.loads(message)["data"]["reasons"]
    assert reason["code"] == "unknown_field" and reason["field"] == ("values." + "x" * MIB)[:MAX_ECHO]
