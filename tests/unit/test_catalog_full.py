"""The full catalogue (106 schemes of 38 departments in 22 sectors) and the catalogue's unit
and sector rules it relies on."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from random import Random
from typing import Any

import pytest

from anushravan.sim.figures import figures_for, within_catalogue
from anushravan.sim.magnitudes import base_size
from shared.catalog import CatalogError, Scheme, default_catalog_path, load_catalog, parse_catalog, unit_by_name
from tests.unit.scoring.scoring_builders import kpi, scheme

FULL = Path(__file__).resolve().parents[2] / "catalog" / "schemes-full.yaml"
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


@pytest.fixture(scope="module")
def full() -> list[Scheme]:
    return load_catalog(FULL)


def test_the_full_catalogue_holds_106_schemes_of_38_departments_in_22_sectors(full: list[Scheme]) -> None:
    assert len(full) == len({s.id for s in full}) == 106
    assert len({s.department.id for s in full}) == 38
    assert len({s.sector for s in full}) == 22


def test_every_scheme_has_hindi_and_english_names_an_officer_and_a_named_sector(full: list[Scheme]) -> None:
    for s in full:
        assert s.sector_name is not None, s.id
        for names in (s.name, s.officer, s.department.name, s.sector_name, *(k.name for k in s.kpis)):
            assert DEVANAGARI.search(names.hi), s.id
            assert names.en.strip() and not DEVANAGARI.search(names.en), s.id


def test_it_has_ungraded_schemes_both_categories_and_weighted_flagships(full: list[Scheme]) -> None:
    assert 3 <= sum(not s.graded for s in full) <= 10
    assert {s.category for s in full} == {"development", "revenue"}
    assert any(s.composite_weight != 1.0 for s in full)
    assert {k.kind for s in full for k in s.kpis} == {"ratio", "inverse_ratio", "percent"}


def test_the_demo_catalogues_schemes_are_in_it_unchanged(full: list[Scheme]) -> None:
    by_id = {s.id: s for s in full}
    for demo in load_catalog(default_catalog_path()):
        assert by_id[demo.id].model_dump(exclude={"sector_name"}) == demo.model_dump(exclude={"sector_name"})


def test_the_simulator_makes_figures_within_the_catalogue_for_every_scheme(full: list[Scheme]) -> None:
    for s in full:
        for marks in (0.0, 4.5, 10.0):
            values = figures_for(s, marks, partial(base_size, s), Random(marks))
            assert within_catalogue(s, values) == [], s.id


def test_a_fields_name_says_its_unit_unless_the_scheme_says_otherwise() -> None:
    assert [unit_by_name(f) for f in ("revenue_target_lakh", "x_crore", "progress_percent", "houses")] == [
        "amount", "amount", "percent", "count"]
    plain = scheme(kpis=[kpi("p", "percent", value="seeded"), kpi("r", numerator="paid", denominator="due")])
    assert (plain.unit("seeded"), plain.unit("paid")) == ("percent", "count")
    told = scheme(kpis=[kpi(numerator="spent", denominator="budget")], units={"spent": "amount", "budget": "amount"})
    assert told.unit("spent") == "amount"


@pytest.mark.parametrize(("fields", "says"), [
    ({"units": {"nowhere": "count"}}, "no KPI reads"),
    ({"kpis": [kpi(numerator=["cash", "kind"])], "units": {"cash": "amount"}}, "different units"),
    ({"kpis": [kpi(kind="percent")], "units": {"progress": "count"}}, "a percent"),
])
def test_units_that_cannot_be_right_are_refused(fields: dict[str, Any], says: str) -> None:
    with pytest.raises(ValueError, match=says):
        scheme(**fields)


def _raw(scheme_id: str, sector: str, name: dict[str, str] | None) -> dict[str, Any]:
    raw = scheme(scheme_id, sector=sector).model_dump()
    raw["sector_name"] = name
    return raw


def test_a_sector_carries_one_name_across_the_catalogue() -> None:
    health = {"hi": "स्वास्थ्य", "en": "Health"}
    parse_catalog({"schemes": [_raw("a", "health", health), _raw("b", "health", None), _raw("c", "health", health)]})
    with pytest.raises(CatalogError, match="named differently in scheme 'a'"):
        parse_catalog({"schemes": [_raw("a", "health", health), _raw("b", "health", {"hi": "सेहत", "en": "Health"})]})
