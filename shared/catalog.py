"""The scheme catalogue: the model of `scheme.defined.v1` and its YAML loader.

Every validation error names the file, the scheme and the field, because the catalogue is
edited by hand by people who are not programmers.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

GRADES: tuple[str, ...] = ("A", "B", "C", "D")
DEFAULT_BANDS: dict[str, float] = {"A": 9.0, "B": 6.0, "C": 3.0}
KpiKind = Literal["ratio", "inverse_ratio", "percent"]
Category = Literal["development", "revenue"]
FieldUnit = Literal["count", "amount", "percent"]
# What an input field holds, by its name unless a scheme says otherwise (`Scheme.units`):
# amounts (₹ lakh or crore) and percentages carry decimals, everything else is a whole count.
UNIT_SUFFIXES: tuple[tuple[str, FieldUnit], ...] = (
    ("_lakh", "amount"), ("_crore", "amount"), ("_percent", "percent"),
)


def unit_by_name(field: str) -> FieldUnit:
    """The unit a field's name implies: `revenue_target_lakh` is an amount, `…_percent` a
    percentage, anything else (`applications_received`) a count."""
    for suffix, unit in UNIT_SUFFIXES:
        if field.endswith(suffix):
            return unit
    return "count"


class Names(BaseModel):
    """A name in Hindi and English."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    hi: str = Field(min_length=1, max_length=300)
    en: str = Field(min_length=1, max_length=300)


class Department(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)
    name: Names


def _fields(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


class Kpi(BaseModel):
    """One key performance indicator of a scheme (DESIGN.md §3, scheme catalogue)."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    id: str = Field(pattern=r"^[a-z0-9]+(_[a-z0-9]+|-[a-z0-9]+)*$", max_length=80)
    name: Names
    kind: KpiKind
    numerator: str | list[str] | None = None
    denominator: str | list[str] | None = None
    value: str | None = None
    floor: float = 0.0
    target: float = 1.0
    weight: float = 1.0
    max_ratio: float = 1.5

    @field_validator("weight")
    @classmethod
    def _positive_weight(cls, v: float) -> float:
        if not (math.isfinite(v) and v > 0):
            raise ValueError("weight must be a finite number > 0")
        return v

    @model_validator(mode="after")
    def _inputs_match_kind(self) -> Kpi:
        if self.kind == "percent":
            if not self.value:
                raise ValueError("a percent KPI names its input in 'value'")
        elif not self.numerator or not self.denominator:
            raise ValueError(f"a {self.kind} KPI needs 'numerator' and 'denominator'")
        if not (math.isfinite(self.floor) and math.isfinite(self.target)) or self.target <= self.floor:
            raise ValueError("target must be greater than floor")
        if not (math.isfinite(self.max_ratio) and self.max_ratio > 0):
            raise ValueError("max_ratio must be a finite number > 0")
        return self

    @cached_property  # read several times for every submission; a KPI never changes (frozen)
    def numerator_fields(self) -> tuple[str, ...]:
        return _fields(self.numerator)

    @cached_property
    def denominator_fields(self) -> tuple[str, ...]:
        return _fields(self.denominator)

    @property
    def input_fields(self) -> tuple[str, ...]:
        """Every input field this KPI reads, in a stable order."""
        if self.kind == "percent":
            return (self.value,) if self.value else ()
        return self.numerator_fields + self.denominator_fields


class Scheme(BaseModel):
    """One scheme of the catalogue: the `data` of `scheme.defined.v1`."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)
    name: Names
    department: Department
    sector: str = Field(min_length=1, max_length=80)
    sector_name: Names | None = None
    category: Category
    graded: bool = True
    composite_weight: float = 1.0
    officer: Names
    deadline_day: int = Field(default=25, ge=1, le=28)
    grade_bands: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_BANDS))
    kpis: list[Kpi] = Field(min_length=1)
    # Units of input fields whose names do not say it (see `unit_by_name`).
    units: dict[str, FieldUnit] = Field(default_factory=dict)

    @field_validator("composite_weight")
    @classmethod
    def _positive_composite_weight(cls, v: float) -> float:
        if not (math.isfinite(v) and v > 0):
            raise ValueError("composite_weight must be a finite number > 0")
        return v

    @field_validator("grade_bands")
    @classmethod
    def _bands_descending(cls, bands: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(bands) - set(GRADES[:-1]))
        if unknown:
            raise ValueError(f"unknown grade(s) {unknown}: bands are given for A, B and C")
        missing = [g for g in GRADES[:-1] if g not in bands]
        if missing:
            raise ValueError(f"missing band(s) {missing}")
        minima = [bands[g] for g in GRADES[:-1]]
        if any(not (0 <= m <= 10) for m in minima):
            raise ValueError("band minima must lie between 0 and 10")
        if not all(a > b for a, b in itertools.pairwise(minima)):
            raise ValueError("bands must be strictly descending: A > B > C")
        return bands

    # A field validator (not a model validator) so that the error names the field `kpis`.
    @field_validator("kpis")
    @classmethod
    def _unique_kpis(cls, kpis: list[Kpi]) -> list[Kpi]:
        ids = [k.id for k in kpis]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate KPI id(s) {dupes}")
        return kpis

    @model_validator(mode="after")
    def _units_consistent(self) -> Scheme:
        unknown = sorted(set(self.units) - set(self.input_fields))
        if unknown:
            raise ValueError(f"units given for field(s) {unknown} that no KPI reads")
        for kpi in self.kpis:
            if kpi.kind == "percent" and self.units.get(kpi.value or "", "percent") != "percent":
                raise ValueError(f"KPI {kpi.id!r}: {kpi.value!r} is a percent KPI's value, so a percent")
            for part in (kpi.numerator_fields, kpi.denominator_fields):
                if len({self.unit(f) for f in part}) > 1:
                    raise ValueError(f"KPI {kpi.id!r} sums fields of different units: {list(part)}")
        return self

    def unit(self, field: str) -> FieldUnit:
        """What `field` holds: as `units` says, else a percent KPI's value is a percent, else
        as its name says (`unit_by_name`). Counts are whole; amounts and percents have decimals."""
        explicit = self.units.get(field)
        if explicit is not None:
            return explicit
        if any(kpi.kind == "percent" and kpi.value == field for kpi in self.kpis):
            return "percent"
        return unit_by_name(field)

    @cached_property  # read for every submission; a scheme never changes (frozen)
    def total_weight(self) -> float:
        """Σ of its KPIs' weights: what marks are divided by."""
        return math.fsum(kpi.weight for kpi in self.kpis)

    @cached_property
    def input_fields(self) -> tuple[str, ...]:
        """The exact set of input fields a submission for this scheme must carry."""
        seen: dict[str, None] = {}
        for kpi in self.kpis:
            for f in kpi.input_fields:
                seen.setdefault(f, None)
        return tuple(seen)


