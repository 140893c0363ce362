"""The units: the districts of Uttar Pradesh and the divisions they belong to (DESIGN.md §3).

The reference data ship as `shared/data/districts.yaml`. It is validated when first read, so
a typo in a hand-edited file stops a service at start-up instead of mis-ranking districts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shared.catalog import Names

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DATA_PACKAGE = "shared.data"
DATA_FILE = "districts.yaml"


class Division(BaseModel):
    """A division (मण्डल): a group of districts under a Divisional Commissioner."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=SLUG, max_length=80)
    name: Names


class District(BaseModel):
    """A district (जनपद): the unit that is scored and ranked."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=SLUG, max_length=80)
    name: Names
    division: str = Field(pattern=SLUG, max_length=80)


class ReferenceDataError(ValueError):
    """Reference data that cannot be used; the message names the file and the entry."""


def _parse_all(model: type[BaseModel], raw: Any, kind: str, source: str) -> list[Any]:
    if not isinstance(raw, list):
        raise ReferenceDataError(f"{source}: expected a list under {kind!r}")
    parsed: list[Any] = []
    for i, item in enumerate(raw):
        where = item.get("id", f"#{i + 1}") if isinstance(item, Mapping) else f"#{i + 1}"
        try:
            parsed.append(model.model_validate(item))
        except ValidationError as exc:
            fields = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ReferenceDataError(f"{source}: {kind} {where!r}: {fields}") from None
    return parsed


def _require_unique(ids: Iterable[str], kind: str, source: str) -> None:
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
    if dupes:
        raise ReferenceDataError(f"{source}: duplicate {kind} id(s) {dupes}")


def parse_units(doc: Any, source: str = "<districts>") -> tuple[tuple[Division, ...], tuple[District, ...]]:
    """Validate a reference document (`{"divisions": [...], "districts": [...]}`).

    Ids must be unique, every district must name a known division, and every division must
    hold at least one district. Raises ReferenceDataError naming the file and the entry.
    """
    if not isinstance(doc, Mapping):
        raise ReferenceDataError(f"{source}: expected a mapping with 'divisions' and 'districts'")
    divisions: list[Division] = _parse_all(Division, doc.get("divisions"), "divisions", source)
    districts: list[District] = _parse_all(District, doc.get("districts"), "districts", source)
    _require_unique((d.id for d in divisions), "division", source)
    _require_unique((d.id for d in districts), "district", source)
    known = {d.id for d in divisions}
    for district in districts:
        if district.division not in known:
            raise ReferenceDataError(
                f"{source}: district {district.id!r}: unknown division {district.division!r}"
            )
    empty = sorted(known - {d.division for d in districts})
    if empty:
        raise ReferenceDataError(f"{source}: division(s) without districts {empty}")
    return tuple(divisions), tuple(districts)


@cache
def _shipped_units() -> tuple[tuple[Division, ...], tuple[District, ...]]:
    resource = files(DATA_PACKAGE).joinpath(DATA_FILE)
    source = str(resource)
    try:
        doc = yaml.safe_load(resource.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"{source}: {exc}") from None
    return parse_units(doc, source)


def load_divisions() -> tuple[Division, ...]:
    """Every division of the shipped reference data, in file order (read once, cached)."""
    return _shipped_units()[0]


def load_districts() -> tuple[District, ...]:
    """Every district of the shipped reference data, in file order (read once, cached)."""
    return _shipped_units()[1]


@cache
def district_ids() -> frozenset[str]:
    """The ids of every known district, for validating submissions."""
    return frozenset(d.id for d in load_districts())
