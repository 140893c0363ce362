"""Events and catalogue entries for the alert rules' tests: Kanpur Nagar's SC post-matric
scholarship of March 2026 unless a test says otherwise."""

from __future__ import annotations

from typing import Any

from shared.catalog import Scheme
from shared.events.alerts import Alert
from shared.events.scoring import (
    CompositeEntry,
    CompositeRanked,
    PreviousResult,
    RankEntry,
    SchemeRanked,
    SchemeScored,
)

NOW = "2026-03-24T10:15:00Z"
DISTRICT = "kanpur-nagar"
SCHEME = "sc-postmatric-scholarship"
PERIOD = "2026-03"


def scheme(scheme_id: str = SCHEME, **fields: Any) -> Scheme:
    """The SC post-matric scholarship of the social welfare department."""
    return Scheme.model_validate(
        {
            "id": scheme_id,
            "name": {"hi": "अनुसूचित जाति दशमोत्तर छात्रवृत्ति", "en": "SC Post-matric Scholarship"},
            "department": {
                "id": "social-welfare", "name": {"hi": "समाज कल्याण विभाग", "en": "Social Welfare"},
            },
            "sector": "social",
            "category": "development",
            "officer": {"hi": "जिला समाज कल्याण अधिकारी", "en": "District Social Welfare Officer"},
            "kpis": [{"id": "disposal", "name": {"hi": "निस्तारण", "en": "Disposal"}, "kind": "inverse_ratio",
                      "numerator": "pending", "denominator": "received"}],
            **fields,
        }
    )


def scored(
    grade: str | None = "D",
    previous_grade: str | None = "B",
    *,
    rank: int | None = 71,
    previous_rank: int | None = 53,
    has_previous: bool = True,
    **fields: Any,
) -> SchemeScored:
    """A `scheme.scored.v1`: grade B last month, D now, rank 53 to 71 unless told otherwise."""
    previous = PreviousResult(period="2026-02", marks=6.88, grade=previous_grade, rank=previous_rank, of=75)
    data: dict[str, Any] = {
        "scheme": SCHEME, "department": "social-welfare", "district": DISTRICT, "period": PERIOD,
        "marks": 1.57, "grade": grade, "rank": rank, "of": 75, "kpis": {"disposal": 0.1566},
        "previous": previous if has_previous else None, "status": "scored",
        "submission_id": "sw-2026-03-kanpur-nagar-scpm-r1", "revision": 1,
    }
    return SchemeScored.model_validate(data | fields)


def quarantined(**fields: Any) -> SchemeScored:
    """A quarantined submission: no marks, grade or rank."""
    return scored(None, marks=None, rank=None, of=None, kpis={}, status="quarantined", **fields)


def _marks(rank: int) -> float:
    # Marks only need to fall as the rank rises; the rules compare ranks.
    return round(max(0.0, 10 - rank / 10), 2)


def ranking(
    ranks: dict[str, int], *, period: str = PERIOD, final: bool = True, coverage: float = 1.0, of: int = 75
) -> SchemeRanked:
    """A `scheme.ranked.v1` of the scholarship with the given district ranks."""
    entries = [RankEntry(district=d, marks=_marks(r), grade="C", rank=r) for d, r in ranks.items()]
    entries.sort(key=lambda e: e.rank)
    return SchemeRanked(scheme=SCHEME, period=period, final=final, of=of, coverage=coverage, ranks=entries)


def composite(
    ranks: dict[str, int], *, period: str = PERIOD, final: bool = True, of: int = 75
) -> CompositeRanked:
    """A `composite.ranked.v1` with the given district ranks."""
    entries = [CompositeEntry(district=d, marks=_marks(r), rank=r) for d, r in ranks.items()]
    entries.sort(key=lambda e: e.rank)
    return CompositeRanked(period=period, final=final, of=of, ranks=entries)


def alert(**fields: Any) -> Alert:
    """An open warning `grade_drop` B to C of Kanpur Nagar's scholarship unless told otherwise."""
    data: dict[str, Any] = {
        "alert_id": "grade_drop:kanpur-nagar:sc-postmatric-scholarship:2026-03:C", "type": "grade_drop",
        "severity": "warning", "status": "open", "district": DISTRICT, "scheme": SCHEME,
        "department": "social-welfare", "period": PERIOD,
        "previous": {"period": "2026-02", "grade": "B"}, "current": {"period": PERIOD, "grade": "C"},
        "driver": None, "officer": None, "message": {"hi": "संदेश", "en": "message"},
        "provisional": False, "raised_at": NOW,
    }
    return Alert.model_validate(data | fields)
