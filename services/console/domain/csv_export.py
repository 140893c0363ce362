"""Downloads as CSV (RFC 4180, UTF-8 with a byte-order mark so that spreadsheet programs read
Hindi), safe to open: a cell that a spreadsheet would take for a formula — starting with `=`,
`+`, `-`, `@`, a tab or a carriage return (OWASP's list) — is written with a leading apostrophe,
so text from outside (a note, a reason, an officer's name) can never run as one. Pure."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def cell(value: object) -> str:
    """A value as a CSV cell's text; None is empty; a formula-looking text is defused."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The whole file: a header line, then one line per row, every cell through `cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([cell(h) for h in header])
    writer.writerows([cell(v) for v in row] for row in rows)
    return BOM + out.getvalue()
