"""What scoring publishes is shaped exactly as the contract's models, with ids from its cause."""

import json

from services.scoring.domain.board import SchemeBoard
from services.scoring.domain.entries import Entry, evaluate
from services.scoring.domain.standings import scheme_ranked
from services.scoring.effects import Effects
from services.scoring.events import period_closed
from services.scoring.events import scheme_ranked as ranked_event
from services.scoring.internal_events import PeriodClosed, PeriodMarks
from shared.events.envelope import CloudEvent
from shared.events.scoring import PreviousResult, SchemeRanked, SchemeScored
from tests.unit.scoring.scoring_builders import kpi, scheme

SCHEME = scheme("s", [kpi("k")], department={"id": "dept", "name": {"hi": "न", "en": "n"}})


def _entry(done: float, sid: str) -> Entry:
    values = {"done": done, "due": 10.0}
    return Entry(sid, 1, "2026-03-24T10:00:00Z", None, values, evaluate(SCHEME, values))


def _effects() -> tuple[Effects, SchemeBoard]:
    board = SchemeBoard("s", "2026-03")
    effects = Effects()
    previous = PreviousResult(period="2026-02", marks=6.88, grade="B", rank=53, of=75)
    for district, done, sid in (("agra", 9, "a"), ("banda", 20, "b")):
        change = board.offer(district, _entry(done, sid))
        assert change is not None
        effects.change(board, change, SCHEME, previous if district == "agra" else None)
    return effects, board


def test_scored_events_are_cloudevents_whose_data_is_a_valid_scheme_scored() -> None:
    effects, _ = _effects()
    scored = [json.loads(value) for topic, _, value in effects.outgoing() if topic == "scores.updated"]
    for doc in scored:
        CloudEvent.model_validate(doc)
        SchemeScored.model_validate(doc["data"])
    agra, banda = (d["data"] for d in scored)
    assert (agra["marks"], agra["grade"], agra["rank"], agra["of"], agra["previous"]["rank"]) == (9.0, "A", 1, 1, 53)
    assert (banda["status"], banda["marks"], banda["rank"], banda["of"]) == ("quarantined", None, None, None)


def test_the_same_change_always_gets_the_same_event_id() -> None:
    first, _ = _effects()
    second, _ = _effects()
    ids = [[json.loads(value)["id"] for _, _, value in effects.outgoing()] for effects in (first, second)]
    assert ids[0] == ids[1]


def test_the_composite_stage_gets_each_districts_marks_keyed_by_period() -> None:
    effects, _ = _effects()
    [(topic, key, value)] = [o for o in effects.outgoing() if o[0] == "scoring.scores-by-period"]
    marks = PeriodMarks.model_validate(json.loads(value)["data"])
    assert (topic, key) == ("scoring.scores-by-period", "2026-03")
    assert [(m.district, m.marks) for m in marks.marks] == [("agra", 9.0), ("banda", None)]
    PeriodClosed.model_validate(json.loads(period_closed("2026-03")[2])["data"])


def test_a_ranking_is_a_valid_scheme_ranked_and_a_final_one_has_a_stable_id() -> None:
    _, board = _effects()
    live = scheme_ranked(board, final=False, units=75)
    SchemeRanked.model_validate(live)
    assert (live["of"], live["coverage"], live["ranks"]) == (1, 0.0133, [
        {"district": "agra", "marks": 9.0, "grade": "A", "rank": 1}])
    final = scheme_ranked(board, final=True, units=75)
    assert json.loads(ranked_event(final)[2])["id"] == json.loads(ranked_event({**final, "of": 2})[2])["id"]
    assert json.loads(ranked_event(live)[2])["id"] != json.loads(ranked_event({**live, "of": 2})[2])["id"]
