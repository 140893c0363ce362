"""Rankings as people read them: each district's name beside its id, and where it stood in the
previous period's ranking (rank and movement), so no one needs a script to join them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.movement import movement

Names = Mapping[str, str]  # {"hi": …, "en": …}


def annotate(ranking: Mapping[str, Any], previous: Mapping[str, Any] | None,
             names: Mapping[str, Names]) -> dict[str, Any]:
    """`ranking` (scheme.ranked.v1 or composite.ranked.v1 data) with, on each row, the
    district's `name`, its `previous_rank` and `movement` (null where it was not ranked), and
    at the top `previous`: the period compared with, whether its ranking was final, and its
    `of` — or null when there is no previous ranking."""
    before = {row["district"]: row["rank"] for row in (previous or {}).get("ranks", [])}
    rows = [{**row, "name": dict(names.get(row["district"]) or {"hi": row["district"], "en": row["district"]}),
             "previous_rank": before.get(row["district"]),
             "movement": movement(row.get("rank"), before.get(row["district"]))}
            for row in ranking.get("ranks", [])]
    compared = None if previous is None else {"period": previous.get("period"), "final": previous.get("final"),
                                              "of": previous.get("of")}
    return {**ranking, "previous": compared, "ranks": rows}


def standing(composite: Mapping[str, Any] | None, period: str) -> dict[str, Any] | None:
    """A district's composite rank in one period, as `explain` states it before and after."""
    if composite is None:
        return None
    return {"period": period, "rank": composite.get("rank"), "of": composite.get("of"),
            "marks": composite.get("marks"), "final": composite.get("final")}
