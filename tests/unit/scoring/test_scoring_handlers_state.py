"""The scheme stage's memory keeps the boards in use and drops the least recently used."""

from typing import Any

import pytest

from services.scoring import scheme_state
from services.scoring.scheme_state import SchemeState


class EmptyStore:
    """Nothing stored yet: every board loads empty."""

    def __init__(self) -> None:
        self.loads: list[tuple[str, str]] = []
        self.periods: list[str] = []

    async def entries(self, scheme: str, period: str) -> list[Any]:
        self.loads.append((scheme, period))
        return []

    async def period_entries(self, period: str, schemes: Any) -> dict[str, list[Any]]:
        self.periods.append(period)
        return {s: [] for s in schemes}

    async def ranking(self, scheme: str, period: str) -> None:
        return None


def _state(store: EmptyStore) -> SchemeState:
    return SchemeState(store, units=75, clock=lambda: 0.0)  # type: ignore[arg-type]


async def test_a_board_is_loaded_once_and_then_served_from_memory() -> None:
    store = EmptyStore()
    state = _state(store)
    await state.load([("jsy", "2026-03")])
    await state.load([("jsy", "2026-03")])
    assert store.loads == [("jsy", "2026-03")]
    assert len(state.board("jsy", "2026-03")) == 0


async def test_beyond_the_cap_the_least_recently_used_boards_go_but_never_those_in_use(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scheme_state, "MAX_BOARDS", 2)
    state = _state(EmptyStore())
    await state.load([("a", "p"), ("b", "p")])
    await state.load([("a", "p")])  # a is used again: b is now the oldest
    await state.load([("c", "p")])
    assert list(state.boards) == [("a", "p"), ("c", "p")]
    await state.load([("d", "p"), ("e", "p"), ("f", "p")])  # one batch may need more than the cap
    assert set(state.boards) == {("d", "p"), ("e", "p"), ("f", "p")}


async def test_forgetting_a_period_or_a_scheme_drops_its_boards() -> None:
    state = _state(EmptyStore())
    await state.load([("a", "p"), ("a", "q"), ("b", "p")])
    state.drop_period("p")
    assert list(state.boards) == [("a", "q")]
    state.drop_scheme("a")
    assert not state.boards


async def test_many_boards_of_one_period_come_in_one_query_and_a_few_one_by_one() -> None:
    store = EmptyStore()
    state = _state(store)
    many = [(f"s{i}", "2026-03") for i in range(scheme_state.PERIOD_QUERY_MIN)]
    await state.load([*many, ("jsy", "2026-02")])
    assert store.periods == ["2026-03"] and store.loads == [("jsy", "2026-02")]
    assert set(state.boards) == {*many, ("jsy", "2026-02")}


async def test_a_board_only_peeked_at_is_read_but_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scheme_state, "MAX_BOARDS", 1)
    store = EmptyStore()
    state = _state(store)
    await state.load([("jsy", "2026-03")])
    boards = await state.peek([("jsy", "2026-03"), ("old", "2025-04")])  # a ranking owed by a dropped board
    assert set(boards) == {("jsy", "2026-03"), ("old", "2025-04")}
    assert list(state.boards) == [("jsy", "2026-03")]  # the board in use stays
    assert store.loads == [("jsy", "2026-03"), ("old", "2025-04")]
