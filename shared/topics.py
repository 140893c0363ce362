"""Every Kafka topic name of CONTRACT §2, in one place."""

from __future__ import annotations

PROGRESS_SUBMITTED = "progress.submitted"
PROGRESS_REJECTED = "progress.rejected"
CATALOG_SCHEMES = "catalog.schemes"
PERIODS_EVENTS = "periods.events"
SCORES_UPDATED = "scores.updated"
RANKS_UPDATED = "ranks.updated"
ALERTS = "alerts.rank-change"
MINUTES_PUBLISHED = "minutes.published"
# Internal repartition topic: scheme-stage results keyed by period, feeding the composite stage
# (DESIGN §4). Not part of the public contract; documented in the README.
SCORES_BY_PERIOD = "scoring.scores-by-period"

COMPOSITE_KEY = "composite"

# Construction works (docs/works.md). Names only for now: they join TOPICS (partitions, the
# compacted registry) with the works service's consumers, so no stack creates idle topics.
WORKS_REGISTRY = "works.registry"
WORKS_PROGRESS = "works.progress"
WORKS_ASSESSED = "works.assessed"
WORKS_STANDING = "works.standing"


def dlq(topic: str) -> str:
    """The dead-letter topic of a topic."""
    return f"{topic}.dlq"


# name -> (partitions, config). Inputs keyed for scale-out get 6 partitions.
TOPICS: dict[str, tuple[int, dict[str, str]]] = {
    PROGRESS_SUBMITTED: (6, {}),
    PROGRESS_REJECTED: (3, {}),
    CATALOG_SCHEMES: (1, {"cleanup.policy": "compact"}),
    PERIODS_EVENTS: (1, {}),
    SCORES_UPDATED: (6, {}),
    RANKS_UPDATED: (3, {}),
    ALERTS: (3, {}),
    MINUTES_PUBLISHED: (3, {}),
    SCORES_BY_PERIOD: (6, {}),
}
for _t in (PROGRESS_SUBMITTED, CATALOG_SCHEMES, PERIODS_EVENTS, SCORES_UPDATED, RANKS_UPDATED,
           ALERTS, SCORES_BY_PERIOD):
    TOPICS[dlq(_t)] = (1, {})
