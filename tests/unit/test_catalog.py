"""The shipped scheme catalogue, and how a malformed catalogue is refused."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from shared.catalog import CatalogError, Scheme, default_catalog_path, load_catalog

KANPUR_SCHEMES = {
    "general-prematric-scholarship": "social-welfare",
    "sc-postmatric-scholarship": "social-welfare",
    "old-age-pension": "social-welfare",
    "mass-marriage": "social-welfare",
    "jsy": "medical-health",
    "nrlm-revolving-fund": "rural-development",
    "nrlm-community-investment-fund": "rural-development",
    "icds-nutrition": "women-child-development",
    "jal-jeevan-mission": "rural-water-supply",
}
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


@pytest.fixture(scope="module")
def catalog() -> dict[str, Scheme]:
    return {s.id: s for s in load_catalog(default_catalog_path())}


def test_the_shipped_catalogue_holds_many_schemes_of_many_departments(catalog: dict[str, Scheme]) -> None:
    assert len(catalog) >= 25
    assert len({s.department.id for s in catalog.values()}) >= 10


def test_every_scheme_of_the_kanpur_minutes_is_in_its_department(catalog: dict[str, Scheme]) -> None:
    assert {i: catalog[i].department.id for i in KANPUR_SCHEMES} == KANPUR_SCHEMES


def test_every_scheme_names_its_officer_and_itself_in_hindi_and_english(catalog: dict[str, Scheme]) -> None:
    for s in catalog.values():
        for names in (s.name, s.officer, s.department.name, *(k.name for k in s.kpis)):
            assert DEVANAGARI.search(names.hi), s.id
            assert names.en.strip(), s.id


def test_a_department_carries_one_name_across_its_schemes(catalog: dict[str, Scheme]) -> None:
    names: dict[str, set[tuple[str, str]]] = {}
    for s in catalog.values():
        names.setdefault(s.department.id, set()).add((s.department.name.hi, s.department.name.en))
    assert {d: len(n) for d, n in names.items() if len(n) > 1} == {}


def test_the_catalogue_has_ungraded_and_revenue_schemes(catalog: dict[str, Scheme]) -> None:
    assert any(not s.graded for s in catalog.values())
    assert sum(s.category == "revenue" for s in catalog.values()) >= 2


def test_sc_postmatric_disposal_reads_the_three_pending_levels(catalog: dict[str, Scheme]) -> None:
    scheme = catalog["sc-postmatric-scholarship"]
    assert set(scheme.input_fields) == {
        "applications_received", "pending_institution", "pending_pfms", "pending_university",
    }  # fmt: skip
    (kpi,) = scheme.kpis
    assert (kpi.id, kpi.kind, kpi.floor, kpi.target) == ("disposal", "inverse_ratio", 0.90, 0.98)
    assert kpi.numerator_fields == ("pending_institution", "pending_pfms", "pending_university")
    assert kpi.denominator_fields == ("applications_received",)


def test_jsy_scores_beneficiaries_paid_against_institutional_deliveries(catalog: dict[str, Scheme]) -> None:
    scheme = catalog["jsy"]
    assert scheme.officer.hi == "मुख्य चिकित्सा अधिकारी"
    paid = next(k for k in scheme.kpis if k.id == "paid")
    assert (paid.kind, paid.numerator, paid.denominator) == (
        "ratio", "beneficiaries_paid", "institutional_deliveries",
    )  # fmt: skip


def test_icds_nutrition_reports_a_percent_so_that_848_is_implausible(catalog: dict[str, Scheme]) -> None:
    assert any(k.kind == "percent" for k in catalog["icds-nutrition"].kpis)


def test_pension_inputs_are_those_of_the_pension_portal(catalog: dict[str, Scheme]) -> None:
    assert set(catalog["old-age-pension"].input_fields) == {
        "applications_received", "pending_bdo_sdm", "pending_dswo",
    }  # fmt: skip


# ----------------------------------------------------------------- refusing bad catalogues


def _scheme(scheme_id: str = "demo-scheme") -> dict[str, Any]:
    return {
        "id": scheme_id,
        "name": {"hi": "नमूना योजना", "en": "Demo scheme"},
        "department": {"id": "demo", "name": {"hi": "नमूना विभाग", "en": "Demo Department"}},
        "sector": "demo",
        "category": "development",
        "officer": {"hi": "जिला अधिकारी", "en": "District Officer"},
        "kpis": [
            {"id": "done", "name": {"hi": "पूर्ण", "en": "Done"}, "kind": "ratio",
             "numerator": "achieved", "denominator": "target"},
        ],
    }  # fmt: skip


def _write(tmp_path: Path, schemes: list[dict[str, Any]]) -> Path:
    path = tmp_path / "schemes.yaml"
    path.write_text(yaml.safe_dump({"schemes": schemes}, allow_unicode=True), encoding="utf-8")
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert str(path) in str(caught.value)
    return str(caught.value)


def test_a_minimal_valid_scheme_loads(tmp_path: Path) -> None:
    (scheme,) = load_catalog(_write(tmp_path, [_scheme()]))
    assert scheme.grade_bands == {"A": 9.0, "B": 6.0, "C": 3.0}


def _broken(change: str) -> dict[str, Any]:
    scheme = copy.deepcopy(_scheme())
    kpi = scheme["kpis"][0]
    if change == "unknown kind":
        kpi["kind"] = "median"
    elif change == "missing numerator":
        del kpi["numerator"]
    elif change == "zero weight":
        kpi["weight"] = 0
    elif change == "negative weight":
        kpi["weight"] = -1.0
    elif change == "bands not descending":
        scheme["grade_bands"] = {"A": 6.0, "B": 9.0, "C": 3.0}
    elif change == "duplicate kpi":
        scheme["kpis"].append(dict(kpi))
    return scheme


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ("unknown kind", "kpis.0.kind", "ratio"),
        ("missing numerator", "kpis.0", "numerator"),
        ("zero weight", "kpis.0.weight", "weight must be"),
        ("negative weight", "kpis.0.weight", "weight must be"),
        ("bands not descending", "grade_bands", "strictly descending"),
        ("duplicate kpi", "kpis", "duplicate KPI id(s) ['done']"),
    ],
)
def test_a_malformed_scheme_is_refused_naming_file_scheme_and_field(
    tmp_path: Path, change: str, field: str, reason: str
) -> None:
    message = _refusal(_write(tmp_path, [_broken(change)]))
    assert f"scheme 'demo-scheme', field {field}:" in message
    assert reason in message


def test_a_duplicate_scheme_id_is_refused(tmp_path: Path) -> None:
    message = _refusal(_write(tmp_path, [_scheme("twice"), _scheme("once"), _scheme("twice")]))
    assert "scheme 'twice', field id: duplicate scheme id" in message
    assert "'once'" not in message


def test_every_problem_of_a_catalogue_is_reported_at_once(tmp_path: Path) -> None:
    first, second = _broken("zero weight"), _broken("unknown kind")
    second["id"] = "other-scheme"
    message = _refusal(_write(tmp_path, [first, second]))
    assert "scheme 'demo-scheme', field kpis.0.weight" in message
    assert "scheme 'other-scheme', field kpis.0.kind" in message


def test_a_file_that_is_not_yaml_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "schemes.yaml"
    path.write_text("schemes: [\n  - id: {unclosed\n", encoding="utf-8")
    assert "(file)" in _refusal(path)


def test_a_document_without_a_schemes_list_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "schemes.yaml"
    path.write_text("scheme:\n  - id: typo\n", encoding="utf-8")
    assert "expected a mapping with a 'schemes' list" in _refusal(path)


def test_a_missing_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    _refusal(tmp_path / "absent.yaml")


def test_a_misspelt_key_in_the_catalogue_file_is_refused_naming_scheme_and_field(tmp_path: Path) -> None:
    from shared.catalog import CatalogError, load_catalog

    doc = yaml.safe_load(default_catalog_path().read_text(encoding="utf-8"))
    doc["schemes"][0]["grade"] = False
    doc["schemes"][0]["kpis"][0]["wieght"] = 2
    path = tmp_path / "typo.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    message = str(info.value)
    assert f"scheme {doc['schemes'][0]['id']!r}, field grade: unknown field" in message
    assert "field kpis.0.wieght: unknown field" in message
