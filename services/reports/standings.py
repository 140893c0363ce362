"""From the read models to the domain's `MinutesInput`: pure translation, no database.

The repository loads the documents of one district and period into `Facts`; `build_input`
joins them: each catalogue scheme's latest score with the figures of the submission that
was counted, its rank in the latest ranking (when that ranking ranks the marks the district
has now), last period's KPI scores, the year's composite ranks, the open alerts, and the
items and directives of the previous period's final minutes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from services.reports.domain.inputs import (
    AlertFact,
    CompositePoint,
    District,
    MinutesInput,
    PriorItem,
    SchemeStanding,
    Signature,
)
from services.reports.domain.meeting import meeting_date
from services.reports.domain.meeting_record import record_from
from services.reports.records import submission_key
from shared.catalog import Names, Scheme

Doc = Mapping[str, Any]


@dataclass(frozen=True)
class Texts:
    """The configurable texts of the minutes; None keeps the domain's defaults."""

    instructions: tuple[Names, ...] | None = None
    signature: Signature | None = None


@dataclass(frozen=True)
class Facts:
    """Everything stored about one district and period, as loaded from MongoDB."""

    district: District
    period: str
    schemes: Sequence[Scheme]
    scores: Mapping[str, Doc]  # scheme id -> latest scheme.scored.v1 data
    previous_scores: Mapping[str, Doc] = field(default_factory=dict)  # last period's, by scheme
    figures: Mapping[str, Mapping[str, float]] = field(default_factory=dict)  # by records.submission_key
    ranks: Mapping[str, Doc] = field(default_factory=dict)  # scheme id -> this district's entry
    composites: Sequence[Doc] = ()  # composite entries of the financial year
    alerts: Sequence[Doc] = ()
    prior_minutes: Doc | None = None  # the previous period's final version
    prior_alert_status: Mapping[str, str] = field(default_factory=dict)
    directives: Mapping[str, str] = field(default_factory=dict)
    meeting: Doc | None = None  # letter number, issue date and attendance, as recorded


def build_input(facts: Facts, meeting_day: int, texts: Texts = Texts()) -> MinutesInput:
    """The domain's input for `assemble` and `assemble_booklet`."""
    return MinutesInput(
        district=facts.district,
        period=facts.period,
        meeting_date=meeting_date(facts.period, meeting_day),
        standings=tuple(_standing(s, facts) for s in facts.schemes),
        composite_history=tuple(composite_point(e) for e in facts.composites),
        alerts=tuple(alert_fact(a) for a in facts.alerts if a.get("status") != "resolved"),
        prior_items=prior_items(facts.prior_minutes, facts.prior_alert_status),
        directives=dict(facts.directives),
        instructions=texts.instructions,
        signature=texts.signature,
        record=record_from(facts.meeting),
    )


def _standing(scheme: Scheme, facts: Facts) -> SchemeStanding:
    score = facts.scores.get(scheme.id)
    if score is None:
        return SchemeStanding(scheme=scheme, status="missing")
    previous = score.get("previous") or {}
    last = facts.previous_scores.get(scheme.id) or {}
    common: dict[str, Any] = {
        "figures": dict(facts.figures.get(submission_key(scheme.id, str(score.get("submission_id"))), {})),
        "previous_marks": previous.get("marks"), "previous_grade": previous.get("grade"),
        "previous_rank": previous.get("rank"), "previous_of": previous.get("of"),
        "previous_kpis": dict(last.get("kpis") or {}) if last.get("status") == "scored" else {},
        "previous_figures": dict(facts.figures.get(str(last.get("submission_id")), {}))
        if last.get("status") == "scored" else {},
    }
    if score.get("status") != "scored":
        return SchemeStanding(scheme=scheme, status="quarantined", **common)
    rank, of = current_rank(score, facts.ranks.get(scheme.id))
    return SchemeStanding(scheme=scheme, status="scored", marks=score.get("marks"), grade=score.get("grade"),
                          rank=rank, of=of, kpis=dict(score.get("kpis") or {}), **common)


def current_rank(score: Doc, entry: Doc | None) -> tuple[int | None, int | None]:
    """The latest ranking's place when it ranks the marks the district has now; otherwise the
    rank the score was published with (the ranking is published at most once a second, so
    it may not have caught up with the newest score yet)."""
    if entry is not None and entry.get("marks") == score.get("marks"):
        return entry.get("rank"), entry.get("of")
    return score.get("rank"), score.get("of")


def composite_point(entry: Doc) -> CompositePoint:
    categories = {c: (int(v["rank"]), float(v["marks"])) for c, v in (entry.get("categories") or {}).items()}
    return CompositePoint(period=entry["period"], rank=int(entry["rank"]), of=int(entry["of"]),
                          marks=float(entry["marks"]), categories=categories)


def alert_fact(alert: Doc) -> AlertFact:
    driver = alert.get("driver") or {}
    return AlertFact(alert_id=alert["alert_id"], type=alert["type"], scheme=alert.get("scheme"),
                     severity=alert["severity"], driver_kpi=driver.get("kpi"),
                     driver_before=driver.get("before"), driver_after=driver.get("after"))


def prior_items(final: Doc | None, alert_status: Mapping[str, str]) -> tuple[PriorItem, ...]:
    """The items of the previous period's final minutes.

    An item counts as resolved when it cited alerts and every one of them has since been
    resolved (the district recovered the grade it lost): its directive is then not carried
    over. An item without alerts stays open: nothing says the matter was closed.
    """
    if final is None:
        return ()
    return tuple(
        PriorItem(scheme=item["scheme"], item_id=item["item_id"], directive=item.get("directive"),
                  meetings=int(item.get("meetings") or 1), resolved=_resolved(item, alert_status))
        for section in final.get("sections") or ()
        for item in section.get("items") or ()
    )


def _resolved(item: Doc, alert_status: Mapping[str, str]) -> bool:
    cited: Sequence[str] = item.get("alerts") or ()
    return bool(cited) and all(alert_status.get(a) == "resolved" for a in cited)
