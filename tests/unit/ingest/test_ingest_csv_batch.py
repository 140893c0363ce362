"""Reading a CSV batch: one submission per row, numbered by the line it is on."""

from __future__ import annotations

import csv
import io
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.ingest.domain.csv_batch import number_or_text, read_csv
from services.ingest.domain.lines import TooManyLines, UnreadableBatch

HEADER = "submission_id,scheme,district,period,revision,received,pending\n"


def rows(*lines: str, header: str = HEADER) -> bytes:
    return (header + "".join(line + "\n" for line in lines)).encode()


def test_a_row_becomes_a_submission_with_its_figures_as_numbers() -> None:
    [line] = read_csv(rows("s1,scholarship,agra,2026-03,2,100,2.5"), 10)
    assert line.number == 2
    assert line.raw == {"submission_id": "s1", "scheme": "scholarship", "district": "agra",
                        "period": "2026-03", "revision": 2, "values": {"received": 100.0, "pending": 2.5}}


def test_an_empty_cell_means_the_field_is_absent_so_schemes_can_share_a_file() -> None:
    [line] = read_csv(rows("s1,scholarship,agra,2026-03,,100,"), 10)
    assert line.raw is not None
    assert line.raw["values"] == {"received": 100.0}
    assert "revision" not in line.raw  # the default, 1, applies


def test_the_header_columns_may_come_in_any_order_and_submitted_by_is_optional() -> None:
    header = "received,period,district,scheme,submission_id,revision,submitted_by\n"
    [line] = read_csv(rows("7,2026-03,agra,scholarship,s1,1,DSWO Agra", header=header), 10)
    assert line.raw is not None
    assert line.raw["submitted_by"] == "DSWO Agra" and line.raw["values"] == {"received": 7.0}


def test_lines_are_numbered_as_an_editor_shows_them_with_crlf_blank_lines_and_a_bom() -> None:
    data = b"s1,a,b,2026-03,1,1,1\r\n\r\ns2,a,b,2026-03,1,1,1\r\n"
    body = b"\xef\xbb\xbf" + HEADER.replace("\n", "\r\n").encode() + data
    assert [line.number for line in read_csv(body, 10)] == [2, 4]


def test_a_cell_that_is_not_a_number_is_passed_on_as_text_to_be_refused() -> None:
    [line] = read_csv(rows("s1,a,b,2026-03,one,lots,1e3"), 10)
    assert line.raw is not None
    assert line.raw["revision"] == "one"
    assert line.raw["values"] == {"received": "lots", "pending": 1000.0}


@pytest.mark.parametrize("cell", ["inf", "-Infinity", "NaN"])
def test_infinite_and_nan_cells_are_read_as_numbers_to_be_refused_as_non_finite(cell: str) -> None:
    value = number_or_text(cell)
    assert isinstance(value, float) and not math.isfinite(value)


@pytest.mark.parametrize("text", ["1_000", "0x10", "1,000", "12 34", ""])
def test_python_number_spellings_that_are_not_decimals_stay_text(text: str) -> None:
    assert number_or_text(text) == text


@pytest.mark.parametrize(("line", "code"), [
    ("s1,a,b,2026-03,1,1", "wrong_cell_count"),
    ('s1,"a"x,b,2026-03,1,1,1', "malformed_csv"),
])
def test_a_row_that_cannot_be_read_is_reported_without_blocking_the_others(line: str, code: str) -> None:
    bad, good = read_csv(rows(line, "s2,a,b,2026-03,1,1,1"), 10)
    assert (bad.number, bad.raw, [r.code for r in bad.reasons]) == (2, None, [code])
    assert good.raw is not None and good.number == 3


def test_a_row_that_is_not_utf8_is_reported_and_echoed_with_replacement_characters() -> None:
    body = HEADER.encode() + b"s1,\xff\xfe,b,2026-03,1,1,1\ns2,a,b,2026-03,1,1,1\n"
    bad, good = read_csv(body, 10)
    assert [r.code for r in bad.reasons] == ["not_utf8"]
    assert "\ufffd" in bad.text
    bad.text.encode("utf-8")  # safe to publish and to answer
    assert good.raw is not None


@pytest.mark.parametrize(("header", "why"), [
    ("submission_id,scheme,district,period,received\n", "lacks revision"),
    ("submission_id,scheme,district,period,revision,x,x\n", "x more than once"),
    ("", "empty"),
])
def test_a_body_without_a_usable_header_is_refused_as_a_whole(header: str, why: str) -> None:
    with pytest.raises(UnreadableBatch, match=why) as raised:
        read_csv(header.encode() + b"s1,a,b,2026-03,1,1,1\n" if header else b"", 10)
    assert raised.value.reasons[0].code == "invalid_header"


def test_more_rows_than_a_batch_may_carry_are_refused_before_any_is_examined() -> None:
    with pytest.raises(TooManyLines):
        read_csv(rows(*["s,a,b,2026-03,1,1,1"] * 4), 3)
    assert len(read_csv(rows(*["s,a,b,2026-03,1,1,1"] * 3), 3)) == 3


FIGURE = st.one_of(st.integers(0, 10**12), st.floats(0, 1e12, allow_nan=False))
ID = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]),
             min_size=1, max_size=20)


@given(st.lists(st.tuples(ID, st.integers(1, 99), st.one_of(st.none(), FIGURE), FIGURE), min_size=1, max_size=20))
def test_whatever_a_csv_writer_writes_reads_back_as_the_same_submissions(
    submissions: list[tuple[str, int, float | None, float]],
) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["submission_id", "scheme", "district", "period", "revision", "received", "pending"])
    for sid, revision, received, pending in submissions:
        writer.writerow([sid, "s", "d", "2026-03", revision, "" if received is None else received, pending])
    lines = read_csv(out.getvalue().encode(), 100)
    assert [line.raw for line in lines] == [
        {"submission_id": sid.strip(), "scheme": "s", "district": "d", "period": "2026-03", "revision": revision,
         "values": {**({} if received is None else {"received": float(received)}), "pending": float(pending)}}
        for sid, revision, received, pending in submissions
    ]
