"""Taking submissions in: examine, deduplicate, reserve, publish, confirm.

The order is what makes "accepted" mean "will not be lost":
1. every submission id (within its scheme's department) is reserved in `ingest_receipts` with
   its content hash (`pending`) before anything is published, so two different contents can
   never both be published under one id;
2. the events are published and their acknowledgement (acks=all) awaited, with a bound;
3. acknowledged ids are marked `accepted`, and only then is `accepted` answered (with a note
   when a higher revision of the same scheme, district and period was accepted before).
A crash or timeout between 1 and 3 leaves a pending reservation: the client, having had no
202, sends the same content again, which is published again (harmless: scoring keeps one
submission per id, and the event id is derived from id and content).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from urllib.parse import quote

from pymongo.errors import PyMongoError

from services.ingest.domain.idempotency import Prior, decide
from services.ingest.domain.lines import Line
from services.ingest.domain.submission import Examined, Rules, examine
from services.ingest.frozen_periods import FrozenPeriods
from services.ingest.metrics import IngestMetrics
from services.ingest.outcomes import Result, Submission, rejection_events, summarise
from services.ingest.publishing import AckPublisher, Outbound
from services.ingest.repository import Receipts, Reservation
from shared.auth import Principal
from shared.catalog_view import CatalogView
from shared.districts import district_ids
from shared.events.envelope import derived_id, iso, make_event, utc_now
from shared.events.ingest import PROGRESS_SUBMITTED, Reason
from shared.observability import log_context
from shared.periods import PeriodWindow
from shared.topics import PROGRESS_SUBMITTED as SUBMITTED_TOPIC

log = logging.getLogger("anushravan.ingest.intake")


class DatabaseUnavailable(Exception):
    """The receipts could not be read or written: nothing was published."""


class Intake:
    def __init__(self, catalog: CatalogView, receipts: Receipts, frozen: FrozenPeriods,
                 publisher: AckPublisher, metrics: IngestMetrics, window: Callable[[], PeriodWindow]) -> None:
        self._catalog = catalog
        self._receipts = receipts
        self._frozen = frozen
        self._publisher = publisher
        self._metrics = metrics
        self._window = window

    async def take(self, lines: Sequence[Line], principal: Principal, received_at: datetime) -> list[Result]:
        """Answer every line: accepted, duplicate, rejected (with reasons) or unacknowledged."""
        try:
            results = self._examine(lines, principal)
            pending = await self._deduplicate(results, principal, received_at)
        except PyMongoError as exc:
            log.warning("the receipts database failed", extra=log_context(error=repr(exc)))
            raise DatabaseUnavailable(str(exc)) from exc
        await self._publish(results, pending, principal, received_at)
        summarise(results, self._metrics)
        return results

    def _examine(self, lines: Sequence[Line], principal: Principal) -> list[Result]:
        rules = Rules(
            schemes=self._catalog.schemes, districts=district_ids(), window=self._window(),
            frozen_periods=self._frozen.known,
            departments=None if principal.role == "admin" else principal.departments,
        )
        results: list[Result] = []
        for line in lines:
            examined = (examine(line.raw, rules) if line.raw is not None
                        else Examined(None, line.reasons))
            results.append(Result.of(line, examined))
        return results

    async def _deduplicate(self, results: list[Result], principal: Principal,
                           received_at: datetime) -> list[Result]:
        """Decide repeats (within the body, then against the receipts) and reserve the new
        ids; return what is to be published."""
        first: dict[str, Result] = {}
        for result in results:
            if result.submission is not None:
                earlier = first.setdefault(result.key, result)
                if earlier is not result:
                    result.repeat_of(earlier)
        candidates = list(first.values())
        # Reserving first and reading only what was taken costs one round trip for new ids; the
        # highest revisions are read alongside.
        taken, highest = await asyncio.gather(
            self._receipts.reserve([_reservation(r, principal, received_at) for r in candidates]),
            self._receipts.highest_revisions([r.slot for r in candidates]))
        priors = await self._receipts.find(taken) if taken else {}
        pending = [r for r in candidates if r.key not in taken or _apply(r, priors.get(r.key))]
        superseded(pending, highest)
        return pending

    async def _publish(self, results: list[Result], pending: list[Result], principal: Principal,
                       received_at: datetime) -> None:
        source = f"ingest/{quote(principal.key_id, safe='-._~')}"
        outbound = [_submitted(r.submission, source, received_at) for r in pending if r.submission]
        refused = rejection_events(results, source, received_at)
        acked = await self._publisher.publish(outbound + refused)
        confirmed = [r for r, ok in zip(pending, acked, strict=False) if ok]
        for result, ok in zip(pending, acked, strict=False):
            result.published(ok)
        try:
            await self._receipts.confirm([r.key for r in confirmed], utc_now())
            # Only a revision above 1 can outrank another: most submissions cost no write here.
            await self._receipts.raise_revisions([(r.slot, r.submission.event.revision) for r in confirmed
                                                  if r.submission is not None and r.submission.event.revision > 1])
        except PyMongoError as exc:
            # The broker has them and the pending reservation guards their content; a retry
            # republishes harmlessly. So the answer stays "accepted".
            log.warning("could not mark acknowledged submissions accepted",
                        extra=log_context(error=repr(exc), count=len(confirmed)))
        for result in results:
            result.settle()


def _apply(result: Result, prior: Prior | None) -> bool:
    """Decide on a submission whose id was already recorded; True if it is to be published."""
    assert result.submission is not None
    decision = decide(result.submission.digest, prior)
    result.prior = prior
    if decision == "conflict":
        assert prior is not None
        result.reject(Reason(field="submission_id", code="submission_conflict", message=(
            f"this submission_id was received on {iso(prior.received_at)} with different "
            "content; send changed figures as a new revision under a new submission_id")))
    elif decision == "duplicate":
        result.status = "duplicate"
    return decision == "publish"


def superseded(pending: Sequence[Result], highest: Mapping[str, int]) -> None:
    """Mark the submissions a higher revision of the same slot outranks: one accepted before,
    or another of this request (scoring counts the highest revision, whatever the order)."""
    top = dict(highest)
    for result in pending:
        if result.submission is not None:
            top[result.slot] = max(top.get(result.slot, 0), result.submission.event.revision)
    for result in pending:
        if result.submission is not None and top[result.slot] > result.submission.event.revision:
            result.superseded_by = top[result.slot]


def _reservation(result: Result, principal: Principal, received_at: datetime) -> Reservation:
    assert result.submission is not None
    event = result.submission.event
    return Reservation(result.key, event.submission_id, result.submission.digest, principal.key_id, received_at,
                       event.scheme, event.district, event.period, event.revision)


def _submitted(submission: Submission, source: str, received_at: datetime) -> Outbound:
    event = submission.event
    envelope = make_event(PROGRESS_SUBMITTED, source, event, time=received_at,
                          id_=derived_id(PROGRESS_SUBMITTED, event.submission_id, submission.digest))
    return Outbound(SUBMITTED_TOPIC, event.scheme, envelope)
