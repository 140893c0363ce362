"""The works events: what they accept, what they refuse, and that every refusal names its field."""

from __future__ import annotations

from datetime import date
from typing import Any, get_args

import pytest
from pydantic import BaseModel, ValidationError

from shared.events.works import WorkAssessed, WorkProgress, WorkRegistered, WorksStanding
from tests.unit.works.works_builders import a_report, a_work


def _errors(model: type[WorkProgress] | type[WorkRegistered], data: dict[str, Any]) -> list[tuple[str, str, str]]:
    with pytest.raises(ValidationError) as caught:
        model.read(data)
    return [(".".join(map(str, e["loc"])), e["type"], e["msg"]) for e in caught.value.errors()]


def _report(**changes: Any) -> dict[str, Any]:
    return {**a_report("2026-03", 40, 700).model_dump(mode="json"), **changes}


def _work(**changes: Any) -> dict[str, Any]:
    return {**a_work().model_dump(mode="json"), **changes}


def test_a_registered_work_travels_with_iso_dates_and_amounts_in_lakh() -> None:
    data = a_work(revised_cost_lakh=2100.0).model_dump(mode="json")
    assert data["sanction_date"] == "2024-04-01" and data["scheduled_completion_date"] == "2026-03-31"
    assert data["sanctioned_cost_lakh"] == 1850.0 and data["revised_cost_lakh"] == 2100.0
    assert WorkRegistered.read(data) == a_work(revised_cost_lakh=2100.0)


def test_reading_ignores_unknown_fields_but_emitting_refuses_them() -> None:
    assert WorkProgress.read(_report(portal_version="7.2")).physical_percent == 40
    with pytest.raises(ValidationError):
        WorkProgress(**_report(portal_version="7.2"))


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"completion_date": "2026-02-30", "status": "completed"}, "completion_date", "not_a_date"),
    ({"anticipated_completion_date": "31.03.2026"}, "anticipated_completion_date", "not_a_date"),
    ({"anticipated_completion_date": 1774915200}, "anticipated_completion_date", "not_a_date"),
    ({"anticipated_completion_date": "2026-03-31T00:00:00"}, "anticipated_completion_date", "not_a_date"),
    ({"anticipated_completion_date": "1066-10-14"}, "anticipated_completion_date", "date_out_of_range"),
    ({"expenditure_lakh": -5}, "expenditure_lakh", "greater_than_equal"),
    ({"physical_percent": "40"}, "physical_percent", "not_a_number"),
    ({"physical_percent": True}, "physical_percent", "not_a_number"),
    ({"physical_percent": float("nan")}, "physical_percent", "non_finite"),
    ({"expenditure_lakh": 10**400}, "expenditure_lakh", "non_finite"),
    ({"period": "2026-13"}, "period", "invalid_period"),
    ({"status": "abandoned"}, "status", "literal_error"),
    ({"revised_cost_lakh": 0}, "revised_cost_lakh", "greater_than"),
    ({"work": "Kanpur Hospital"}, "work", "string_pattern_mismatch"),
    ({"report_id": ""}, "report_id", "string_too_short"),
])
def test_a_bad_report_is_refused_naming_the_field_and_the_reason(change: dict[str, Any], field: str, code: str) -> None:
    errors = _errors(WorkProgress, _report(**change))
    assert [(f, c) for f, c, _ in errors] == [(field, code)]


def test_a_date_that_is_not_a_date_says_so_in_words() -> None:
    [(_, _, message)] = _errors(WorkProgress, _report(status="completed", completion_date="2026-02-30",
                                                      physical_percent=100))
    assert message == "2026-02-30 is not a day of the calendar"


def test_a_completed_work_needs_its_completion_date() -> None:
    assert _errors(WorkProgress, _report(status="completed", physical_percent=100)) == [
        ("completion_date", "missing_completion_date", "required when status is completed")]


def test_only_a_completed_work_has_a_completion_date() -> None:
    [(field, code, _)] = _errors(WorkProgress, _report(completion_date="2026-03-20"))
    assert (field, code) == ("completion_date", "unexpected_completion_date")


def test_a_stalled_work_needs_a_reason() -> None:
    assert _errors(WorkProgress, _report(status="stalled", stall_reason="  ")) == [
        ("stall_reason", "missing_stall_reason", "required when status is stalled")]


def test_a_report_may_say_130_percent_and_be_quarantined_later_but_not_a_million() -> None:
    assert WorkProgress.read(_report(physical_percent=130)).physical_percent == 130
    [(field, code, _)] = _errors(WorkProgress, _report(physical_percent=1e6))
    assert (field, code) == ("physical_percent", "less_than_equal")


def test_a_registration_refuses_a_negative_cost_and_a_schedule_before_the_sanction() -> None:
    errors = _errors(WorkRegistered, _work(sanctioned_cost_lakh=-10, scheduled_completion_date="2024-03-01"))
    assert [(f, c) for f, c, _ in errors] == [("sanctioned_cost_lakh", "greater_than"),
                                              ("scheduled_completion_date", "before_sanction")]


def test_every_field_of_every_works_event_is_described() -> None:
    models: list[type[BaseModel]] = [WorkRegistered, WorkProgress, WorkAssessed, WorksStanding]
    seen: set[type[BaseModel]] = set()
    while models:
        model = models.pop()
        seen.add(model)
        for name, spec in model.model_fields.items():
            if model.__module__.startswith("shared.events.works"):
                assert spec.description, f"{model.__name__}.{name} has no description"
            for kind in _models_in(spec.annotation):
                if kind not in seen:
                    models.append(kind)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    found = [annotation] if isinstance(annotation, type) and issubclass(annotation, BaseModel) else []
    for arg in get_args(annotation):
        found.extend(_models_in(arg))
    return found


def test_dates_are_dates_after_reading() -> None:
    assert WorkProgress.read(_report(anticipated_completion_date="2026-06-30")).anticipated_completion_date == date(
        2026, 6, 30)


def test_the_json_schemas_state_formats_patterns_and_bounds_for_the_contract_documents() -> None:
    properties = WorkProgress.model_json_schema()["properties"]
    assert properties["period"]["pattern"] == r"^[0-9]{4}-(0[1-9]|1[0-2])$"
    assert {"format": "date", "type": "string"} in properties["completion_date"]["anyOf"]
    assert (properties["physical_percent"]["minimum"], properties["physical_percent"]["maximum"]) == (0, 1000)
    assert WorkRegistered.model_json_schema()["properties"]["sanctioned_cost_lakh"]["exclusiveMinimum"] == 0
    assert WorkAssessed.model_json_schema() and WorksStanding.model_json_schema()
