"""The ingest service's own metrics, beside the shared HTTP and Kafka ones."""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Histogram

from shared.observability import LATENCY_BUCKETS

BATCH_BUCKETS = (1, 10, 100, 500, 1000, 2500, 5000, 10000, 20000, 50000)


class IngestMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        p = "anushravan_ingest"
        self.submissions = Counter(f"{p}_submissions", "Submissions answered, by outcome",
                                   ["outcome"], registry=registry)
        self.rejections = Counter(f"{p}_rejections", "Reasons for refusing submissions or requests, by code",
                                  ["code"], registry=registry)
        self.ack_seconds = Histogram(f"{p}_broker_ack_seconds",
                                     "Time from sending to the broker's acknowledgement of every event sent "
                                     "together (one submission, or one chunk of a batch)",
                                     buckets=LATENCY_BUCKETS, registry=registry)
        self.batch_lines = Histogram(f"{p}_batch_lines", "Submissions per batch request",
                                     buckets=BATCH_BUCKETS, registry=registry)
        self.broker_unavailable = Counter(f"{p}_broker_unavailable",
                                          "Publishes the broker did not acknowledge in time",
                                          registry=registry)
        for outcome in ("accepted", "duplicate", "rejected"):
            self.submissions.labels(outcome)

    def outcome(self, outcome: str, count: int = 1) -> None:
        if count:
            self.submissions.labels(outcome).inc(count)

    def refused(self, codes: Iterable[str]) -> None:
        for code in codes:
            self.rejections.labels(code).inc()
