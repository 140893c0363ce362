"""The alerts a scenario must produce, worked out with plain logic that shares no code with the
service: DESIGN.md §3's table, the alert id (type:district:scheme:period:to-state),
inhibition by open data problems, resolution by corrections, late figures and regained grades."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

INHIBITORS = {"missed_deadline", "implausible_data"}
INHIBITED = {"grade_drop", "entered_grade_d", "rank_drop"}
STEPS = {"A": 0, "B": 1, "C": 2, "D": 3}
THRESHOLD = 10
Event = dict[str, Any]


def month_before(period: str) -> str:
    year, month = int(period[:4]), int(period[5:])
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def financial_year(period: str) -> int:
    year, month = int(period[:4]), int(period[5:])
    return year if month >= 4 else year - 1


@dataclass
class Known:
    type: str
    where: tuple[str, str | None, str]
    status: str
    lost: str | None = None


@dataclass
class Reference:
    alerts: dict[str, Known] = field(default_factory=dict)
    raised: list[str] = field(default_factory=list)  # published alert.raised.v1, by alert id
    resolved: list[str] = field(default_factory=list)  # published alert.resolved.v1
    finals: dict[tuple[str | None, str], Event] = field(default_factory=dict)

    def _raise(self, type_: str, district: str, scheme: str | None, period: str, to: str,
               lost: str | None = None) -> None:
        alert_id = f"{type_}:{district}:{scheme or '-'}:{period}:{to}"
        if alert_id in self.alerts:
            return
        where = (district, scheme, period)
        inhibited = type_ in INHIBITED and any(
            k.type in INHIBITORS and k.status != "resolved" and k.where == where for k in self.alerts.values())
        self.alerts[alert_id] = Known(type_, where, "silenced" if inhibited else "open", lost)
        if not inhibited:
            self.raised.append(alert_id)

    def _resolve(self, alert_ids: Iterable[str]) -> None:
        for alert_id in list(alert_ids):
            known = self.alerts[alert_id]
            if known.status != "resolved":
                if known.status != "silenced":
                    self.resolved.append(alert_id)
                known.status = "resolved"

    def scored(self, e: Event) -> None:
        d, s, p = e["district"], e["scheme"], e["period"]
        if e["status"] == "quarantined":
            self._raise("implausible_data", d, s, p, e["submission_id"])
            return
        mine = {i: k for i, k in self.alerts.items() if k.where == (d, s, p)}
        self._resolve(i for i, k in mine.items() if k.type in INHIBITORS)  # corrected, or arrived late
        now, before = e["grade"], (e["previous"] or {}).get("grade")
        if now is None:
            return
        regained = [i for i, k in mine.items() if k.type == "grade_drop" and k.status == "open"
                    and STEPS[now] <= STEPS[k.lost or "A"]]
        self._resolve(regained)
        if before and STEPS[now] > STEPS[before]:
            self._raise("grade_drop", d, s, p, now, lost=before)
        if now == "D" and before != "D":
            self._raise("entered_grade_d", d, s, p, "D")
        if regained:
            self._raise("recovered", d, s, p, now)

    def ranking(self, r: Event) -> None:
        s, p = r["scheme"], r["period"]
        previous = self.finals.get((s, month_before(p)))
        if r["final"]:
            self.finals[(s, p)] = r
        if previous and (r["final"] or r["coverage"] >= 0.9):
            old = {e["district"]: e["rank"] for e in previous["ranks"]}
            for e in r["ranks"]:
                if e["district"] in old and e["rank"] - old[e["district"]] >= THRESHOLD:
                    self._raise("rank_drop", e["district"], s, p, "final" if r["final"] else "provisional")
        if r["final"]:
            months = [p, month_before(p), month_before(month_before(p))]
            for e in r["ranks"]:
                if all(self._final_grade(s, m, e["district"]) == "D" for m in months):
                    self._raise("persistent_grade_d", e["district"], s, p, "D")

    def _final_grade(self, scheme: str, period: str, district: str) -> str | None:
        ranking = self.finals.get((scheme, period), {"ranks": []})
        return next((e["grade"] for e in ranking["ranks"] if e["district"] == district), None)

    def composite(self, c: Event) -> None:
        p = c["period"]
        previous = self.finals.get((None, month_before(p)))
        self.finals[(None, p)] = c
        if previous:
            old = {e["district"]: e["rank"] for e in previous["ranks"]}
            for e in c["ranks"]:
                if e["district"] in old and e["rank"] - old[e["district"]] >= THRESHOLD:
                    self._raise("composite_rank_drop", e["district"], None, p, "final")
        same_year = [r for (s, q), r in self.finals.items() if s is None and q <= p
                     and financial_year(q) == financial_year(p)]
        for e in c["ranks"]:
            if e["rank"] <= c["of"] - 10:
                continue
            count = sum(1 for r in same_year for x in r["ranks"] if x["district"] == e["district"]
                        and x["rank"] > r["of"] - 10)
            if count >= 3:
                self._raise("bottom_ten_repeat", e["district"], None, p, str(count))

    def deadline(self, period: str, graded: Iterable[str], districts: Iterable[str],
                 accepted: set[tuple[str, str]]) -> None:
        for s in graded:
            for d in districts:
                if (s, d) not in accepted:
                    self._raise("missed_deadline", d, s, period, "missing")
