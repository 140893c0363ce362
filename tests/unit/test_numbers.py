from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.numbers import date_text, indian, month_name, ordinal
from shared.periods import financial_year, fy_periods, parse_period, previous_period


@pytest.mark.parametrize(
    ("value", "text"),
    [(175796, "1,75,796"), (26466, "26,466"), (26466.0, "26,466"), (92.69, "92.69"), (0, "0"),
     (999, "999"), (1000, "1,000"), (1234567.891, "12,34,567.89"), (18.2, "18.2")],
)
def test_numbers_use_indian_digit_grouping_and_keep_two_decimals(value: float, text: str) -> None:
    assert indian(value) == text


@given(st.integers(min_value=0, max_value=10**12))
def test_indian_grouping_is_three_digits_then_pairs_and_loses_no_digit(n: int) -> None:
    groups = indian(n).split(",")
    assert "".join(groups) == str(n)
    assert len(groups[-1]) == 3 or len(groups) == 1
    assert all(len(g) == 2 for g in groups[1:-1])
    assert 1 <= len(groups[0]) <= (3 if len(groups) == 1 else 2)


def test_months_are_written_in_the_office_spelling_in_hindi_and_in_english() -> None:
    assert month_name("2025-11", "hi") == "नवम्बर, 2025"
    assert month_name("2026-03", "hi") == "मार्च, 2026"
    assert month_name("2025-09", "hi") == "सितम्बर, 2025"
    assert month_name("2026-03", "en") == "March 2026"
    assert month_name("2025-04", "en") == "April 2025"


@pytest.mark.parametrize(
    ("n", "hi", "en"),
    [(1, "1ली", "1st"), (2, "2री", "2nd"), (3, "3री", "3rd"), (4, "4थी", "4th"), (10, "10वीं", "10th"),
     (11, "11वीं", "11th"), (12, "12वीं", "12th"), (13, "13वीं", "13th"), (21, "21वीं", "21st"),
     (45, "45वीं", "45th"), (53, "53वीं", "53rd"), (59, "59वीं", "59th"), (111, "111वीं", "111th")],
)
def test_ranks_read_as_ordinals(n: int, hi: str, en: str) -> None:
    assert ordinal(n, "hi") == hi
    assert ordinal(n, "en") == en


@pytest.mark.parametrize(
    ("period", "year"),
    [("2026-03", "2025-26"), ("2025-04", "2025-26"), ("2025-03", "2024-25"), ("1999-12", "1999-00")],
)
def test_the_financial_year_runs_from_april_to_march(period: str, year: str) -> None:
    assert financial_year(period) == year


def test_the_periods_of_a_financial_year_start_in_april_and_end_at_the_period() -> None:
    assert fy_periods("2025-04") == ["2025-04"]
    assert fy_periods("2025-11") == ["2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09",
                                     "2025-10", "2025-11"]
    year = fy_periods("2026-03")
    assert (len(year), year[0], year[8], year[-1]) == (12, "2025-04", "2025-12", "2026-03")


def test_the_previous_period_of_january_is_december_of_the_year_before() -> None:
    assert previous_period("2026-01") == "2025-12"
    assert previous_period("2026-03") == "2026-02"


@pytest.mark.parametrize("bad", ["2026-3", "2026-13", "2026-00", "26-03", "2026/03", "abcd-ef"])
def test_a_malformed_period_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="period"):
        parse_period(bad)


def test_meeting_dates_are_written_the_office_way_in_hindi_and_in_words_in_english() -> None:
    assert date_text(date(2026, 4, 16), "hi") == "16.04.2026"
    assert date_text(date(2026, 4, 6), "en") == "6 April 2026"


def test_dates_are_written_with_dots_as_officers_write_them() -> None:
    from shared.numbers import dotted_date

    assert dotted_date(date(2026, 4, 16)) == "16.04.2026"


@pytest.mark.parametrize(("value", "text"), [(9.63, "9.63"), (0, "0.00"), (10.0, "10.00"), (None, "–")])
def test_marks_keep_two_decimals(value: float | None, text: str) -> None:
    from shared.numbers import marks_text

    assert marks_text(value) == text