class CatalogError(ValueError):
    """A catalogue that cannot be used; `problems` lists every (location, message)."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  {where}: {msg}" for where, msg in problems)
        super().__init__(f"{source}: invalid catalogue\n{lines}")


def _loc(scheme_id: str, loc: Iterable[int | str]) -> str:
    parts = [str(p) for p in loc]
    return f"scheme {scheme_id!r}, field {'.'.join(parts) or '(whole scheme)'}"


def parse_scheme(raw: Mapping[str, Any], source: str = "<catalogue>", index: int = 0) -> Scheme:
    """Validate one scheme; raises CatalogError naming source, scheme and field."""
    scheme_id = str(raw.get("id", f"#{index + 1}")) if isinstance(raw, Mapping) else f"#{index + 1}"
    try:
        return Scheme.model_validate(raw)
    except ValidationError as exc:
        problems = [(_loc(scheme_id, e["loc"]), e["msg"]) for e in exc.errors()]
        raise CatalogError(source, problems) from None


def _unknown_keys(raw: Any, index: int) -> list[tuple[str, str]]:
    """A hand-edited file is read strictly: a misspelt key (`grade:` for `graded:`) is an error,
    where an event from a newer producer would be read tolerantly."""
    if not isinstance(raw, Mapping):
        return []
    scheme_id = str(raw.get("id", f"#{index + 1}"))
    found = [(_loc(scheme_id, [k]), "unknown field") for k in raw if k not in Scheme.model_fields]
    for i, kpi in enumerate(raw.get("kpis") or []):
        if isinstance(kpi, Mapping):
            found += [(_loc(scheme_id, ["kpis", i, k]), "unknown field") for k in kpi
                      if k not in Kpi.model_fields]
    return found


def parse_catalog(doc: Any, source: str = "<catalogue>") -> list[Scheme]:
    """Validate a whole catalogue document (`{"schemes": [...]}`), reporting every problem."""
    if not isinstance(doc, Mapping) or not isinstance(doc.get("schemes"), list):
        raise CatalogError(source, [("(top level)", "expected a mapping with a 'schemes' list")])
    schemes: list[Scheme] = []
    problems: list[tuple[str, str]] = []
    for i, raw in enumerate(doc["schemes"]):
        problems.extend(_unknown_keys(raw, i))
        try:
            schemes.append(parse_scheme(raw, source, i))
        except CatalogError as exc:
            problems.extend(exc.problems)
    ids = [s.id for s in schemes]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append((f"scheme {dup!r}, field id", "duplicate scheme id"))
    problems.extend(_sector_name_conflicts(schemes))
    if problems:
        raise CatalogError(source, problems)
    return schemes


def _sector_name_conflicts(schemes: Iterable[Scheme]) -> list[tuple[str, str]]:
    """A sector carries one name across the catalogue (schemes may leave it out)."""
    first: dict[str, Scheme] = {}
    problems = []
    for scheme in schemes:
        if scheme.sector_name is None:
            continue
        seen = first.setdefault(scheme.sector, scheme)
        if seen.sector_name != scheme.sector_name:
            problems.append((_loc(scheme.id, ["sector_name"]),
                             f"sector {scheme.sector!r} is named differently in scheme {seen.id!r}"))
    return problems


def load_catalog(path: str | Path) -> list[Scheme]:
    """Read and validate a catalogue YAML file."""
    p = Path(path)
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(str(p), [("(file)", str(exc))]) from None
    return parse_catalog(doc, str(p))


def default_catalog_path() -> Path:
    """The catalogue shipped in the repository."""
    return Path(__file__).resolve().parent.parent / "catalog" / "schemes.yaml"
