import json

import pytest

from services.scoring.domain.explain import SchemeResult, explain_change
from tests.unit.scoring.scoring_builders import kpi, scheme

BIRTHS = [kpi("a", numerator="a", denominator="n"), kpi("b", numerator="b", denominator="n", weight=3)]
JSY = scheme("jsy", BIRTHS, composite_weight=2.0)
SCHOLARSHIP = scheme("scholarship", [kpi("disposal")])
SURVEY = scheme("survey", graded=False)
UNREPORTED = scheme("unreported")
CATALOGUE = [JSY, SCHOLARSHIP, SURVEY, UNREPORTED]
FEBRUARY = {
    "jsy": SchemeResult(8.0, {"a": 0.8, "b": 0.8}),
    "scholarship": SchemeResult(6.0, {"disposal": 0.6}),
    "survey": SchemeResult(1.0, {"k": 0.1}),
}
MARCH = {
    "jsy": SchemeResult(5.0, {"a": 0.8, "b": 0.4}),
    "scholarship": SchemeResult(7.0, {"disposal": 0.7}),
    "survey": SchemeResult(9.0, {"k": 0.9}),
}


def test_composite_before_after_and_change_are_published_marks() -> None:
    explanation = explain_change(FEBRUARY, MARCH, CATALOGUE)
    assert (explanation.before, explanation.after, explanation.change) == (5.5, 4.25, -1.25)


def test_each_graded_scheme_contributes_its_weighted_share_largest_first() -> None:
    schemes = explain_change(FEBRUARY, MARCH, CATALOGUE).schemes
    assert [(s.scheme, s.before, s.after, s.contribution) for s in schemes] == [
        ("jsy", 8.0, 5.0, -1.5),  # 2 × (5 − 8) / 4
        ("scholarship", 6.0, 7.0, 0.25),  # 1 × (7 − 6) / 4
    ]


def test_each_kpi_contributes_its_share_of_its_schemes_change() -> None:
    jsy = explain_change(FEBRUARY, MARCH, CATALOGUE).schemes[0]
    assert [(k.kpi, k.before, k.after, k.contribution) for k in jsy.kpis] == [
        ("b", 0.8, 0.4, -1.5),  # 10 × 3 × (0.4 − 0.8) / 4, times 2 / 4
        ("a", 0.8, 0.8, 0.0),
    ]


def test_a_scheme_no_longer_reported_contributes_the_loss_of_all_its_marks() -> None:
    march = {"jsy": FEBRUARY["jsy"]}
    [scholarship, jsy] = explain_change(FEBRUARY, march, CATALOGUE).schemes
    assert (scholarship.scheme, scholarship.after, scholarship.contribution) == ("scholarship", None, -1.5)
    assert scholarship.kpis[0].after is None
    assert scholarship.kpis[0].contribution == -1.5
    assert jsy.contribution == 0.0


def test_contributions_add_up_to_the_change_in_composite() -> None:
    explanation = explain_change(FEBRUARY, MARCH, CATALOGUE)
    assert sum(s.contribution for s in explanation.schemes) == pytest.approx(explanation.change)
    for s in explanation.schemes:
        assert sum(k.contribution for k in s.kpis) == pytest.approx(s.contribution)


def test_an_explanation_serialises_to_plain_json() -> None:
    document = explain_change(FEBRUARY, MARCH, CATALOGUE).to_dict()
    assert json.loads(json.dumps(document)) == document
    assert document["schemes"][0]["kpis"][0] == {
        "kpi": "b",
        "before": 0.8,
        "after": 0.4,
        "contribution": -1.5,
    }
    assert set(document) == {"before", "after", "change", "schemes"}
