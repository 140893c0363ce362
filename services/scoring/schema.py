"""The scoring service's MongoDB collections and their indexes (created at start-up).

submissions          every submission version accepted or quarantined: the audit trail
                     (`_id` = submission_id, so the primary key is the deduplication)
scores               the version that counts per scheme, district and period, as scored
rankings             the latest `scheme.ranked.v1` data per scheme and period
finals               each district's final result per scheme and period (set at freeze)
periods              frozen periods
composites           the latest `composite.ranked.v1` data per period
composite_history    each district's final composite marks and rank per period (the FY history)
scheme_definitions   the scheme definitions last applied, to re-score changes made while down
rejections           submissions scoring refused (by Kafka position), for the outcome endpoint
"""

from __future__ import annotations

from shared.mongo import Index

SUBMISSIONS = "submissions"
SCORES = "scores"
RANKINGS = "rankings"
FINALS = "finals"
PERIODS = "periods"
COMPOSITES = "composites"
COMPOSITE_HISTORY = "composite_history"
SCHEME_DEFINITIONS = "scheme_definitions"
REJECTIONS = "rejections"

SCHEMA: dict[str, list[Index]] = {
    # The audit trail is read by `_id` only (the duplicate check); a secondary index would cost
    # every insert (8 % of the stored rate on the embedded server, measured) for the odd
    # investigation, which a year's ~100,000 versions answer by a scan well enough.
    SUBMISSIONS: [],
    SCORES: [Index([("scheme", 1), ("period", 1)]), Index([("period", 1), ("district", 1)])],
    RANKINGS: [],
    FINALS: [Index([("scheme", 1), ("period", 1)])],
    PERIODS: [],
    COMPOSITES: [],
    COMPOSITE_HISTORY: [Index([("district", 1), ("financial_year", 1)]), Index([("period", 1)])],
    SCHEME_DEFINITIONS: [],
    # Refusals are rare; `GET /v1/submissions/{id}` reads them by submission id.
    REJECTIONS: [Index([("submission_id", 1)])],
}


def score_key(scheme: str, period: str, district: str) -> str:
    return f"{scheme}|{period}|{district}"


def ranking_key(scheme: str, period: str) -> str:
    return f"{scheme}|{period}"


def history_key(district: str, period: str) -> str:
    return f"{district}|{period}"
