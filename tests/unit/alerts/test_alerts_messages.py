import pytest

from services.alerts.domain import messages
from shared.catalog import Names
from shared.events.alerts import Standing

SCPM = Names(hi="अनुसूचित जाति दशमोत्तर छात्रवृत्ति", en="SC Post-matric Scholarship")
FEBRUARY = Standing(period="2026-02", grade="B", rank=53, of=75)
MARCH = Standing(period="2026-03", grade="D", rank=71, of=75)


def test_a_grade_drop_reads_as_in_the_minutes() -> None:
    message = messages.grade_drop(SCPM, FEBRUARY, MARCH)
    assert message.hi == "अनुसूचित जाति दशमोत्तर छात्रवृत्ति में श्रेणी B से D, रैंक 53 से 71"
    assert message.en == "SC Post-matric Scholarship: grade B to D, rank 53 to 71"


def test_a_grade_drop_without_ranks_leaves_them_out() -> None:
    message = messages.grade_drop(SCPM, Standing(period="2026-02", grade="B"), MARCH)
    assert message.en == "SC Post-matric Scholarship: grade B to D"


def test_entry_into_d_says_what_it_was_last_month() -> None:
    last_month_b = messages.entered_grade_d(SCPM, "B")
    assert last_month_b.en == "SC Post-matric Scholarship: now in grade D, last month B"
    assert messages.entered_grade_d(SCPM, None).hi == (
        "अनुसूचित जाति दशमोत्तर छात्रवृत्ति में श्रेणी D, गत माह कोई श्रेणी नहीं"
    )


def test_a_rank_drop_in_hindi_names_places_and_units() -> None:
    assert messages.rank_drop(SCPM, 53, 71, 75, provisional=False).hi == (
        "अनुसूचित जाति दशमोत्तर छात्रवृत्ति में रैंक 53 से 71 (75 में), 18 स्थान नीचे"
    )


def test_months_are_named_in_each_language() -> None:
    assert messages.month("2025-11", "en") == "November 2025"
    assert messages.month("2026-03", "hi") == "मार्च 2026"


@pytest.mark.parametrize(
    ("n", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (21, "21st")]
)
def test_english_ordinals(n: int, text: str) -> None:
    assert messages.ordinal(n) == text


def test_every_message_is_non_empty_in_both_languages() -> None:
    produced = [
        messages.recovered(SCPM, MARCH, FEBRUARY),
        messages.composite_rank_drop(35, 59, 75),
        messages.implausible_data(SCPM, "s1"),
        messages.missed_deadline(SCPM, "2026-03", 25),
        messages.persistent_grade_d(SCPM, 3, "2026-01", "2026-03"),
        messages.bottom_ten_repeat(68, 75, 3, "2025-26"),
    ]
    assert all(m.hi and m.en and "{" not in m.hi + m.en and "None" not in m.hi + m.en for m in produced)
