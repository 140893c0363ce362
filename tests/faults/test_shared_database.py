"""The four services share one database in every deployment (MONGODB_DATABASE, default
`anushravan`), so no collection may belong to two of them.

Regression: alerts kept its read models in `scores` and `finals`, scoring's own collections;
scoring then loaded alerts' documents as score entries and dead-lettered every freeze."""

from __future__ import annotations

from collections import Counter

from services.alerts.main import SCHEMA as ALERTS
from services.ingest.repository import SCHEMA as INGEST
from services.reports.minutes_store import MINUTES_SCHEMA
from services.reports.repository import READ_MODEL_SCHEMA
from services.scoring.schema import SCHEMA as SCORING

COLLECTIONS = {
    "ingest": set(INGEST), "scoring": set(SCORING), "alerts": set(ALERTS),
    "reports": {*READ_MODEL_SCHEMA, *MINUTES_SCHEMA},
}


def test_no_collection_belongs_to_two_services() -> None:
    owners = Counter(name for names in COLLECTIONS.values() for name in names)
    shared = {name: [s for s, names in COLLECTIONS.items() if name in names]
              for name, count in owners.items() if count > 1}
    assert shared == {}


def test_every_service_declares_its_collections() -> None:
    assert all(COLLECTIONS.values())
