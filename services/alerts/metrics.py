"""The alerts service's own metrics, on the service's shared registry."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram

from shared.observability import LATENCY_BUCKETS


@dataclass
class AlertMetrics:
    registry: CollectorRegistry
    raised: Counter = field(init=False)
    published: Counter = field(init=False)
    suppressed: Counter = field(init=False)
    processing: Histogram = field(init=False)

    def __post_init__(self) -> None:
        r = self.registry
        # Every new alert, published or not (prometheus_client adds the `_total` suffix).
        self.raised = Counter("anushravan_alerts_raised", "Alerts raised (stored for the first time)",
                              ["type", "severity"], registry=r)
        self.published = Counter("anushravan_alerts_published", "Events published on alerts.rank-change",
                                 ["event"], registry=r)
        self.suppressed = Counter("anushravan_alerts_suppressed", "New alerts stored but not published",
                                  ["reason"], registry=r)
        self.processing = Histogram("anushravan_alerts_batch_seconds",
                                    "From receiving a batch to its alerts being published",
                                    ["consumer"], buckets=LATENCY_BUCKETS, registry=r)
