from services.reports.domain.booklet import assemble_booklet, movement
from tests.unit.reports.reports_builders import minutes_input, scheme, standing


def test_the_booklet_lists_every_scheme_by_department_in_catalogue_order() -> None:
    inp = minutes_input(
        standing(scheme("b1", "beta"), "A", 3),
        standing(scheme("a1", "alpha"), "D", 70),
        standing(scheme("b2", "beta", graded=False), None, 9, marks=5.0),
        standing(scheme("a2", "alpha"), None, None, status="missing"),
    )
    booklet = assemble_booklet(inp)
    assert [(d["department"], [e["scheme"] for e in d["schemes"]]) for d in booklet["departments"]] == [
        ("beta", ["b1", "b2"]), ("alpha", ["a1", "a2"])]
    assert booklet["header"]["month"] == {"hi": "मार्च, 2026", "en": "March 2026"}


def test_a_booklet_entry_carries_figures_marks_grade_rank_movement_and_officer() -> None:
    inp = minutes_input(standing(scheme("s", "d"), "C", 60, marks=4.12, previous_rank=58,
                                 previous_grade="C", figures={"done": 1, "due": 4}))
    [entry] = assemble_booklet(inp)["departments"][0]["schemes"]
    assert (entry["marks"], entry["grade"], entry["rank"], entry["of"]) == (4.12, "C", 60, 75)
    assert entry["movement"] == {"places": -2, "direction": "down", "arrow": "▼"}
    assert entry["facts"][0]["en"] == "1 done against due 4 (25%)"
    assert entry["officer"]["en"] == "District Officer"


def test_movement_is_places_gained_since_last_period() -> None:
    assert movement(10, 25) == {"places": 15, "direction": "up", "arrow": "▲"}
    assert movement(71, 53) == {"places": -18, "direction": "down", "arrow": "▼"}
    assert movement(44, 44) == {"places": 0, "direction": "same", "arrow": "="}
    assert movement(44, None) is None
    assert movement(None, 3) is None
