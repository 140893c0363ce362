"""Value objects behave as frozen dataclasses do, but for the refusal of assignment at run time
(mypy's part, `make typecheck`)."""

import dataclasses

import pytest

from shared.value import value_object


@value_object
class Point:
    x: int
    label: str = "p"


def test_equal_values_are_equal_and_hash_alike() -> None:
    assert Point(1) == Point(1, "p") and hash(Point(1)) == hash(Point(1, "p"))
    assert Point(1) != Point(2) and len({Point(1), Point(1), Point(2)}) == 2


def test_a_value_object_is_a_slotted_dataclass() -> None:
    assert [f.name for f in dataclasses.fields(Point)] == ["x", "label"] and not hasattr(Point(1), "__dict__")
    assert dataclasses.replace(Point(1), label="q") == Point(1, "q")
    with pytest.raises(AttributeError):
        Point(1).y = 2  # type: ignore[attr-defined]  # slots: no new attributes either
