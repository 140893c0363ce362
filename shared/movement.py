"""A rank's movement since the previous period, as rankings, booklets and the CLI show it."""

from __future__ import annotations

from typing import Literal, TypedDict

Direction = Literal["up", "down", "same"]
ARROWS: dict[Direction, str] = {"up": "▲", "down": "▼", "same": "="}


class Movement(TypedDict):
    places: int  # gained (positive) or lost (negative)
    direction: Direction
    arrow: str


def movement(rank: int | None, previous_rank: int | None) -> Movement | None:
    """Places gained (positive) or lost (negative) since last period, with an arrow; None
    when either rank is unknown. Rank 53 → 71 is 18 places down."""
    if rank is None or previous_rank is None:
        return None
    places = previous_rank - rank
    direction: Direction = "up" if places > 0 else "down" if places < 0 else "same"
    return {"places": places, "direction": direction, "arrow": ARROWS[direction]}
