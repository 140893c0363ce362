"""Peer groups: a district's rank among comparable districts, beside its state rank (issue 21).

Two groupings (docs/peers.md):
- its division (मण्डल), the districts its Divisional Commissioner reviews together;
- its baseline band: districts alike in where they started, by two Census 2011 indicators a
  district officer knows — the literacy rate (literates per 100 persons) and the share of
  workers who do not work in farming. Each district is ranked on each indicator (highest
  first, equal values sharing a rank), its baseline score is the mean of its two ranks, and
  the districts in order of that score (ties by id) are cut into five bands of equal size
  (15 each for 75): band 1 the most literate and least agricultural, band 5 the least.

Within a group, districts are ranked like the state ranking: by two-decimal marks, equal
marks sharing a rank (1, 2, 2, 4), of the group's districts that have marks.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from services.scoring.domain.ranking import Ranking
from services.scoring.domain.rounding import round_half_up

BANDS = 5


class CensusCounts(Protocol):
    """A district's baseline counts (`shared.baselines.Baseline` is one)."""

    @property
    def population(self) -> int: ...
    @property
    def literates(self) -> int: ...
    @property
    def workers(self) -> int: ...
    @property
    def cultivators(self) -> int: ...
    @property
    def agricultural_labourers(self) -> int: ...


@dataclass(frozen=True)
class Indicators:
    """The two baseline indicators, in percent with two decimals."""

    literacy: float
    non_farm: float


@dataclass(frozen=True)
class PeerRank:
    """A rank within a group: "3rd of 6 in Kanpur division"."""

    group: str
    rank: int
    of: int


def indicators(counts: CensusCounts) -> Indicators:
    """Literates per 100 persons; workers outside farming (cultivators and agricultural
    labourers) per 100 workers. Zero populations or workforces give 0."""
    literacy = 100 * counts.literates / counts.population if counts.population else 0.0
    farm = counts.cultivators + counts.agricultural_labourers
    non_farm = 100 * (counts.workers - farm) / counts.workers if counts.workers else 0.0
    return Indicators(literacy=round_half_up(literacy, 2), non_farm=round_half_up(non_farm, 2))


def _ranks(values: Mapping[str, float]) -> dict[str, int]:
    """Competition ranks, highest value first: 1 + how many have a higher value."""
    negated = sorted(-value for value in values.values())
    return {district: bisect_left(negated, -value) + 1 for district, value in values.items()}


def baseline_scores(counts: Mapping[str, CensusCounts]) -> dict[str, float]:
    """Each district's baseline score: the mean of its ranks on literacy and non-farm work."""
    found = {district: indicators(c) for district, c in counts.items()}
    literacy = _ranks({d: i.literacy for d, i in found.items()})
    non_farm = _ranks({d: i.non_farm for d, i in found.items()})
    return {d: (literacy[d] + non_farm[d]) / 2 for d in found}


def baseline_bands(counts: Mapping[str, CensusCounts], bands: int = BANDS) -> dict[str, str]:
    """Each district's baseline band, "band-1" (most literate, least agricultural) to
    "band-<bands>"; bands differ in size by at most one district."""
    scores = baseline_scores(counts)
    order = sorted(scores, key=lambda d: (scores[d], d))
    return {district: f"band-{position * bands // len(order) + 1}" for position, district in enumerate(order)}


def group_ranks(marks: Mapping[str, float], group_of: Mapping[str, str]) -> dict[str, PeerRank]:
    """Each district's rank within its group (division, or baseline band) by `marks`
    (district → marks); districts without marks or without a group are left out."""
    rankings: dict[str, Ranking] = {}
    for district, value in marks.items():
        group = group_of.get(district)
        if group is not None:
            rankings.setdefault(group, Ranking()).upsert(district, value)
    return {
        district: PeerRank(group=group, rank=rank, of=ranking.of)
        for group, ranking in rankings.items()
        for district, _, rank in ranking.standings()
    }
