"""Free text in the Markdown minutes is escaped as the HTML minutes escape it: whatever an
officer types renders as that text, never as a heading, list, link, image, table or HTML."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from services.reports.domain.markdown import escape_markdown
from services.reports.rendering import render_minutes
from tests.unit.reports.test_reports_rendering import _minutes

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
FORGERY = ("Report by Friday\n\n# Forged heading\n## Another\nSetext\n===\n- a bullet\n1. a number\n"
           "> a quote\n    code block\n[click here](http://evil.example) ![logo](http://evil.example/x.png) "
           "<img src=x onerror=alert(1)> <script>alert(1)</script> &copy; **bold** _em_ `code` ~~gone~~\n"
           "| a | b |\n|---|---|\n| 1 | 2 |\n---\n***")
JS_BLANKS = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
STRUCTURE = {"heading_open", "bullet_list_open", "ordered_list_open", "blockquote_open", "code_block", "fence",
             "link_open", "image", "html_inline", "html_block", "strong_open", "em_open", "code_inline", "s_open",
             "table_open", "hr"}


def _kinds(markdown: str) -> list[str]:
    found = []
    for token in PARSER.parse(markdown):
        found.append(token.type)
        found.extend(child.type for child in token.children or ())
    return found


def _visible(markdown: str) -> str:
    return "".join(c.content for t in PARSER.parse(markdown) for c in t.children or () if c.type == "text")


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=80))
def test_escaped_text_renders_as_one_paragraph_of_exactly_that_text(text: str) -> None:
    markdown = "Directive: " + escape_markdown(text)
    assert [t.type for t in PARSER.parse(markdown)] == ["paragraph_open", "inline", "paragraph_close"]
    assert set(_kinds(markdown)) <= {"paragraph_open", "inline", "paragraph_close", "text"}
    # A paragraph's trailing blanks are not part of it (markdown-it trims as JavaScript's trim does).
    assert _visible(markdown) == ("Directive: " + re.sub(r"[ \t\r\n\f\v]+", " ", text).strip(" ")).rstrip(JS_BLANKS)


def test_a_date_or_a_plain_sentence_is_left_readable() -> None:
    assert escape_markdown("meeting of 16.04.2026, 3 p.m.") == "meeting of 16.04.2026, 3 p.m."
    assert escape_markdown("1. First\n2. Second") == "1\\. First 2. Second"


def _md(directive: str | None) -> str:
    directives: dict[str, Any] = {"2026-03:welfare-d": directive} if directive else {}
    return render_minutes(_minutes(directives=directives), "en", "md").decode("utf-8")


def test_a_directive_with_markdown_structure_adds_none_to_the_minutes() -> None:
    plain, forged = _md(None), _md(FORGERY)
    assert sorted(k for k in _kinds(forged) if k in STRUCTURE) == sorted(k for k in _kinds(plain) if k in STRUCTURE)
    assert "Forged heading" in _visible(forged) and "[click here](http://evil.example)" in _visible(forged)
    assert "<script>" not in PARSER.render(forged) and "<img" not in PARSER.render(forged)
