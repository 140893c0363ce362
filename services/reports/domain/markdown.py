"""Free text in Markdown, escaped as HTML escapes it in the HTML minutes: what an officer types
(a directive) or a file says (a name, an instruction) stays text, and can never become a
heading, a list, a link, an image, emphasis, a table or raw HTML in an official document.

Line breaks and runs of blanks collapse to one space, as they do in HTML; every ASCII
character that can open Markdown structure inside a line is backslash-escaped (CommonMark
renders `\\*` as `*`), and so is what could open a block at the start of a line. Pure.
"""

from __future__ import annotations

import re

_BLANKS = re.compile(r"[ \t\r\n\f\v]+")
# Emphasis, code, links and images, autolinks and HTML, headings, tables (GFM), strikethrough
# (GFM), entities, and the backslash itself.
_INLINE = re.compile(r"([\\`*_\[\]<>#|~&])")
# What opens a block where a line begins: a bullet (`- `, `+ `), a heading underline or
# thematic break (`===`, `---`), a numbered item (`1. `, `1) `; not a date like 16.04.2026).
_BLOCK_START = re.compile(r"^(?:([-+=])|(\d{1,9})([.)])(?= |$))")


class MarkdownText(str):
    """A value from the minutes' data: text to be escaped wherever it is put into Markdown."""

    __slots__ = ()


def escape_markdown(text: str) -> str:
    """`text` as Markdown that renders as exactly that text (blanks collapsed)."""
    flat = _INLINE.sub(r"\\\1", _BLANKS.sub(" ", text).strip(" "))
    return _BLOCK_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", flat)


def as_text(value: object) -> object:
    """The minutes' data with every string (keys too) marked as MarkdownText, to be escaped when
    a template puts it out; numbers and the rest as they are."""
    if isinstance(value, str):
        return MarkdownText(value)
    if isinstance(value, dict):
        return {as_text(k): as_text(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_text(v) for v in value]
    return value


def finalize(value: object) -> object:
    """Jinja's `finalize` for Markdown: data is escaped, what the templates wrote is not."""
    return escape_markdown(value) if isinstance(value, MarkdownText) else value
