"""A repeated submission id: duplicate, conflict, or an unconfirmed attempt to publish again."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.ingest.domain.idempotency import ACCEPTED, PENDING, Prior, content_hash, decide
from services.ingest.domain.submission import examine
from shared.events.ingest import ProgressSubmitted
from tests.unit.ingest.ingest_builders import doc, rules

AT = datetime(2026, 3, 20, tzinfo=UTC)


def event(**changes: object) -> ProgressSubmitted:
    examined = examine(doc(**changes), rules())
    assert examined.submission is not None
    return examined.submission


def test_the_same_figures_hash_the_same_whether_written_as_integers_or_decimals() -> None:
    assert content_hash(event(values={"pending": 5, "received": 100})) == content_hash(
        event(values={"received": 100.0, "pending": 5.0}))


@pytest.mark.parametrize("changes", [{"values": {"pending": 6, "received": 100}}, {"revision": 2},
                                     {"district": "kanpur-nagar"}, {"submitted_by": "someone"}])
def test_any_change_of_content_changes_the_hash(changes: dict[str, object]) -> None:
    assert content_hash(event(**changes)) != content_hash(event())


def test_a_new_id_is_published() -> None:
    assert decide("h", None) == "publish"


def test_the_same_content_already_accepted_is_a_duplicate() -> None:
    assert decide("h", Prior("h", ACCEPTED, AT)) == "duplicate"


def test_the_same_content_never_confirmed_is_published_again() -> None:
    assert decide("h", Prior("h", PENDING, AT)) == "publish"


@pytest.mark.parametrize("status", [ACCEPTED, PENDING])
def test_different_content_under_a_known_id_is_a_conflict(status: str) -> None:
    assert decide("h2", Prior("h", status, AT)) == "conflict"
