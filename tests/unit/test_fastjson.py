"""shared.fastjson reads and writes what the standard library's json reads and writes."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared import fastjson

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                    st.text())
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(st.text(), inner, max_size=4)),
                         max_leaves=20)


def _surrogate_free(value: Any) -> bool:
    return "\\ud" not in json.dumps(value).lower()


@given(documents)
def test_what_it_writes_reads_back_as_the_standard_library_reads_it(value: Any) -> None:
    if not _surrogate_free(value):
        return  # lone surrogates are not UTF-8: neither writer can put them in a Kafka message
    written = fastjson.dumps(value)
    assert json.loads(written) == json.loads(json.dumps(value, ensure_ascii=False))
    assert fastjson.loads(written) == json.loads(written)


@pytest.mark.parametrize("raw", [b'{"a":NaN}', b'{"a":Infinity}', b'{"a":1e400}', b'{"a":' + b"9" * 400 + b"}",
                                 b'{"a":"\\ud800"}', b'{"a":' + b"[" * 500 + b"]" * 500 + b"}", b'\xef\xbb\xbf{"a":1}'])
def test_what_the_fast_reader_refuses_or_might_misread_is_read_as_the_standard_library_reads_it(raw: bytes) -> None:
    got, expected = fastjson.loads(raw)["a"], json.loads(raw)["a"]
    assert got == expected or (math.isnan(got) and math.isnan(expected))


@pytest.mark.parametrize("raw", [b"not json", b"\xff\xfe\x00", b"[" * 100_000 + b"]" * 100_000, b'{"a":', b"[1,]",
                                 b"9" * 5_000])
def test_what_is_not_json_fails_with_the_standard_library_errors(raw: bytes) -> None:
    with pytest.raises((UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError)) as caught:
        fastjson.loads(raw)
    with pytest.raises(type(caught.value)):
        json.loads(raw)


@given(documents, st.sampled_from([None, 0, 2, "\t"]))
def test_long_integers_are_read_exactly_however_the_text_is_laid_out(value: Any, indent: int | str | None) -> None:
    raw = json.dumps(value, indent=indent)
    assert fastjson.loads(raw) == json.loads(raw)
    assert fastjson.loads(raw.encode()) == json.loads(raw)


@pytest.mark.parametrize("raw", [b"12345678901234567890", b' [ -12345678901234567890 ]',
                                 b'{"a" :\n 12345678901234567890}', b'{"a":[1,\t12345678901234567890]}'])
def test_an_integer_beyond_64_bits_stays_exact(raw: bytes) -> None:
    assert fastjson.loads(raw) == json.loads(raw)
    assert "12345678901234567890" in repr(fastjson.loads(raw))


def test_digits_inside_strings_keep_the_fast_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(raw: bytes | str) -> Any:
        raise AssertionError("read by the standard library")

    monkeypatch.setattr(fastjson.json, "loads", refuse)
    raw = b'{"id":"ks-1763812345678901234-7","data":{"submission_id":"x1763812345678901234567"}}'
    assert fastjson.loads(raw)["data"]["submission_id"] == "x1763812345678901234567"
