"""An NDJSON batch: one JSON submission per line; blank lines are skipped but counted."""

from __future__ import annotations

import json

from services.ingest.domain.lines import MAX_LINE_TEXT, Line, TooManyLines, unreadable


def read_ndjson(body: bytes, max_lines: int) -> list[Line]:
    """Every non-blank line of an NDJSON body as a Line, numbered from 1."""
    lines: list[Line] = []
    for number, chunk in enumerate(body.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        if not chunk.strip():
            continue
        if len(lines) >= max_lines:
            raise TooManyLines(max_lines)
        lines.append(read_json_line(number, chunk))
    return lines


def read_json_line(number: int, chunk: bytes, field: str = "line") -> Line:
    """One line (or, with field="body", a whole body): a JSON object, or why it is not one."""
    try:
        # utf-8-sig: a body saved by a Windows editor starts with a byte-order mark.
        text = chunk.decode("utf-8-sig").strip()
    except UnicodeDecodeError as exc:
        return unreadable(number, chunk.decode("utf-8", errors="replace"), field, "not_utf8",
                          f"not valid UTF-8 at byte {exc.start}")
    try:
        doc = json.loads(text)
    except ValueError as exc:
        return unreadable(number, text, field, "malformed_json", f"not JSON: {exc}")
    except RecursionError:
        return unreadable(number, text, field, "malformed_json", "not JSON: nested too deeply")
    if not isinstance(doc, dict):
        return unreadable(number, text, field, "not_an_object", "a submission is a JSON object")
    return Line(number, doc, text[:MAX_LINE_TEXT])
