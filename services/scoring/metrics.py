"""The scoring service's own metrics, on the runtime's shared registry."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter

OUTCOMES = ("scored", "quarantined", "rejected", "duplicate")


class ScoringMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.submissions = Counter(
            "anushravan_scoring_submissions", "Submissions consumed, by outcome", ["outcome"], registry=registry)
        self.regrades = Counter(
            "anushravan_scoring_regrades", "Grade changes of a district on a scheme, by direction",
            ["direction"], registry=registry)
        self.rankings_published = Counter(
            "anushravan_scoring_rankings_published", "scheme.ranked.v1 and composite.ranked.v1 published",
            ["kind"], registry=registry)
        for outcome in OUTCOMES:
            self.submissions.labels(outcome)
        for direction in ("up", "down"):
            self.regrades.labels(direction)

    def regrade(self, step: int) -> None:
        if step:
            self.regrades.labels("up" if step > 0 else "down").inc()
