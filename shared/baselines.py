"""Baseline indicators of the districts: the Census 2011 counts that peer groups are built
from (docs/peers.md). Shipped as `shared/data/baselines.yaml`, validated when first read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from shared.districts import SLUG, ReferenceDataError, district_ids

DATA_FILE = "baselines.yaml"
_COUNTS = ("population", "literates", "workers", "cultivators", "agricultural_labourers")


class Baseline(BaseModel):
    """One district's counts, its own or (`inherits`) those of the district it was carved from."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=SLUG, max_length=80)
    inherits: str | None = Field(default=None, pattern=SLUG, max_length=80)
    census_code: int | None = Field(default=None, ge=1)
    census_name: str | None = Field(default=None, min_length=1, max_length=80)
    population: int = Field(default=0, ge=0)
    literates: int = Field(default=0, ge=0)
    workers: int = Field(default=0, ge=0)
    cultivators: int = Field(default=0, ge=0)
    agricultural_labourers: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _own_or_inherited(self) -> Baseline:
        given = [name for name in _COUNTS if name in self.model_fields_set]
        if self.inherits is not None:
            if given:
                raise ValueError(f"a district that inherits gives no counts of its own ({given})")
            return self
        missing = [name for name in _COUNTS if name not in given]
        if missing:
            raise ValueError(f"missing {missing}")
        if not (self.literates <= self.population and self.workers <= self.population):
            raise ValueError("literates and workers cannot exceed the population")
        if self.cultivators + self.agricultural_labourers > self.workers:
            raise ValueError("farm workers cannot exceed the workers")
        return self


def parse_baselines(doc: Any, known: Iterable[str], source: str = "<baselines>") -> dict[str, Baseline]:
    """Every known district's baseline, inherited counts filled in from the parent (which
    keeps the parent's census code and name; `inherits` says whose they are)."""
    if not isinstance(doc, Mapping) or not isinstance(doc.get("districts"), list):
        raise ReferenceDataError(f"{source}: expected a mapping with a 'districts' list")
    entries: dict[str, Baseline] = {}
    for i, raw in enumerate(doc["districts"]):
        where = raw.get("id", f"#{i + 1}") if isinstance(raw, Mapping) else f"#{i + 1}"
        try:
            entry = Baseline.model_validate(raw)
        except ValidationError as exc:
            fields = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ReferenceDataError(f"{source}: district {where!r}: {fields}") from None
        if entry.id in entries:
            raise ReferenceDataError(f"{source}: district {entry.id!r} given twice")
        entries[entry.id] = entry
    wanted = set(known)
    if set(entries) != wanted:
        raise ReferenceDataError(f"{source}: missing {sorted(wanted - set(entries))}, "
                                 f"unknown {sorted(set(entries) - wanted)}")
    return {district: _resolved(entry, entries, source) for district, entry in entries.items()}


def _resolved(entry: Baseline, entries: Mapping[str, Baseline], source: str) -> Baseline:
    if entry.inherits is None:
        return entry
    parent = entries.get(entry.inherits)
    if parent is None or parent.inherits is not None:
        raise ReferenceDataError(f"{source}: district {entry.id!r} inherits from {entry.inherits!r}, "
                                 "which has no figures of its own")
    return parent.model_copy(update={"id": entry.id, "inherits": parent.id})


@cache
def load_baselines() -> dict[str, Baseline]:
    """The shipped baselines of every known district (read once, cached)."""
    resource = files("shared.data").joinpath(DATA_FILE)
    try:
        doc = yaml.safe_load(resource.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"{resource}: {exc}") from None
    return parse_baselines(doc, district_ids(), str(resource))
