"""A small world for the scoring service's integration tests: ten schemes of every kind, a
month of figures for every district, and a plain reference computation of marks, grades and
ranks that shares no code with the service."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from shared.catalog import Scheme
from shared.districts import load_districts
from tests.unit.scoring.scoring_builders import kpi, scheme

MONTH = "2026-02"
NEXT = "2026-03"
TODAY = "2026-03-28"


def catalogue() -> list[Scheme]:
    """Ten schemes: ratios, pendencies, percents, several KPIs, floors, bands, categories, weights."""
    return [
        scheme("t-ratio", [kpi("paid", numerator="paid", denominator="due")]),
        scheme("t-pendency", [kpi("disposal", "inverse_ratio", numerator=["pending_a", "pending_b"],
                                  denominator="received", floor=0.9, target=0.98)]),
        scheme("t-percent", [kpi("progress", "percent", value="progress")]),
        scheme("t-two-kpis", [kpi("built", numerator="built", denominator="sanctioned", weight=2.0),
                              kpi("pending", "inverse_ratio", numerator="pending", denominator="applied")]),
        scheme("t-ungraded", [kpi("covered", numerator="covered", denominator="eligible")], graded=False),
        scheme("t-bands", [kpi("done", numerator="done", denominator="due")],
               grade_bands={"A": 8.0, "B": 5.0, "C": 2.0}),
        scheme("t-revenue", [kpi("collected", numerator="collected", denominator="demand")],
               category="revenue", composite_weight=2.0),
        scheme("t-revenue-percent", [kpi("disposed", "percent", value="disposed")], category="revenue"),
        scheme("t-floor", [kpi("seeded", numerator="seeded", denominator="accounts", floor=0.5, target=0.9)]),
        scheme("t-sums", [kpi("reached", numerator=["reached_urban", "reached_rural"],
                              denominator=["target_urban", "target_rural"])]),
    ]


def districts() -> list[str]:
    return [d.id for d in load_districts()]


def figures(s: Scheme, rng: random.Random) -> dict[str, float]:
    """Plausible figures for every input field of `s` (whole counts, as portals send)."""
    values: dict[str, float] = {}
    for k in s.kpis:
        if k.kind == "percent":
            values[k.value or ""] = float(rng.randint(0, 100))
            continue
        bottom = [rng.randint(50, 5000) for _ in k.denominator_fields]
        values.update(zip(k.denominator_fields, map(float, bottom), strict=True))
        share = sum(bottom) / len(k.numerator_fields)
        for name in k.numerator_fields:
            values[name] = float(rng.randint(0, int(share * (0.4 if k.kind == "inverse_ratio" else 1.0))))
    return values


@dataclass(frozen=True)
class Submission:
    submission_id: str
    scheme: str
    district: str
    period: str
    values: dict[str, float]
    revision: int = 1

    def data(self) -> dict[str, Any]:
        return {"submission_id": self.submission_id, "scheme": self.scheme, "district": self.district,
                "period": self.period, "revision": self.revision, "values": self.values,
                "submitted_by": "test portal"}


def month(period: str, seed: int = 7) -> list[Submission]:
    """Every district's figures for every scheme; in each scheme the first four districts
    report identical figures, so that they tie."""
    rng = random.Random(seed)
    out = []
    for s in catalogue():
        tied = figures(s, rng)
        for i, d in enumerate(districts()):
            values = dict(tied) if i < 4 else figures(s, rng)
            out.append(Submission(f"{period}-{s.id}-{d}-r1", s.id, d, period, values))
    return out


# ---- the reference: plain arithmetic, written apart from the service's domain ---------------

def half_up(x: float, places: int = 2) -> float:
    cleaned = Decimal(repr(round(x, 9)))
    return float(cleaned.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def reference_marks(s: Scheme, values: Mapping[str, float]) -> float:
    total = 0.0
    for k in s.kpis:
        if k.kind == "percent":
            r = values[k.value or ""] / 100
        else:
            top = sum(values[f] for f in k.numerator_fields)
            bottom = sum(values[f] for f in k.denominator_fields)
            if bottom == 0:
                r = 1.0 if k.kind == "inverse_ratio" and top == 0 else 0.0
            else:
                r = 1 - top / bottom if k.kind == "inverse_ratio" else top / bottom
        total += k.weight * min(1.0, max(0.0, (r - k.floor) / (k.target - k.floor)))
    return half_up(10 * total / math.fsum(k.weight for k in s.kpis))


def reference_grade(s: Scheme, marks: float) -> str | None:
    if not s.graded:
        return None
    for letter in ("A", "B", "C"):
        if marks >= s.grade_bands[letter]:
            return letter
    return "D"


def competition_ranks(marks: Mapping[str, float]) -> dict[str, int]:
    """1 + how many have strictly more: equal marks share a rank (1, 2, 2, 4)."""
    return {u: 1 + sum(1 for other in marks.values() if other > m) for u, m in marks.items()}


def reference_composite(accepted: Mapping[tuple[str, str], float], schemes: Iterable[Scheme]) -> dict[str, float]:
    """Weighted mean of two-decimal marks over graded schemes, missing counting 0, for every
    district with marks on at least one graded scheme. `accepted` maps (scheme, district)."""
    graded = [s for s in schemes if s.graded]
    weight = sum(s.composite_weight for s in graded)
    units = {d for (sid, d) in accepted if any(s.id == sid for s in graded)}
    return {d: half_up(sum(s.composite_weight * accepted.get((s.id, d), 0.0) for s in graded) / weight)
            for d in units}


def stream(period: str) -> list[Submission]:
    """A month with what real streams carry besides: second revisions (some arriving before the
    first), redelivered duplicates and a few implausible figures."""
    first = month(period)
    rng = random.Random(11)
    out = list(first)
    for i, s in enumerate(first):
        if i % 7 == 0:
            values = figures(next(x for x in catalogue() if x.id == s.scheme), rng)
            out.insert(max(0, i - 3 * (i % 2)), Submission(f"{s.submission_id[:-3]}-r2", s.scheme, s.district,
                                                           period, values, 2))
        if i % 11 == 0:
            out.append(s)
        if i % 97 == 5 and s.scheme != "t-percent" and s.scheme != "t-revenue-percent":
            k = next(x for x in catalogue() if x.id == s.scheme).kpis[0]
            wild = {**s.values, k.numerator_fields[0]: 99 * sum(s.values[f] for f in k.denominator_fields) + 1}
            out.append(Submission(f"{s.submission_id[:-3]}-r5", s.scheme, s.district, period, wild, 5))
    return out
