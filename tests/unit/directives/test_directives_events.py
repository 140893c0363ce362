"""`directive.updated.v1`: the stored record is the event's data; status and version are derived
from the notes and misses, so they cannot disagree with them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.reports.domain.directives.carry import roll
from services.reports.domain.directives.compliance import record
from shared.events.directives import DIRECTIVE_UPDATED, ComplianceNote, Directive, event_id, overdue_state
from shared.events.envelope import derived_id
from tests.unit.directives.directives_builders import MEETING_DAY, directive, ist


def test_each_change_is_a_new_version_with_its_own_event_id_and_a_repeat_has_the_same() -> None:
    d0 = directive()
    d1 = record(d0, "partly", "प्रगति।", "cmo", ist(2026, 5, 1), MEETING_DAY)
    d2 = roll(d1, ist(2026, 5, 17), MEETING_DAY)
    assert [d.version for d in (d0, d1, d2)] == [1, 2, 3]
    assert len({event_id(d) for d in (d0, d1, d2)}) == 3
    assert event_id(roll(d1, ist(2026, 5, 17), MEETING_DAY)) == event_id(d2) == derived_id(
        DIRECTIVE_UPDATED, d2.directive_id, 3)


def test_the_payload_carries_status_and_version_and_reads_back_ignoring_them() -> None:
    d = record(directive(), "not_complied", "उत्तर नहीं मिला।", "cdo", ist(2026, 5, 1), MEETING_DAY)
    data = d.model_dump(mode="json")
    assert (data["status"], data["version"], data["notes"][0]["at"]) == ("not_complied", 2, "2026-05-01T00:00:00+05:30")
    assert Directive.read(data | {"status": "complied", "version": 99, "from_the_future": 1}) == d


def test_the_payload_refuses_what_the_contract_lacks() -> None:
    data = directive().model_dump(mode="json")
    with pytest.raises(ValidationError, match="district"):
        Directive.read(data | {"district": "Kanpur Nagar"})
    with pytest.raises(ValidationError, match="open"):
        ComplianceNote.model_validate({"status": "open", "text": "x", "by": "dm", "at": "2026-05-01T00:00:00+05:30"})
    with pytest.raises(ValidationError, match="timezone"):
        ComplianceNote.model_validate({"status": "partly", "text": "x", "by": "dm", "at": "2026-05-01T00:00:00"})


def test_every_field_is_described_for_the_asyncapi_document() -> None:
    schema = Directive.model_json_schema(mode="serialization")
    described = {name for name, prop in schema["properties"].items() if "description" in prop}
    assert {"directive_id", "period", "officer", "due", "misses", "status", "version", "notes"} <= described


def test_the_overdue_alert_state_names_the_item_and_the_miss() -> None:
    d = roll(directive(), ist(2026, 6, 17), MEETING_DAY)
    assert overdue_state(d) == "scheme:jsy:2" and overdue_state(d, 1) == "scheme:jsy:1"
