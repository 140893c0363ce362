from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.events.envelope import _NAMESPACE, derived_id, encode, make_event
from shared.events.ingest import ProgressSubmitted
from shared.messaging import PoisonMessage, parse_envelope
from shared.settings import Settings


def test_an_event_round_trips_through_the_envelope() -> None:
    data = ProgressSubmitted(submission_id="s1", scheme="jsy", district="kanpur-nagar", period="2026-03",
                             values={"beneficiaries_paid": 10, "institutional_deliveries": 20})
    raw = encode(make_event("progress.submitted.v1", "portal/x", data))
    event = parse_envelope(raw)
    assert event.specversion == "1.0"
    assert ProgressSubmitted.read(event.data) == data


def test_reading_is_tolerant_of_unknown_fields_but_emitting_is_strict() -> None:
    doc = {"submission_id": "s1", "scheme": "jsy", "district": "agra", "period": "2026-03",
           "values": {}, "future_field": 1}
    assert ProgressSubmitted.read(doc).submission_id == "s1"
    with pytest.raises(ValueError):
        ProgressSubmitted.model_validate(doc)


@pytest.mark.parametrize(("raw", "reason"), [
    (b"\xff\xfe", "not JSON"), (b"[1,2]", "JSON object"), (b'{"id": "x"}', "invalid envelope"),
    (None, "empty"), (b"[" * 100000, "not JSON"), (b'{"id":' + b"9" * 5000 + b"}", "not JSON"),
])
def test_bad_envelopes_are_poison_with_a_reason(raw: bytes | None, reason: str) -> None:
    with pytest.raises(PoisonMessage, match=reason):
        parse_envelope(raw)


def test_derived_ids_are_stable_and_distinct() -> None:
    assert derived_id("a", 1) == derived_id("a", 1)
    assert derived_id("a", 1) != derived_id("a", 2)
    assert json.loads(encode(make_event("t", "s", {}, id_=derived_id("x"))))["id"] == derived_id("x")


@given(st.lists(st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.none()), max_size=6))
def test_derived_ids_are_the_uuid5_of_their_causes(parts: list[object]) -> None:
    # Ids already published must keep their value: the fast derivation is uuid5 exactly.
    expected = str(uuid.uuid5(_NAMESPACE, "\x1f".join(str(p) for p in parts)))
    assert derived_id(*parts) == expected


def test_settings_read_the_contract_environment_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "k:9092")
    monkeypatch.setenv("MONGODB_URL", "mongodb://m")
    monkeypatch.setenv("MONGODB_DATABASE", "db1")
    monkeypatch.setenv("ANUSHRAVAN_API_KEYS_FILE", "/etc/keys.yaml")
    s = Settings()
    assert (s.bootstrap, s.mongo_url, s.mongodb_database, str(s.api_keys_file)) == (
        "k:9092", "mongodb://m", "db1", "/etc/keys.yaml")


def test_a_bad_setting_names_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANUSHRAVAN_FETCH_MAX_WAIT_MS", "-5")
    with pytest.raises(ValueError, match="fetch_max_wait_ms"):
        Settings()
