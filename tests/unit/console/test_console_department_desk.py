"""The department desk's pure part: every district's cell for each scheme, the days to the
deadline in India's calendar, quarantined figures, revisions after the deadline, grade D."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from services.console.domain.department import after_deadline, days_left, desk
from tests.unit.console.console_builders import scheme

PENSION = scheme("old-age-pension", "social-welfare")  # deadline day 25


def row(district: str, **fields: object) -> dict[str, object]:
    return {"scheme": "old-age-pension", "district": district, "status": "scored", "grade": "B", "marks": 7.0,
            "revision": 1, "submitted_at": "2026-03-10T10:00:00Z", "reasons": [], **fields}


def test_each_district_has_its_cell_and_those_without_figures_are_missing() -> None:
    rows = [row("agra"), row("lucknow", status="quarantined", grade=None, marks=None,
                             reasons=[{"field": "values.paid", "code": "implausible", "message": "paid > 1.5 × due"}]),
            row("kanpur-nagar", grade="D", marks=1.2)]
    [found] = desk([PENSION], ["agra", "lucknow", "kanpur-nagar", "banda"], rows, "2026-03", date(2026, 3, 22))
    assert [(c.district, c.state) for c in found.cells] == [
        ("agra", "scored"), ("lucknow", "quarantined"), ("kanpur-nagar", "scored"), ("banda", "missing")]
    assert found.submitted == 3 and [c.district for c in found.of("missing")] == ["banda"]
    assert found.of("quarantined")[0].reasons == ("paid > 1.5 × due",)
    assert [c.district for c in found.grade_d] == ["kanpur-nagar"]
    assert (found.deadline, found.days_left) == (date(2026, 3, 25), 3)


def test_a_revision_counts_as_late_once_the_deadline_day_has_ended_in_india() -> None:
    # 25 March ends at 18:30 UTC in India; a first submission is never "revised" late.
    rows = [row("agra", revision=2, submitted_at="2026-03-25T18:29:59Z"),
            row("lucknow", revision=2, submitted_at="2026-03-25T18:30:00Z"),
            row("banda", revision=1, submitted_at="2026-04-02T09:00:00+05:30")]
    [found] = desk([PENSION], ["agra", "lucknow", "banda"], rows, "2026-03", date(2026, 4, 3))
    assert [c.district for c in found.late] == ["lucknow"]
    assert found.days_left == -9


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
       st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)))
def test_days_left_count_down_to_zero_on_the_deadline_and_below_after(deadline: date, today: date) -> None:
    left = days_left(deadline, today)
    assert (left > 0) == (today < deadline) and (left == 0) == (today == deadline)
    assert not after_deadline(None, deadline) and not after_deadline("", deadline)
