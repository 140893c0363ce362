"""Which language a piece of free text is written in, so that a directive typed in Hindi is
marked as such in the English minutes (and the other way round) instead of passing for a
translation."""

from __future__ import annotations

from typing import Literal

Lang = Literal["hi", "en"]


def _devanagari(ch: str) -> bool:
    return "\u0900" <= ch <= "\u097f" or "\ua8e0" <= ch <= "\ua8ff"


def language_of(text: str | None) -> Lang | None:
    """`"hi"` when most letters are Devanagari, `"en"` when most are Latin; None for text
    without letters (numbers, punctuation) or nothing at all."""
    if not text:
        return None
    devanagari = sum(1 for ch in text if _devanagari(ch))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if devanagari == latin == 0:
        return None
    return "hi" if devanagari >= latin else "en"
