"""From levels, trends and the story to each month's figures and the order they are sent in."""

from __future__ import annotations

from dataclasses import dataclass, replace

from anushravan.sim.calendar import fy_index, shift
from anushravan.sim.figures import figures_for
from anushravan.sim.magnitudes import base_size, year_progress
from anushravan.sim.placement import composites, level_for_composite, marks_at_rank
from anushravan.sim.profiles import Profiles, keyed_rng
from anushravan.sim.story import (
    KANPUR,
    KANPUR_COMPOSITE_RANK,
    KANPUR_LAST_MONTH_A,
    KANPUR_PREVIOUS_MARKS,
    KANPUR_WEAK,
    SCHOLARSHIP,
    SCHOLARSHIP_SHIFT,
    Story,
    arc,
    scaled_rank,
)
from services.scoring.domain.marks import score_submission
from shared.catalog import Scheme

Values = dict[str, int | float]


@dataclass(frozen=True)
class Year:
    """What the planner needs: the seed's profiles and story, the units, schemes and months."""

    seed: int
    profiles: Profiles
    story: Story
    districts: tuple[str, ...]
    schemes: tuple[Scheme, ...]
    periods: tuple[str, ...]
    revision_rate: float
    duplicate_rate: float
    # Kanpur Nagar's marks on its schemes outside the minutes in the last month (see placement).
    kanpur_level: float | None = None

    @property
    def last(self) -> str:
        return self.periods[-1]

    @property
    def previous(self) -> str:
        return shift(self.last, -1)


def wanted_marks(year: Year, district: str, scheme: str, period: str) -> float:
    """The marks the district should score: its profile, bent by the story."""
    rng = keyed_rng(year.seed, "story-marks", district, scheme, period)
    if scheme == SCHOLARSHIP and district in year.story.weak:
        return rng.uniform(0.3, 1.4)
    if district == KANPUR and scheme in KANPUR_WEAK and year.story.kanpur_ranks:
        return rng.uniform(*KANPUR_WEAK[scheme])
    if (district, scheme) in year.story.collapses:
        if period == year.last:
            return rng.uniform(0.6, 2.4)
        if period == year.previous:
            return rng.uniform(6.6, 8.4)
    if period == year.last and (district, scheme) in year.story.fixed_marks:
        return year.story.fixed_marks[(district, scheme)]
    if district == KANPUR and period == year.last and year.story.kanpur_ranks:
        level = year.kanpur_level if year.kanpur_level is not None else rng.uniform(*KANPUR_LAST_MONTH_A)
        return min(10.0, max(0.0, level))
    marks = year.profiles.marks(district, scheme, period) + arc(district, fy_index(period))
    return min(10.0, max(0.0, marks + (SCHOLARSHIP_SHIFT if scheme == SCHOLARSHIP else 0.0)))


def district_figures(year: Year, scheme: Scheme, district: str, period: str, marks: float) -> Values:
    size = year.profiles.size(district)
    month = fy_index(period)

    def magnitude(field: str) -> float:
        return base_size(scheme, field) * size * year_progress(field, month)

    return figures_for(scheme, marks, magnitude, keyed_rng(year.seed, "figures", district, scheme.id, period))


def scheme_figures(year: Year, scheme: Scheme, period: str) -> dict[str, Values]:
    """Every district's figures for one scheme and period."""
    figures = {d: district_figures(year, scheme, d, period, wanted_marks(year, d, scheme.id, period))
               for d in year.districts}
    if period == year.last:
        for (district, scheme_id), values in year.story.fixed.items():
            if scheme_id == scheme.id:
                figures[district] = dict(values)
        if year.story.implausible and year.story.implausible[1] == scheme.id:
            district, _, field, value = year.story.implausible
            figures[district] = {**figures[district], field: value}
    elif period == year.previous and scheme.id == SCHOLARSHIP and year.story.kanpur_ranks:
        others = [score_submission(scheme, v).marks for d, v in figures.items() if d != KANPUR]
        marks = marks_at_rank(others, year.story.kanpur_ranks[0], KANPUR_PREVIOUS_MARKS)
        figures[KANPUR] = district_figures(year, scheme, KANPUR, period, marks)
    return figures


def with_kanpur_level(year: Year) -> Year:
    """The year with Kanpur Nagar's last-month level set so that its composite ranks about 45th."""
    if not year.story.kanpur_ranks:
        return year
    figures = {s.id: scheme_figures(year, s, year.last) for s in year.schemes}
    for district, scheme_id in year.story.never:
        figures[scheme_id].pop(district, None)
    others = composites(figures, year.schemes, skip=KANPUR)
    rank = scaled_rank(KANPUR_COMPOSITE_RANK, len(year.districts))
    target = marks_at_rank(others, rank, near=8.5, low=0.0, high=10.0)
    by_id = {s.id: s for s in year.schemes}
    fixed = {s: score_submission(by_id[s], v).marks for (d, s), v in year.story.fixed.items() if d == KANPUR}
    fixed.update({s: m for (d, s), m in year.story.fixed_marks.items() if d == KANPUR})
    return replace(year, kanpur_level=level_for_composite(target, fixed, year.schemes))
