"""Reading an NDJSON batch: one JSON submission per line."""

from __future__ import annotations

import pytest

from services.ingest.domain.lines import TooManyLines
from services.ingest.domain.ndjson_batch import read_json_line, read_ndjson


def test_each_line_is_one_submission_and_blank_lines_are_skipped_but_counted() -> None:
    lines = read_ndjson(b'{"submission_id": "a"}\n\n  \r\n{"submission_id": "b"}\r\n', 10)
    assert [(line.number, line.raw) for line in lines] == [(1, {"submission_id": "a"}), (4, {"submission_id": "b"})]


@pytest.mark.parametrize(("text", "code"), [
    (b"{not json", "malformed_json"),
    (b"[1, 2]", "not_an_object"),
    (b'"text"', "not_an_object"),
    (b'{"a": 1}\xff', "not_utf8"),
    (b"[" * 100_000, "malformed_json"),
    (b'{"n": ' + b"9" * 5000 + b"}", "malformed_json"),
])
def test_a_line_that_is_not_a_json_object_is_reported_by_number(text: bytes, code: str) -> None:
    bad, good = read_ndjson(text + b'\n{"submission_id": "b"}\n', 10)
    assert (bad.number, bad.raw, [r.code for r in bad.reasons], [r.field for r in bad.reasons]) == (
        1, None, [code], ["line"])
    assert good.raw == {"submission_id": "b"}


def test_a_single_body_names_the_body_rather_than_a_line() -> None:
    line = read_json_line(0, b"{", field="body")
    assert [(r.field, r.code) for r in line.reasons] == [("body", "malformed_json")]


def test_a_body_starting_with_a_byte_order_mark_is_read() -> None:
    assert read_json_line(0, b'\xef\xbb\xbf{"a": 1}', field="body").raw == {"a": 1}


def test_more_lines_than_a_batch_may_carry_are_refused() -> None:
    with pytest.raises(TooManyLines):
        read_ndjson(b"{}\n" * 4, 3)
