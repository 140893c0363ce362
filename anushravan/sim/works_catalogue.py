"""The construction side of the simulated state: departments, executing agencies and the kinds
of work they build, read from `anushravan/sim/data/works.yaml` and validated once."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.catalog import Department, Names
from shared.districts import ReferenceDataError
from shared.events.works import Agency

DATA_PACKAGE = "anushravan.sim.data"
DATA_FILE = "works.yaml"


class BuildingDepartment(Department):
    """A department that sanctions works, and the district officer who answers for them."""

    officer: Names


class WorkType(BaseModel):
    """A kind of work: whose it is, who builds it, what it usually costs and takes."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    department: str
    agencies: tuple[str, ...] = Field(min_length=1)
    cost: tuple[float, float]
    months: tuple[int, int]
    name: Names

    @model_validator(mode="after")
    def _ranges(self) -> WorkType:
        if not (0 < self.cost[0] <= self.cost[1] and 0 < self.months[0] <= self.months[1]):
            raise ValueError("cost and months must be ranges [low, high] of positive numbers")
        return self


class WorksCatalogue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    departments: tuple[BuildingDepartment, ...]
    agencies: tuple[Agency, ...]
    types: tuple[WorkType, ...]

    @model_validator(mode="after")
    def _references(self) -> WorksCatalogue:
        departments, agencies = {d.id for d in self.departments}, {a.id for a in self.agencies}
        for kind in self.types:
            if kind.department not in departments or not set(kind.agencies) <= agencies:
                raise ValueError(f"work type {kind.name.en!r} names an unknown department or agency")
        return self

    def department(self, department_id: str) -> BuildingDepartment:
        return next(d for d in self.departments if d.id == department_id)

    def agency(self, agency_id: str) -> Agency:
        return next(a for a in self.agencies if a.id == agency_id)


@cache
def works_catalogue() -> WorksCatalogue:
    """The shipped catalogue (read once); ReferenceDataError naming the file if it is wrong."""
    resource = files(DATA_PACKAGE).joinpath(DATA_FILE)
    try:
        doc: Any = yaml.safe_load(resource.read_text(encoding="utf-8"))
        return WorksCatalogue.model_validate(doc)
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise ReferenceDataError(f"{resource}: {exc}") from None
