"""Rankings and period events in, alerts out: rank drops (provisional and final), the
freeze's history rules, and missed deadlines computed from the stored scores.

The freeze's rules run on the final rankings the freeze publishes (they carry the grades
and ranks the rules compare); `period.frozen.v1` itself changes nothing here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.alerts.dispatch import Dispatcher
from services.alerts.domain.ledger import Ledger
from services.alerts.domain.rules import (
    bottom_ten_counts,
    missed_deadline,
    on_composite_final,
    on_scheme_ranked,
    persistent_in_final_ranking,
)
from services.alerts.domain.rules.history import PERSISTENT_MONTHS
from services.alerts.handlers import read_event
from services.alerts.ports import Barrier, Catalog, Stores
from shared.events.alerts import Alert
from shared.events.base import Payload
from shared.events.envelope import iso, utc_now
from shared.events.periods import DEADLINE_PASSED, FROZEN, PeriodEvent, UnusablePeriod, event_period
from shared.events.scoring import COMPOSITE_RANKED, SCHEME_RANKED, CompositeRanked, SchemeRanked
from shared.messaging import PoisonMessage
from shared.observability import ServiceMetrics
from shared.periods import PeriodWindow, earlier_periods_of_financial_year, previous_period
from shared.topics import PERIODS_EVENTS, RANKS_UPDATED

EXPECTED: dict[str, type[Payload]] = {
    SCHEME_RANKED: SchemeRanked, COMPOSITE_RANKED: CompositeRanked, DEADLINE_PASSED: PeriodEvent, FROZEN: PeriodEvent,
}


def months_before(period: str, count: int) -> list[str]:
    months = [previous_period(period)]
    while len(months) < count:
        months.append(previous_period(months[-1]))
    return months


@dataclass
class RankingsHandler:
    stores: Stores
    catalog: Catalog
    dispatcher: Dispatcher
    barrier: Barrier
    districts: Sequence[str]
    service: ServiceMetrics
    # The periods that may be named now: a deadline outside them is dead-lettered, never a
    # missed-deadline alert for every district.
    periods: Callable[[], PeriodWindow]
    threshold: int = 10
    clock: Callable[[], datetime] = field(default=utc_now)

    async def __call__(self, records: Sequence[Any]) -> None:
        # Few and in order (one key per scheme, one for the composite, one per period): one by one.
        ignored: list[str] = []
        for record in records:
            read = read_event(record, EXPECTED)
            event = read[1] if read else None
            if isinstance(event, SchemeRanked):
                await self.on_scheme_ranking(event)
            elif isinstance(event, CompositeRanked):
                await self.on_composite(event)
            elif isinstance(event, PeriodEvent) and read and read[0] == DEADLINE_PASSED:
                await self.on_deadline(self._period(event))
            elif read is None:
                ignored.append(record.topic)
        # Counted once the batch succeeded; the consumer counts the others as "ok".
        for topic in ignored:
            self.service.messages.labels(topic, "ignored").inc()

    def _period(self, event: PeriodEvent) -> str:
        try:
            return event_period(event.model_dump(), self.periods())
        except UnusablePeriod as exc:
            raise PoisonMessage(f"{DEADLINE_PASSED}: {exc}") from None

    async def on_scheme_ranking(self, ranking: SchemeRanked) -> None:
        scheme = self.catalog.get(ranking.scheme)
        if scheme is None:
            raise PoisonMessage(f"unknown scheme {ranking.scheme!r}: not in the catalogue")
        if ranking.final:
            await self.stores.read.save_final(ranking)
        earlier = months_before(ranking.period, PERSISTENT_MONTHS - 1 if ranking.final else 1)
        history = await self.stores.read.scheme_finals(ranking.scheme, earlier)
        previous = next((r for r in history if r.period == earlier[0]), None)
        at = self.clock()
        alerts = on_scheme_ranked(ranking, previous, scheme, now=iso(at), threshold=self.threshold)
        alerts += persistent_in_final_ranking(ranking, history, scheme, now=iso(at))
        if alerts:
            await self._raise(alerts, await self.stores.alerts.of_scheme(scheme.id, ranking.period), at)

    async def on_composite(self, ranking: CompositeRanked) -> None:
        if not ranking.final:
            return  # composite alerts wait for the freeze
        await self.stores.read.save_final(ranking)
        previous_month = previous_period(ranking.period)
        earlier = {*earlier_periods_of_financial_year(ranking.period), previous_month}
        finals = await self.stores.read.composite_finals(earlier)
        previous = next((r for r in finals if r.period == previous_month), None)
        at = self.clock()
        alerts = on_composite_final(ranking, previous, bottom_ten_counts(finals, ranking.period), now=iso(at),
                                    threshold=self.threshold)
        if alerts:
            await self._raise(alerts, await self.stores.alerts.of_scheme(None, ranking.period), at)

    async def on_deadline(self, period: str) -> None:
        await self.barrier.wait()
        accepted = await self.stores.read.accepted(period)
        at = self.clock()
        alerts = missed_deadline(period, self.catalog.graded(), self.districts, accepted, iso(at))
        if alerts:
            await self._raise(alerts, await self.stores.alerts.of_type("missed_deadline", period), at, PERIODS_EVENTS)

    async def _raise(self, alerts: list[Alert], known: list[Alert], at: datetime, topic: str = RANKS_UPDATED) -> None:
        ledger = Ledger(known)
        ledger.raise_all(alerts, await self.stores.silences.active(at), iso(at))
        await self.dispatcher.settle(ledger, at, topic)

