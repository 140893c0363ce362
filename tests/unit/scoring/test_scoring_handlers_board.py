"""A scheme-period's board: the version that counts per district, and its ranking."""

from hypothesis import given
from hypothesis import strategies as st

from services.scoring.domain.board import SchemeBoard
from services.scoring.domain.entries import Entry, evaluate
from tests.unit.scoring.scoring_builders import kpi, scheme

RATIO = scheme("s", [kpi("k")])


def _entry(done: float, due: float = 10.0, revision: int = 1, at: str = "2026-03-24T10:00:00Z",
           sid: str | None = None) -> Entry:
    values = {"done": done, "due": due}
    return Entry(sid or f"id-{revision}-{done}", revision, at, "officer", values, evaluate(RATIO, values))


def test_the_first_submission_counts_and_is_ranked() -> None:
    board = SchemeBoard("s", "2026-03")
    change = board.offer("agra", _entry(9))
    assert change is not None and change.before is None and change.after.marks == 9.0
    assert board.rank("agra") == (1, 1)


def test_the_same_submission_again_changes_nothing() -> None:
    board = SchemeBoard("s", "2026-03")
    board.offer("agra", _entry(9, sid="x"))
    assert board.offer("agra", _entry(9, sid="x")) is None


def test_an_earlier_revision_arriving_late_changes_nothing() -> None:
    board = SchemeBoard("s", "2026-03")
    board.offer("agra", _entry(9, revision=2))
    assert board.offer("agra", _entry(1, revision=1)) is None
    assert board.entry("agra") is not None and board.entry("agra").marks == 9.0  # type: ignore[union-attr]


def test_a_quarantined_revision_takes_the_district_out_of_the_ranking() -> None:
    board = SchemeBoard("s", "2026-03")
    board.offer("agra", _entry(9))
    board.offer("banda", _entry(8))
    change = board.offer("agra", _entry(99, revision=2))
    assert change is not None and change.after.status == "quarantined"
    assert board.rank("agra") == (None, 1) and board.rank("banda") == (1, 1)


def test_a_fall_from_b_to_d_is_a_regrade_down_and_the_way_back_up() -> None:
    board = SchemeBoard("s", "2026-03")
    board.offer("agra", _entry(7))
    down = board.offer("agra", _entry(1, revision=2))
    up = board.offer("agra", _entry(9.5, revision=3))
    assert down is not None and down.regrade == -1
    assert up is not None and up.regrade == 1


def test_rescoring_reports_only_entries_whose_evaluation_changed() -> None:
    board = SchemeBoard("s", "2026-03")
    board.offer("agra", _entry(10))
    board.offer("banda", _entry(5))
    halved = scheme("s", [kpi("k", target=2.0)])
    changes = board.rescore(halved)
    assert [(c.district, c.after.marks, c.visible) for c in changes] == [("agra", 5.0, True), ("banda", 2.5, True)]
    assert board.rescore(halved) == []


def test_a_rescore_that_moves_only_kpi_scores_is_stored_but_not_announced() -> None:
    two = scheme("s", [kpi("k"), kpi("j", numerator="other", denominator="due")])
    values = {"done": 5.0, "other": 5.0, "due": 10.0}
    board = SchemeBoard("s", "2026-03", [("agra", Entry("x", 1, "2026-03-24T10:00:00Z", None, values,
                                                        evaluate(two, values)))])
    swapped = scheme("s", [kpi("k", numerator="other"), kpi("j", numerator="done", denominator="due")])
    renamed = scheme("s", [kpi("k2"), kpi("j", numerator="other", denominator="due")])
    assert board.rescore(swapped) == []
    [change] = board.rescore(renamed)
    assert not change.visible and change.after.evaluation.kpis == {"k2": 0.5, "j": 0.5}


def test_a_changed_scheme_that_reads_a_field_the_submission_lacks_quarantines_it() -> None:
    board = SchemeBoard("s", "2026-03")
    board.offer("agra", _entry(10))
    [change] = board.rescore(scheme("s", [kpi("k", numerator="paid")]))
    assert change.after.status == "quarantined"
    assert change.after.evaluation.reasons[0].code == "missing_field"


_arrivals = st.lists(
    st.tuples(st.sampled_from(["agra", "banda", "chitrakoot"]), st.integers(1, 3), st.integers(0, 12)),
    min_size=1, max_size=12,
)


@given(_arrivals, st.randoms(use_true_random=False))
def test_the_order_of_arrival_and_duplicates_never_change_the_final_board(
        arrivals: list[tuple[str, int, int]], rng: object) -> None:
    entries = [(d, _entry(float(v), revision=r, sid=f"{d}-{r}-{v}")) for d, r, v in arrivals]
    shuffled = [*entries, *entries[: len(entries) // 2]]
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    one, other = SchemeBoard("s", "p"), SchemeBoard("s", "p")
    for district, entry in entries:
        one.offer(district, entry)
    for district, entry in shuffled:
        other.offer(district, entry)
    assert list(one) == list(other)
    assert one.ranking.standings() == other.ranking.standings()
