"""What the scoring stages share: settings, catalogue, publisher, metrics and the clock."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from services.scoring.events import Outgoing
from services.scoring.metrics import ScoringMetrics
from services.scoring.producer import Producer
from shared.catalog_view import CatalogView
from shared.clock import period_window
from shared.districts import load_districts
from shared.observability import ServiceMetrics
from shared.periods import PeriodWindow
from shared.settings import Settings


@dataclass
class Context:
    settings: Settings
    catalog: CatalogView
    producer: Producer
    metrics: ScoringMetrics
    service_metrics: ServiceMetrics
    units: int = field(default_factory=lambda: len(load_districts()))
    clock: Callable[[], float] = time.monotonic

    async def publish(self, items: Sequence[Outgoing]) -> None:
        """Pipelined: send all, then await every acknowledgement (acks=all)."""
        await self.producer.publish(items)

    def period_window(self) -> PeriodWindow:
        """The periods that may be submitted: from the first financial year to this month
        (ANUSHRAVAN_TODAY pins it for tests)."""
        return period_window(self.settings)()
