"""Download names from data are safe in a header and in a file system (RFC 6266, RFC 8187)."""

from __future__ import annotations

from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st

from shared.disposition import content_disposition


def test_a_plain_name_is_given_both_ways_unchanged() -> None:
    assert content_disposition("minutes-kanpur-nagar-2026-03-v3-hi.md") == (
        "inline; filename=\"minutes-kanpur-nagar-2026-03-v3-hi.md\"; "
        "filename*=UTF-8''minutes-kanpur-nagar-2026-03-v3-hi.md")


def test_a_hindi_name_keeps_its_exact_form_in_filename_star_and_an_ascii_fallback() -> None:
    header = content_disposition("कार्यवृत्त कानपुर नगर 2026-03.pdf", "attachment")
    assert header.startswith('attachment; filename="')
    assert unquote(header.split("filename*=UTF-8''")[1]) == "कार्यवृत्त कानपुर नगर 2026-03.pdf"


@given(st.text(max_size=60))
def test_no_name_can_break_the_header_or_reach_another_directory(name: str) -> None:
    header = content_disposition(name)
    header.encode("latin-1")  # a header value: bytes a client reads as Latin-1, here all ASCII
    assert header.isascii() and not any(c in header for c in "\r\n\x00")
    fallback = header.split('filename="')[1].split('"')[0]
    assert fallback and "/" not in fallback and "\\" not in fallback
    exact = unquote(header.split("filename*=UTF-8''")[1], errors="strict")
    assert exact and not any(c in exact for c in '/\\"\r\n\x00')
