"""Test support only, never part of the product: the alerts service with its idempotency
checks switched off, to prove that the fault suite notices (tests/faults/test_canary.py).

Run as `python -m tests.faults.broken_alerts alerts`: it patches the three places where the
service recognises an alert it already has, then serves exactly as `anushravan serve alerts`:
- the ledger treats every computed alert as new, even when its id is known;
- the store takes a duplicate key as a fresh insert (and marks it for publication again);
- the outbox forgets what this process has published.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from typing import Any

from pymongo import UpdateMany
from pymongo.errors import BulkWriteError

from services.alerts.domain.ledger import Ledger
from services.alerts.domain.silences import Silence
from services.alerts.domain.suppression import Verdict, triage
from services.alerts.outbox import Outbox
from services.alerts.repository import PENDING, MongoAlertStore
from shared.events.alerts import Alert


def _raise_all(self: Ledger, alerts: Iterable[Alert], silences: Iterable[Silence], now: str) -> None:
    active = list(silences)
    for alert in alerts:
        verdict = triage(alert, [], active, now)
        self._keep(verdict.stored)
        self.raised.append(verdict)


async def _store(self: MongoAlertStore, raised: Sequence[Verdict], resolved: Sequence[Alert],
                 announced: Collection[str], at: datetime, _original: Any = MongoAlertStore.store) -> list[Verdict]:
    try:
        await _original(self, raised, [], announced, at)
    except BulkWriteError:
        pass
    ids = [v.alert.alert_id for v in raised if v.notify]
    if ids:
        await self._alerts.bulk_write([UpdateMany({"_id": {"$in": ids}}, {"$set": {"publication": PENDING}})])
    if resolved:
        await _original(self, [], resolved, announced, at)
    return list(raised)


def break_idempotency() -> None:
    Ledger.raise_all = _raise_all  # type: ignore[method-assign]
    MongoAlertStore.store = _store  # type: ignore[method-assign]
    Outbox._remember_sent = lambda self, eid: None  # type: ignore[method-assign]


if __name__ == "__main__":
    break_idempotency()
    from anushravan.cli import main

    sys.argv = [sys.argv[0], "serve", *sys.argv[1:]]
    main()
