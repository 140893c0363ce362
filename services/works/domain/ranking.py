"""Standard competition ranking (1, 2, 2, 4), as every ranking of the product: equal published
values share a rank, and the next rank skips the places they took."""

from __future__ import annotations

from collections.abc import Mapping


def competition_ranks(values: Mapping[str, float]) -> list[tuple[str, int]]:
    """Every id with its rank, highest value first, ties listed by id.

    A rank is 1 + the number of ids with a strictly higher value.
    """
    order = sorted(values, key=lambda key: (-values[key], key))
    ranked: list[tuple[str, int]] = []
    for position, key in enumerate(order, start=1):
        tied = ranked and values[ranked[-1][0]] == values[key]
        ranked.append((key, ranked[-1][1] if tied else position))
    return ranked
