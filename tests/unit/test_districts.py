"""The reference data of the units: 75 districts of Uttar Pradesh in 18 divisions."""

from __future__ import annotations

import re
from typing import Any

import pytest

from shared.districts import (
    District,
    Division,
    ReferenceDataError,
    district_ids,
    load_districts,
    load_divisions,
    parse_units,
)

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Devanagari letters and signs, with the spaces and hyphens that separate words of a name.
DEVANAGARI_NAME = re.compile(r"^[\u0900-\u097F]+([ \-][\u0900-\u097F]+)*$")


def _units() -> tuple[District | Division, ...]:
    return (*load_districts(), *load_divisions())


def test_uttar_pradesh_has_seventy_five_districts_in_eighteen_divisions() -> None:
    assert len(load_districts()) == 75
    assert len(load_divisions()) == 18


def test_district_and_division_ids_are_lower_case_slugs() -> None:
    for unit in _units():
        assert SLUG.match(unit.id), unit.id


def test_district_ids_are_the_ids_of_the_loaded_districts() -> None:
    assert district_ids() == {d.id for d in load_districts()}
    assert len(district_ids()) == 75


@pytest.mark.parametrize(
    ("district", "division"),
    [
        ("kanpur-nagar", "kanpur"),
        ("kanpur-dehat", "kanpur"),
        ("auraiya", "kanpur"),
        ("lakhimpur-kheri", "lucknow"),
        ("raebareli", "lucknow"),
        ("ambedkar-nagar", "ayodhya"),
        ("amethi", "ayodhya"),
        ("ayodhya", "ayodhya"),
        ("sant-kabir-nagar", "basti"),
        ("gautam-buddh-nagar", "meerut"),
        ("hapur", "meerut"),
        ("prayagraj", "prayagraj"),
        ("pratapgarh", "prayagraj"),
        ("amroha", "moradabad"),
        ("sambhal", "moradabad"),
        ("shamli", "saharanpur"),
        ("kasganj", "aligarh"),
        ("bhadohi", "vindhyachal"),
        ("banda", "chitrakoot-dham"),
        ("shravasti", "devipatan"),
        ("mau", "azamgarh"),
        ("lalitpur", "jhansi"),
        ("budaun", "bareilly"),
        ("chandauli", "varanasi"),
        ("kushinagar", "gorakhpur"),
        ("firozabad", "agra"),
    ],
)
def test_known_district_sits_in_its_division(district: str, division: str) -> None:
    by_id = {d.id: d for d in load_districts()}
    assert by_id[district].division == division


def test_each_division_holds_the_number_of_districts_it_has_in_fact() -> None:
    sizes = {v.id: 0 for v in load_divisions()}
    for d in load_districts():
        sizes[d.division] += 1
    assert sizes == {
        "agra": 4, "aligarh": 4, "ayodhya": 5, "azamgarh": 3, "bareilly": 4, "basti": 3,
        "chitrakoot-dham": 4, "devipatan": 4, "gorakhpur": 4, "jhansi": 3, "kanpur": 6,
        "lucknow": 6, "meerut": 6, "moradabad": 5, "prayagraj": 4, "saharanpur": 3,
        "varanasi": 4, "vindhyachal": 3,
    }  # fmt: skip


def test_bhadohi_is_known_by_its_current_name_only() -> None:
    assert "bhadohi" in district_ids()
    assert "sant-ravidas-nagar" not in district_ids()


def test_every_unit_is_named_in_devanagari_and_in_english() -> None:
    for unit in _units():
        assert DEVANAGARI_NAME.match(unit.name.hi), unit.id
        assert unit.name.en.strip() and unit.name.en.isascii(), unit.id


def test_kanpur_nagar_carries_its_hindi_name() -> None:
    kanpur = next(d for d in load_districts() if d.id == "kanpur-nagar")
    assert (kanpur.name.hi, kanpur.name.en) == ("कानपुर नगर", "Kanpur Nagar")


def test_the_reference_data_is_read_once() -> None:
    assert load_districts() is load_districts()


def _doc(**overrides: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "divisions": [{"id": "kanpur", "name": {"hi": "कानपुर", "en": "Kanpur"}}],
        "districts": [
            {"id": "kanpur-nagar", "name": {"hi": "कानपुर नगर", "en": "Kanpur Nagar"}, "division": "kanpur"}
        ],
    }
    doc.update(overrides)
    return doc


def test_a_valid_document_parses() -> None:
    divisions, districts = parse_units(_doc(), "units.yaml")
    assert [d.id for d in divisions] == ["kanpur"]
    assert districts[0].division == "kanpur"


def test_a_district_in_an_unknown_division_is_refused_naming_both() -> None:
    bad = [{"id": "kanpur-nagar", "name": {"hi": "कानपुर नगर", "en": "Kanpur Nagar"}, "division": "kanpr"}]
    with pytest.raises(ReferenceDataError, match=r"units\.yaml: district 'kanpur-nagar'.*'kanpr'"):
        parse_units(_doc(districts=bad), "units.yaml")


def test_a_duplicate_district_id_is_refused() -> None:
    twice = _doc()["districts"] * 2
    with pytest.raises(ReferenceDataError, match=r"units\.yaml: duplicate district id.*kanpur-nagar"):
        parse_units(_doc(districts=twice), "units.yaml")


def test_a_division_without_districts_is_refused() -> None:
    divisions = [*_doc()["divisions"], {"id": "agra", "name": {"hi": "आगरा", "en": "Agra"}}]
    with pytest.raises(ReferenceDataError, match=r"without districts \['agra'\]"):
        parse_units(_doc(divisions=divisions), "units.yaml")


def test_an_id_that_is_not_a_slug_is_refused_naming_the_entry_and_field() -> None:
    bad = [{"id": "Kanpur Nagar", "name": {"hi": "कानपुर नगर", "en": "Kanpur Nagar"}, "division": "kanpur"}]
    with pytest.raises(ReferenceDataError, match=r"districts 'Kanpur Nagar': id:"):
        parse_units(_doc(districts=bad), "units.yaml")


def test_a_document_without_lists_is_refused() -> None:
    with pytest.raises(ReferenceDataError, match="expected a list under 'districts'"):
        parse_units({"divisions": []}, "units.yaml")
