"""Each district's own level and trend on each scheme, and its size.

Every number comes from a random generator seeded by (seed, what it is for), never from a
shared stream, so a district's figures do not change when other districts or schemes are
left out, and the same seed always gives the same year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from random import Random

from anushravan.sim.calendar import fy_index

STRUGGLING = 0.04
KNEE = 8.8


def keyed_rng(seed: int, *parts: str) -> Random:
    """A generator for one purpose: the same seed and parts always give the same numbers."""
    return Random("\x1f".join((str(seed), *parts)))


@cache
def _gauss(seed: int, mean: float, sd: float, *parts: str) -> float:
    # Levels and trends are read once per month: drawing them once saves most of the time.
    return keyed_rng(seed, *parts).gauss(mean, sd)


@cache
def _uniform(seed: int, low: float, high: float, *parts: str) -> float:
    return keyed_rng(seed, *parts).uniform(low, high)


@dataclass(frozen=True)
class Profiles:
    """Levels, trends and sizes: marks(district, scheme, period) before the story's events.

    Most districts score well on most schemes (the real booklets show mostly grade A), with
    district-wide strength, a district's strong and weak schemes, slow trends over the year
    and month-to-month noise.
    """

    seed: int

    def scheme_base(self, scheme: str) -> float:
        return _uniform(self.seed, 8.3, 9.5, "base", scheme)

    def quality(self, district: str) -> float:
        return _gauss(self.seed, 0.0, 0.6, "quality", district)

    def size(self, district: str) -> float:
        """A district's size against the average district (log-normal, median 1)."""
        return math.exp(_gauss(self.seed, 0.0, 0.3, "size", district))

    def offset(self, district: str, scheme: str) -> float:
        """How much better or worse than its usual the district does on this scheme.

        A few pairs struggle badly (grades C and D), as every booklet shows.
        """
        usual = _gauss(self.seed, 0.0, 1.2, "offset", district, scheme)
        struggling = _uniform(self.seed, 0.0, 1.0, "struggle", district, scheme) < STRUGGLING
        return usual - (_uniform(self.seed, 3.5, 6.5, "depth", district, scheme) if struggling else 0.0)

    def trend(self, district: str, scheme: str) -> float:
        """Change in marks per month."""
        return _gauss(self.seed, 0.03, 0.08, "trend", district, scheme)

    def noise(self, district: str, scheme: str, period: str) -> float:
        return keyed_rng(self.seed, "noise", district, scheme, period).gauss(0.0, 0.15)

    def marks(self, district: str, scheme: str, period: str) -> float:
        """The marks (0–10) the district would score on the scheme in the period."""
        value = (self.scheme_base(scheme) + self.quality(district) + self.offset(district, scheme)
                 + self.trend(district, scheme) * fy_index(period) + self.noise(district, scheme, period))
        return saturate(value)


def saturate(value: float) -> float:
    """Marks in [0, 10] that approach 10 gently: a crowd of districts tied at exactly 10 would
    make every small change a fall of dozens of places."""
    if value <= KNEE:
        return max(0.0, value)
    room = 9.95 - KNEE
    return KNEE + room * math.tanh((value - KNEE) / room)
