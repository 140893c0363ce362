"""The state overview as data: the composite ranking with movement, the grade census, the
largest movers, the scorecard heat map and the map's colour classes. Pure: the payloads of the
scoring API and the reference data come in, plain values go out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from shared.catalog import Names, Scheme

Sort = Literal["rank", "name", "d"]
SORTS: tuple[Sort, ...] = ("rank", "name", "d")
RANK_BANDS = 5  # the map's rank colouring: five equal bands of the ranked districts


@dataclass(frozen=True)
class Unit:
    """A district as the overview needs it."""

    id: str
    name: Names
    division: str


@dataclass(frozen=True)
class RankRow:
    unit: Unit
    rank: int | None
    of: int | None
    marks: float | None
    previous_rank: int | None
    d_count: int | None = None

    @property
    def move(self) -> int | None:
        """Places gained since the previous period (positive: up the table)."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


def movement(current: Mapping[str, Any], previous: Mapping[str, Any] | None) -> dict[str, int]:
    """Each district's rank in the previous composite, for the arrows."""
    return {r["district"]: int(r["rank"]) for r in (previous or {}).get("ranks", [])}


def d_counts(scorecard: Mapping[str, Any] | None, graded: Iterable[str]) -> dict[str, int]:
    """How many graded schemes each district holds in grade D."""
    ids = set(graded)
    out: dict[str, int] = {}
    for district, cells in (scorecard or {}).get("districts", {}).items():
        out[district] = sum(1 for s, c in cells.items() if s in ids and c.get("grade") == "D")
    return out


def ranking(units: Sequence[Unit], composite: Mapping[str, Any] | None, previous: Mapping[str, Any] | None,
            counts: Mapping[str, int]) -> list[RankRow]:
    """Every unit, ranked ones first in rank order, then the unranked by name."""
    rows = {r["district"]: r for r in (composite or {}).get("ranks", [])}
    before = movement(composite or {}, previous)
    of = (composite or {}).get("of")
    out = [RankRow(u, rows[u.id]["rank"] if u.id in rows else None, of if u.id in rows else None,
                   rows[u.id]["marks"] if u.id in rows else None, before.get(u.id), counts.get(u.id))
           for u in units]
    return sorted(out, key=lambda r: (r.rank is None, r.rank or 0, r.unit.name.en))


def census(counts: Mapping[str, int]) -> list[tuple[int, int]]:
    """(number of D-grade schemes, number of districts holding that many), fewest first."""
    tally = Counter(counts.values())
    return sorted(tally.items())


def movers(rows: Sequence[RankRow], n: int = 5) -> tuple[list[RankRow], list[RankRow]]:
    """The n largest rises and the n largest falls (ties by rank)."""
    moved = [r for r in rows if r.move]
    up = sorted((r for r in moved if (r.move or 0) > 0), key=lambda r: (-(r.move or 0), r.rank or 0))[:n]
    down = sorted((r for r in moved if (r.move or 0) < 0), key=lambda r: (r.move or 0, r.rank or 0))[:n]
    return up, down


def rank_band(row: RankRow, bands: int = RANK_BANDS) -> int | None:
    """1 (top fifth) … 5 (bottom fifth) of the ranked districts; None when unranked."""
    if row.rank is None or not row.of:
        return None
    return min(bands, 1 + (row.rank - 1) * bands // row.of)


def d_band(count: int | None) -> int | None:
    """The map's grade colouring: 1 = no D-grade scheme, 2 = one or two, 3 = three to five, 4 = six or more."""
    if count is None:
        return None
    return 1 if count == 0 else 2 if count <= 2 else 3 if count <= 5 else 4


@dataclass(frozen=True)
class HeatRow:
    row: RankRow
    cells: tuple[tuple[str | None, str], ...]  # (grade, status) per column; status "" when unreported


def heatmap(rows: Sequence[RankRow], scorecard: Mapping[str, Any] | None, columns: Sequence[Scheme],
            sort: Sort) -> list[HeatRow]:
    """Districts × schemes of grades, sorted by composite rank, name, or most D grades first."""
    cells = (scorecard or {}).get("districts", {})
    out = []
    for row in rows:
        mine = cells.get(row.unit.id, {})
        out.append(HeatRow(row, tuple((mine.get(s.id, {}).get("grade"), mine.get(s.id, {}).get("status", ""))
                                      for s in columns)))
    if sort == "name":
        out.sort(key=lambda h: h.row.unit.name.en)
    elif sort == "d":
        out.sort(key=lambda h: (-sum(1 for g, _ in h.cells if g == "D"), h.row.rank or 10**9))
    return out


def in_division(rows: Sequence[RankRow], division: str | None) -> list[RankRow]:
    return [r for r in rows if division is None or r.unit.division == division]


def with_counts(rows: Sequence[RankRow], counts: Mapping[str, int]) -> list[RankRow]:
    return [replace(r, d_count=counts.get(r.unit.id)) for r in rows]
