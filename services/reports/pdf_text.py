"""Text that copies out of the PDF as it was written, Devanagari included.

What we found (WeasyPrint 70, Pango/HarfBuzz shaping, Noto Serif Devanagari): the PDF maps
glyphs back to text with one ToUnicode table per font, filled glyph by glyph in
`weasyprint.draw.text.draw_first_line`, first come first served. Devanagari shaping breaks
that model twice: a cluster such as "ति" is several glyphs (the vowel sign drawn *before* the
consonant), and WeasyPrint gives the whole cluster's text to one glyph and nothing to the
others; and a glyph shared by many clusters keeps the text of the first one it was drawn in.
So "जिला" copied out as "जला", "तथा" as "स्तिथा", and so on (WeasyPrint issue #2841, open).
No font or OpenType feature setting avoids it: any correct shaping of Devanagari makes
multi-glyph, reordered clusters, and turning shaping off would print broken words.

The PDF standard's answer for text whose glyphs do not map one-to-one back to characters is
marked content with an `/ActualText` (ISO 32000-1, 14.9.4): extractors (poppler's pdftotext,
Acrobat, pdf.js) read the text from it instead of the glyphs. We wrap each line fragment that
contains Devanagari in such a span carrying its logical text. The ToUnicode table is left as
WeasyPrint writes it; Latin-only lines, which it maps correctly, are left alone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

_INSTALLED = "_anushravan_actual_text"


def _needs_actual_text(text: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" or "\ua8e0" <= ch <= "\ua8ff" for ch in text)


def with_actual_text(draw_first_line: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap WeasyPrint's line drawing: a fragment with Devanagari is drawn inside
    `/Span <</ActualText (its text)>> BDC … EMC`."""
    import pydyf

    @functools.wraps(draw_first_line)
    def draw(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        text = textbox.text
        if not _needs_actual_text(text):
            return draw_first_line(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
        try:
            return draw_first_line(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    setattr(draw, _INSTALLED, True)
    return draw


def install() -> None:
    """Put the wrapper in place once per process (called before the first PDF is printed)."""
    import weasyprint.draw.text as text_drawing

    if not getattr(text_drawing.draw_first_line, _INSTALLED, False):
        text_drawing.draw_first_line = with_actual_text(text_drawing.draw_first_line)
