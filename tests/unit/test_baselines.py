"""The shipped baselines: every district, real Census figures, inherited ones named."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from services.scoring.domain.peers import baseline_bands, group_ranks, indicators
from shared.baselines import load_baselines, parse_baselines
from shared.districts import ReferenceDataError, district_ids, load_districts


def test_every_district_has_a_baseline_and_the_four_carved_out_inherit_their_parents() -> None:
    baselines = load_baselines()
    assert set(baselines) == district_ids() and len(baselines) == 75
    inherited = {d: b.inherits for d, b in baselines.items() if b.inherits}
    assert inherited == {"amethi": "sultanpur", "hapur": "ghaziabad", "sambhal": "moradabad",
                         "shamli": "muzaffarnagar"}
    assert baselines["hapur"].population == baselines["ghaziabad"].population
    assert sum(b.population for d, b in baselines.items() if d not in inherited) == 199_812_341  # UP, 2011


def test_kanpur_nagar_is_counted_as_the_census_published_it() -> None:
    kanpur = load_baselines()["kanpur-nagar"]
    assert (kanpur.census_code, kanpur.census_name, kanpur.population) == (164, "Kanpur Nagar", 4_581_268)
    assert indicators(kanpur).literacy == 70.79 and indicators(kanpur).non_farm == 70.91


def test_the_shipped_districts_fall_into_five_bands_of_fifteen() -> None:
    bands = baseline_bands(load_baselines())
    assert Counter(bands.values()) == {f"band-{n}": 15 for n in range(1, 6)}
    assert bands["kanpur-nagar"] == bands["lucknow"] == bands["ghaziabad"] == "band-1"
    assert bands["shravasti"] == bands["bahraich"] == "band-5"


def test_a_district_is_ranked_within_its_division_of_the_shipped_reference_data() -> None:
    division = {d.id: d.division for d in load_districts()}
    marks = {"kanpur-nagar": 8.91, "kanpur-dehat": 9.2, "etawah": 8.91, "auraiya": 7.0, "lucknow": 9.9}
    ranks = group_ranks(marks, division)
    assert (ranks["kanpur-nagar"].group, ranks["kanpur-nagar"].rank, ranks["kanpur-nagar"].of) == ("kanpur", 2, 4)
    assert ranks["lucknow"].rank == 1 and ranks["lucknow"].of == 1


def _doc(*rows: dict[str, Any]) -> dict[str, Any]:
    return {"districts": list(rows)}


ROW = {"population": 10, "literates": 5, "workers": 4, "cultivators": 1, "agricultural_labourers": 1}


@pytest.mark.parametrize(("doc", "says"), [
    (_doc({"id": "a", **ROW}), "missing ['b']"),
    (_doc({"id": "a", **ROW}, {"id": "b", "inherits": "c"}), "inherits from 'c'"),
    (_doc({"id": "a", **ROW, "literates": 11}, {"id": "b", **ROW}), "cannot exceed the population"),
    (_doc({"id": "a", **ROW}, {"id": "b", "inherits": "a", "population": 3}), "gives no counts"),
    (_doc({"id": "a", **ROW}, {"id": "a", **ROW}), "given twice"),
    (_doc({"id": "a", "population": 1}, {"id": "b", **ROW}), "missing ['literates'"),
    ({"rows": []}, "'districts' list"),
])
def test_a_baseline_file_that_cannot_be_right_is_refused_naming_the_district(doc: Any, says: str) -> None:
    with pytest.raises(ReferenceDataError, match=None) as raised:
        parse_baselines(doc, ["a", "b"], "baselines.yaml")
    assert says in str(raised.value) and "baselines.yaml" in str(raised.value)
