"""Everything the console's pages read, each through a cache: the scoring API's periods,
composites, scorecards, a district's scores and explanation, histories, scheme rankings and a
department's submissions; the alerts API's alerts, digests and silences (a cache of their own
with a short life: acknowledgements are no events, and other replicas and the CLI make them);
the reports API's minutes and versions (read afresh: a person editing them must see each change)."""

from __future__ import annotations

from typing import Any

from services.console.cache import ANY_PERIOD, ReadCache
from services.console.upstream import Upstream
from shared.periods import financial_year

ALERTS_LIMIT = 1000  # the alerts API's largest page: a period's alerts on one desk
SILENCES = "silences"


def scopes(period: str) -> tuple[str, str]:
    """What a change of `period` invalidates: that period and its financial year."""
    return period, f"fy:{financial_year(period)}"


def alert_scopes(period: str) -> tuple[str, str]:
    """What a new or resolved alert of `period` (or an acknowledgement) invalidates."""
    return f"alerts:{period}", SILENCES


class Reads:
    def __init__(self, upstream: Upstream, cache: ReadCache, alerts_cache: ReadCache | None = None) -> None:
        self.upstream = upstream
        self.cache = cache
        self.alerts_cache = alerts_cache or cache

    async def _scoring(self, key: tuple[str, ...], scope: tuple[str, ...], path: str) -> Any:
        return await self.cache.get(key, scope, lambda: self.upstream.get_json("scoring", path))

    async def periods(self) -> dict[str, Any]:
        answer = await self._scoring(("periods",), (ANY_PERIOD,), "/v1/periods")
        return answer or {"latest": None, "periods": []}

    async def composite(self, period: str) -> dict[str, Any] | None:
        return await self._scoring(("composite", period), (period,), f"/v1/composite/{period}")  # type: ignore[no-any-return]

    async def scorecard(self, period: str) -> dict[str, Any] | None:
        return await self._scoring(("scorecard", period), (period,), f"/v1/scorecard/{period}")  # type: ignore[no-any-return]

    async def district(self, district: str, period: str) -> dict[str, Any] | None:
        return await self._scoring(("district", district, period), (period,),  # type: ignore[no-any-return]
                                   f"/v1/districts/{district}/{period}")

    async def explain(self, district: str, period: str) -> dict[str, Any] | None:
        return await self._scoring(("explain", district, period), (period, *scopes(period)),  # type: ignore[no-any-return]
                                   f"/v1/districts/{district}/{period}/explain")

    async def history(self, district: str, period: str) -> dict[str, Any] | None:
        fy = financial_year(period)
        return await self._scoring(("history", district, fy), (f"fy:{fy}",),  # type: ignore[no-any-return]
                                   f"/v1/history/{district}/{fy}")

    async def scheme_history(self, district: str, scheme: str, period: str) -> dict[str, Any] | None:
        fy = financial_year(period)
        return await self._scoring(("scheme-history", district, scheme, fy), (f"fy:{fy}",),  # type: ignore[no-any-return]
                                   f"/v1/history/{district}/{fy}/{scheme}")

    async def ranking(self, scheme: str, period: str) -> dict[str, Any] | None:
        return await self._scoring(("ranking", scheme, period), (period,),  # type: ignore[no-any-return]
                                   f"/v1/rankings/{scheme}/{period}")

    async def department_submissions(self, department: str, period: str) -> dict[str, Any] | None:
        return await self._scoring(("department", department, period), (period,),  # type: ignore[no-any-return]
                                   f"/v1/departments/{department}/{period}/submissions")

    # The alerts API.

    async def alerts(self, period: str) -> list[dict[str, Any]]:
        """Every alert of the period (open, acknowledged, silenced and resolved), newest first."""
        found = await self.alerts_cache.get(
            ("alerts", period), alert_scopes(period)[:1],
            lambda: self.upstream.get_json("alerts", "/v1/alerts", {"period": period, "limit": ALERTS_LIMIT}))
        return found or []

    async def digest(self, district: str, period: str) -> dict[str, Any] | None:
        return await self.alerts_cache.get(  # type: ignore[no-any-return]
            ("digest", district, period), alert_scopes(period)[:1],
            lambda: self.upstream.get_json("alerts", f"/v1/digest/{district}/{period}"))

    async def silences(self) -> list[dict[str, Any]]:
        found = await self.alerts_cache.get(("silences",), (SILENCES,),
                                            lambda: self.upstream.get_json("alerts", "/v1/silences"))
        return found or []

    # The reports API: never cached (see above).

    async def minutes(self, district: str, period: str, version: int | None = None) -> dict[str, Any] | None:
        params: dict[str, Any] = {"format": "json", **({"version": version} if version else {})}
        return await self.upstream.get_json("reports", f"/v1/minutes/{district}/{period}", params)  # type: ignore[no-any-return]

    async def minutes_text(self, district: str, period: str, version: int, lang: str) -> str | None:
        """A version's Markdown in one language (what the comparison of two versions reads)."""
        return await self.upstream.get_text("reports", f"/v1/minutes/{district}/{period}",
                                            {"format": "md", "version": version, "lang": lang})

    async def versions(self, district: str, period: str) -> list[dict[str, Any]]:
        return await self.upstream.get_json("reports", f"/v1/minutes/{district}/{period}/versions") or []
