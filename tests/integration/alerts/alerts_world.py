"""A scenario for the alerts service: three months (January's finals as history, then February
and March in full) for every district and four schemes, with missing, late, implausible,
corrected and recovering figures; built as the contract's event payloads."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from shared.catalog import Scheme
from shared.districts import load_districts
from tests.unit.alerts.alerts_builders import scheme

HISTORY, FEBRUARY, MARCH = "2026-01", "2026-02", "2026-03"
SOCIAL = {"id": "social-welfare", "name": {"hi": "समाज कल्याण विभाग", "en": "Social Welfare"}}
HEALTH = {"id": "medical-health", "name": {"hi": "चिकित्सा विभाग", "en": "Medical Health"}}
Event = dict[str, Any]


def catalogue() -> list[Scheme]:
    return [
        scheme("t-scholarship", department=SOCIAL), scheme("t-pension", department=SOCIAL),
        scheme("t-jsy", department=HEALTH), scheme("t-ungraded", department=HEALTH, graded=False),
    ]


def grade(marks: float, graded: bool = True) -> str | None:
    if not graded:
        return None
    return "A" if marks >= 9 else "B" if marks >= 6 else "C" if marks >= 3 else "D"


def competition_ranks(marks: dict[str, float]) -> dict[str, int]:
    ordered = sorted(marks.values(), reverse=True)
    return {d: ordered.index(m) + 1 for d, m in marks.items()}


@dataclass
class Month:
    """The events of one month, in the waves the test publishes them."""

    period: str
    first: list[tuple[str, Event]] = field(default_factory=list)  # (district, scheme.scored.v1)
    provisional: list[Event] = field(default_factory=list)  # scheme.ranked.v1, final false
    late: list[tuple[str, Event]] = field(default_factory=list)  # scored after the deadline
    finals: list[Event] = field(default_factory=list)  # scheme.ranked.v1, final true
    composite: Event | None = None


@dataclass
class World:
    seed: int = 5
    schemes: list[Scheme] = field(default_factory=catalogue)
    districts: list[str] = field(default_factory=lambda: [d.id for d in load_districts()])

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        # Five districts do badly everywhere, always: grade D three months running, bottom ten.
        self.laggards = self.districts[-5:]
        self.final_results: dict[tuple[str, str, str], dict[str, Any]] = {}

    def marks(self, district: str) -> float:
        if district in self.laggards:
            return round(self.rng.uniform(0.0, 2.5), 2)
        return round(self.rng.uniform(0.0, 10.0), 2)

    def history(self) -> Month:
        month = Month(HISTORY)
        figures = {(s.id, d): self.marks(d) for s in self.schemes for d in self.districts}
        self._close(month, figures)
        return month

    def february(self) -> Month:
        month = Month(FEBRUARY)
        figures = {(s.id, d): self.marks(d) for s in self.schemes for d in self.districts}
        month.first = [self._scored(s, d, FEBRUARY, m) for (s, d), m in figures.items()]
        self._close(month, figures)
        return month

    def march(self) -> Month:
        month = Month(MARCH)
        graded = [s.id for s in self.schemes if s.graded]
        ordinary = [d for d in self.districts if d not in self.laggards]
        picks = self.rng.sample([(s, d) for s in graded for d in ordinary], 10)
        missing, late, implausible, corrected = picks[:3], picks[3:5], picks[5:7], picks[7:10]
        # Recovering pairs need a grade to lose: not in D last month.
        fallible = [(s, d) for s in graded for d in ordinary if (s, d) not in picks
                    and self.final_results[(s, d, FEBRUARY)]["grade"] != "D"]
        recovering = self.rng.sample(fallible, 3)
        figures = {(s.id, d): self.marks(d) for s in self.schemes for d in self.districts}
        for pair in recovering:  # a fall into D, then a revision back at least to last month's grade
            figures[pair] = max(self.final_results[(pair[0], pair[1], FEBRUARY)]["marks"], 6.0)
        before_deadline = {p: m for p, m in figures.items() if p not in {*missing, *late}}
        for (s, d), m in before_deadline.items():
            if (s, d) in implausible or (s, d) in corrected:
                month.first.append(self._quarantined(s, d, MARCH))
                if (s, d) in corrected:
                    month.first.append(self._scored(s, d, MARCH, m, revision=2))
            elif (s, d) in recovering:
                month.first += [self._scored(s, d, MARCH, 1.0), self._scored(s, d, MARCH, m, revision=2)]
            else:
                month.first.append(self._scored(s, d, MARCH, m))
        ranked = {p: m for p, m in before_deadline.items() if p not in implausible}
        month.provisional = [self._ranking(s.id, MARCH, ranked, final=False) for s in self.schemes]
        # A ranking of the first 60 reporters is under the 90 % line: it must raise nothing.
        early = {(s, d): m for (s, d), m in ranked.items() if d in self.districts[:60]}
        month.provisional.insert(0, self._ranking(graded[0], MARCH, early, final=False))
        month.late = [self._scored(s, d, MARCH, 1.0) for s, d in late]
        ranked |= {pair: 1.0 for pair in late}
        self._close(month, ranked)
        return month

    def _close(self, month: Month, figures: dict[tuple[str, str], float]) -> None:
        month.finals = [self._ranking(s.id, month.period, figures, final=True) for s in self.schemes]
        for ranking in month.finals:
            for entry in ranking["ranks"]:
                self.final_results[(ranking["scheme"], entry["district"], month.period)] = {
                    "period": month.period, "marks": entry["marks"], "grade": entry["grade"],
                    "rank": entry["rank"], "of": ranking["of"]}
        month.composite = self._composite(month.period, figures)

    def _ranking(self, scheme_id: str, period: str, figures: dict[tuple[str, str], float], final: bool) -> Event:
        graded = next(s for s in self.schemes if s.id == scheme_id).graded
        marks = {d: m for (s, d), m in figures.items() if s == scheme_id}
        ranks = competition_ranks(marks)
        entries = [{"district": d, "marks": m, "grade": grade(m, graded), "rank": ranks[d]} for d, m in marks.items()]
        return {"scheme": scheme_id, "period": period, "final": final, "of": len(self.districts),
                "coverage": round(len(entries) / len(self.districts), 4),
                "ranks": sorted(entries, key=lambda e: (e["rank"], e["district"]))}

    def _composite(self, period: str, figures: dict[tuple[str, str], float]) -> Event:
        graded = [s.id for s in self.schemes if s.graded]
        marks = {d: round(sum(figures.get((s, d), 0.0) for s in graded) / len(graded), 2) for d in self.districts}
        ranks = competition_ranks(marks)
        entries = [{"district": d, "marks": m, "rank": ranks[d]} for d, m in marks.items()]
        return {"period": period, "final": True, "of": len(self.districts),
                "ranks": sorted(entries, key=lambda e: (e["rank"], e["district"]))}

    def _scored(self, scheme_id: str, district: str, period: str, marks: float, revision: int = 1) -> tuple[str, Event]:
        graded = next(s for s in self.schemes if s.id == scheme_id).graded
        return district, {
            "scheme": scheme_id, "department": "x", "district": district, "period": period, "marks": marks,
            "grade": grade(marks, graded), "rank": None, "of": None, "kpis": {"disposal": round(marks / 10, 4)},
            "previous": self._previous(scheme_id, district, period), "status": "scored",
            "submission_id": f"{scheme_id}-{district}-{period}-r{revision}", "revision": revision,
        }

    def _quarantined(self, scheme_id: str, district: str, period: str) -> tuple[str, Event]:
        _, event = self._scored(scheme_id, district, period, 0.0)
        return district, {**event, "marks": None, "grade": None, "kpis": {}, "status": "quarantined",
                          "submission_id": f"{scheme_id}-{district}-{period}-bad"}

    def _previous(self, scheme_id: str, district: str, period: str) -> dict[str, Any] | None:
        before = {FEBRUARY: HISTORY, MARCH: FEBRUARY}[period]
        return self.final_results.get((scheme_id, district, before))


def accepted_pairs(events: Iterable[tuple[str, Event]]) -> set[tuple[str, str]]:
    """(scheme, district) with scored figures among these events."""
    return {(e["scheme"], e["district"]) for _, e in events if e["status"] == "scored"}
