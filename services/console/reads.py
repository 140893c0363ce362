"""Everything the console's pages read, each through the cache: the scoring API's periods,
composites, scorecards, a district's scores and explanation, histories and scheme rankings."""

from __future__ import annotations

from typing import Any

from services.console.cache import ANY_PERIOD, ReadCache
from services.console.upstream import Upstream
from shared.periods import financial_year


def scopes(period: str) -> tuple[str, str]:
    """What a change of `period` invalidates: that period and its financial year."""
    return period, f"fy:{financial_year(period)}"


class Reads:
    def __init__(self, upstream: Upstream, cache: ReadCache) -> None:
        self.upstream = upstream
        self.cache = cache

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
