"""Reading consumed records: envelope problems have precise codes; times are UTC instants."""

import json
from types import SimpleNamespace

from services.scoring.records import read


def _record(value: bytes | None, timestamp: int = 1_774_000_000_000) -> SimpleNamespace:
    return SimpleNamespace(topic="progress.submitted", partition=2, offset=7, value=value, timestamp=timestamp)


def _event(**fields: object) -> bytes:
    doc = {"specversion": "1.0", "id": "e1", "type": "progress.submitted.v1", "source": "t", "data": {}, **fields}
    return json.dumps(doc).encode()


def test_bytes_that_are_not_json_are_malformed_json() -> None:
    reading = read(_record(b"{nope"), "progress.submitted.v1")
    assert reading.event is None and [p.code for p in reading.problems] == ["malformed_json"]
    assert reading.position == "progress.submitted/2/7"


def test_a_number_too_long_to_read_is_malformed_json() -> None:
    reading = read(_record(_event(data={"revision": 7}).replace(b'"revision": 7', b'"revision": ' + b"9" * 5000)),
                   "progress.submitted.v1")
    assert [p.code for p in reading.problems] == ["malformed_json"] and "4300" in reading.problems[0].message


def test_an_envelope_without_its_attributes_names_each_missing_one() -> None:
    reading = read(_record(b'{"specversion": "1.0"}'), "progress.submitted.v1")
    assert {(p.field, p.code) for p in reading.problems} == {
        ("id", "invalid_envelope"), ("type", "invalid_envelope"), ("source", "invalid_envelope")}


def test_an_event_of_another_type_is_an_invalid_envelope() -> None:
    reading = read(_record(_event(type="something.else")), "progress.submitted.v1")
    assert [(p.field, p.code) for p in reading.problems] == [("type", "invalid_envelope")]


def test_a_time_without_offset_is_utc_and_a_missing_time_is_the_brokers() -> None:
    naive = read(_record(_event(time="2026-03-24T10:15:00")), "progress.submitted.v1")
    assert naive.submitted_at == "2026-03-24T10:15:00Z"
    indian = read(_record(_event(time="2026-03-24T15:45:00+05:30")), "progress.submitted.v1")
    assert indian.submitted_at == "2026-03-24T10:15:00Z"
    missing = read(_record(_event()), "progress.submitted.v1")
    assert missing.submitted_at == "2026-03-20T09:46:40Z"


def test_an_empty_value_is_malformed_json() -> None:
    assert [p.code for p in read(_record(None), "progress.submitted.v1").problems] == ["malformed_json"]
