"""Loading what the minutes of one district and period are assembled from."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

from services.reports.domain.inputs import District, MinutesInput
from services.reports.minutes_store import MinutesStore
from services.reports.records import submission_key
from services.reports.repository import ReadModels
from services.reports.standings import Facts, Texts, build_input
from shared.catalog import Names, Scheme
from shared.districts import load_districts
from shared.periods import fy_periods, previous_period


@cache
def _units() -> dict[str, District]:
    return {d.id: District(id=d.id, name=d.name) for d in load_districts()}


def known_district(district_id: str) -> bool:
    return district_id in _units()


def district_unit(district_id: str) -> District:
    """The district with its names; a unit outside the reference data keeps its id as name
    (scores for it were accepted upstream, so its minutes are still worth writing)."""
    return _units().get(district_id) or District(id=district_id, name=Names(hi=district_id, en=district_id))


class InputLoader:
    """Reads the read models and the previous period's final minutes into a `MinutesInput`."""

    def __init__(self, readmodels: ReadModels, store: MinutesStore, schemes: Callable[[], Sequence[Scheme]],
                 meeting_day: int, texts: Texts) -> None:
        self.readmodels = readmodels
        self.store = store
        self.schemes = schemes
        self.meeting_day = meeting_day
        self.texts = texts

    async def load(self, district: str, period: str) -> MinutesInput | None:
        """None when nothing was scored for the district in the period: there is nothing to minute."""
        rm = self.readmodels
        scores = await rm.scores(district, period)
        if not scores:
            return None
        last = previous_period(period)
        prior = await self.store.latest_final(district, last)
        cited = [a for s in (prior or {}).get("sections", []) for i in s.get("items", []) for a in i.get("alerts", [])]
        previous_scores = await rm.scores(district, last)
        counted = [submission_key(scheme, str(score.get("submission_id")))
                   for found in (scores, previous_scores) for scheme, score in found.items()]
        facts = Facts(
            district=district_unit(district), period=period, schemes=self.schemes(), scores=scores,
            previous_scores=previous_scores,
            figures=await rm.figures(counted),
            ranks=await rm.ranks(district, period),
            composites=await rm.composites(district, fy_periods(period)),
            alerts=await rm.alerts(district, period),
            prior_minutes=prior, prior_alert_status=await rm.alert_status(cited) if cited else {},
            directives=await self.store.directives(district, period),
            meeting=await self.store.meeting(district, period),
        )
        return build_input(facts, self.meeting_day, self.texts)
