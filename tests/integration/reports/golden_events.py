"""The events that recreate Kanpur Nagar's March 2026 meeting, and the two meetings before it.

The March facts are those of `tests/unit/reports/kanpur_march_2026.py`, turned into what the
other services would have published: each standing's `progress.submitted.v1` (its figures)
and `scheme.scored.v1`, a provisional rank that a later `scheme.ranked.v1` corrects, the
year's `composite.ranked.v1`, and the grade-drop alert. January and February put JSY (and,
in February, the general pre-matric scholarship) in grade D, so that finalised minutes of
those months carry the items and directives the March minutes continue.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.reports.domain.inputs import SchemeStanding
from shared.catalog import Scheme
from shared.events.alerts import ALERT_RAISED
from shared.events.ingest import PROGRESS_SUBMITTED as SUBMITTED
from shared.events.scoring import COMPOSITE_RANKED, SCHEME_RANKED, SCHEME_SCORED
from shared.periods import previous_period
from shared.topics import ALERTS, COMPOSITE_KEY, PROGRESS_SUBMITTED, RANKS_UPDATED, SCORES_UPDATED
from tests.support.kafka import event_bytes
from tests.unit.reports.kanpur_march_2026 import GENERAL_PREMATRIC, JSY, kanpur_march_2026

DISTRICT = "kanpur-nagar"
Event = tuple[str, str, bytes]  # (topic, key, value)
JANUARY_DIRECTIVE = "जननी सुरक्षा योजना के लाभार्थियों का भुगतान एक सप्ताह में करायें।"
FEBRUARY_DIRECTIVES = {
    "2026-02:jsy": "नोडल अधिकारी से वार्ता कर प्रगति सुधारें।",
    "2026-02:general-prematric-scholarship": "लम्बित आवेदन एक सप्ताह में निस्तारित करायें।",
}


def catalogue() -> list[Scheme]:
    """Every scheme of the March minutes, in the order of their standings."""
    return [s.scheme for s in kanpur_march_2026().standings]


def submission_id(scheme: str, period: str, revision: int = 1) -> str:
    return f"kn-{period}-{scheme}-r{revision}"


def scored(standing: SchemeStanding, period: str, rank: int | None = None, revision: int = 1) -> Event:
    s = standing
    previous = None
    if s.previous_grade or s.previous_rank:
        previous = {"period": previous_period(period), "marks": s.previous_marks,
                    "grade": s.previous_grade, "rank": s.previous_rank, "of": s.previous_of}
    data = {"scheme": s.scheme.id, "department": s.scheme.department.id, "district": DISTRICT, "period": period,
            "marks": s.marks, "grade": s.grade, "rank": rank or s.rank, "of": s.of, "kpis": dict(s.kpis),
            "previous": previous, "status": "scored",
            "submission_id": submission_id(s.scheme.id, period, revision), "revision": revision}
    return SCORES_UPDATED, DISTRICT, event_bytes(SCHEME_SCORED, data, source="scoring")


def submitted(scheme: str, period: str, values: Mapping[str, float], revision: int = 1) -> Event:
    data = {"submission_id": submission_id(scheme, period, revision), "scheme": scheme, "district": DISTRICT,
            "period": period, "revision": revision, "values": dict(values)}
    return PROGRESS_SUBMITTED, scheme, event_bytes(SUBMITTED, data, source="portal")


def ranked(scheme: str, period: str, rank: int, marks: float, grade: str | None, final: bool = False) -> Event:
    data = {"scheme": scheme, "period": period, "final": final, "of": 75, "coverage": 1.0,
            "ranks": [{"district": "lucknow", "marks": 9.9, "grade": "A", "rank": 1},
                      {"district": DISTRICT, "marks": marks, "grade": grade, "rank": rank}]}
    return RANKS_UPDATED, scheme, event_bytes(SCHEME_RANKED, data, source="scoring")


def composite_events() -> list[Event]:
    events = []
    for point in kanpur_march_2026().composite_history:
        categories = {c: {"rank": r, "marks": m} for c, (r, m) in point.categories.items()}
        data = {"period": point.period, "final": point.period != "2026-03", "of": point.of,
                "ranks": [{"district": DISTRICT, "marks": point.marks, "rank": point.rank, "categories": categories}]}
        events.append((RANKS_UPDATED, COMPOSITE_KEY, event_bytes(COMPOSITE_RANKED, data, source="scoring")))
    return events


def grade_drop_alert() -> Event:
    [fact] = kanpur_march_2026().alerts
    data: dict[str, Any] = {
        "alert_id": fact.alert_id, "type": fact.type, "severity": fact.severity, "status": "open",
        "district": DISTRICT, "scheme": fact.scheme, "department": "social-welfare", "period": "2026-03",
        "previous": {"period": "2026-02", "grade": "B", "rank": 53, "of": 75, "marks": 6.88},
        "current": {"period": "2026-03", "grade": "D", "rank": 71, "of": 75, "marks": 1.57},
        "driver": {"kpi": fact.driver_kpi, "before": fact.driver_before, "after": fact.driver_after},
        "officer": {"hi": "जिला समाज कल्याण अधिकारी", "en": "District Social Welfare Officer"},
        "message": {"hi": "श्रेणी बी से डी", "en": "Grade B to D"}, "provisional": False,
        "raised_at": "2026-03-26T10:00:00Z",
    }
    return ALERTS, DISTRICT, event_bytes(ALERT_RAISED, data, source="alerts")


def january() -> list[Event]:
    jsy = SchemeStanding(scheme=JSY, grade="D", rank=64, of=75, marks=1.9, kpis={"paid": 0.19})
    return [submitted("jsy", "2026-01", {"institutional_deliveries": 9000, "beneficiaries_paid": 1710}),
            scored(jsy, "2026-01")]


def february() -> list[Event]:
    jsy = SchemeStanding(scheme=JSY, grade="D", rank=66, of=75, marks=1.85, kpis={"paid": 0.185},
                         previous_grade="D", previous_rank=64)
    prematric = SchemeStanding(scheme=GENERAL_PREMATRIC, grade="D", rank=62, of=75, marks=0.9, kpis={"disposal": 0.0})
    return [scored(jsy, "2026-02"), scored(prematric, "2026-02")]


def march() -> list[Event]:
    """Composite history, the scored schemes with their figures, the ranking and the alert.

    The post-matric scholarship is first published at a provisional 69th; the ranking that
    follows puts it at 71st, which the minutes must state.
    """
    events = composite_events()
    for s in kanpur_march_2026().standings:
        if s.figures:
            events.append(submitted(s.scheme.id, "2026-03", dict(s.figures)))
        provisional = 69 if s.scheme.id == "sc-postmatric-scholarship" else None
        events.append(scored(s, "2026-03", rank=provisional))
    events.append(ranked("sc-postmatric-scholarship", "2026-03", 71, 1.57, "D"))
    events.append(grade_drop_alert())
    return events


# February's scores are known to the service, so two items name the KPI that moved since
# then, where the pure golden input (without last month's KPI scores) names none.
MOVED_SINCE_FEBRUARY = ("jsy", "general-prematric-scholarship")


def comparable(content: dict[str, Any]) -> dict[str, Any]:
    """Minutes content made comparable with the pure assembly of the golden input."""
    out = {k: v for k, v in content.items() if k not in ("status", "ranks_final")}
    out["sections"] = [
        {**s, "items": [{k: v for k, v in i.items() if not (k == "driver" and i["scheme"] in MOVED_SINCE_FEBRUARY)}
                        for i in s["items"]]}
        for s in content["sections"]
    ]
    return out
