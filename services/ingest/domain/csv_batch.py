"""A CSV batch: a header row, then one submission per row.

The header names `submission_id`, `scheme`, `district`, `period` and `revision` (any
order), optionally `submitted_by`, and then one column per input field. Schemes with
different input fields can share one file: an empty cell means the field is absent, so a
row's `values` are its non-empty input-field cells. An empty `revision` cell means 1.
Cells that are not numbers are passed on as text, to be refused as `not_a_number`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

from services.ingest.domain.lines import MAX_LINE_TEXT, Line, TooManyLines, UnreadableBatch, unreadable
from shared.events.ingest import Reason

REQUIRED = ("submission_id", "scheme", "district", "period", "revision")
OPTIONAL = ("submitted_by",)
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_NON_FINITE = re.compile(r"[+-]?(inf|infinity|nan)", re.IGNORECASE)
_INTEGER = re.compile(r"[+-]?\d{1,12}")


def read_csv(body: bytes, max_lines: int) -> list[Line]:
    """Every data row of a CSV body (UTF-8, an optional BOM) as a Line, numbered by the
    physical line it starts on (the header is line 1)."""
    # surrogateescape keeps undecodable bytes, so one bad row cannot hide the good ones.
    text = body.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    # Lines end at \n, \r\n or \r, as the csv module and text editors count them.
    physical = list(io.StringIO(text, newline=""))
    rows = _rows(physical)
    header = next(rows, None)
    if header is None or isinstance(header[1], str):
        why = "the body is empty" if header is None else f"the header is not CSV: {header[1]}"
        raise UnreadableBatch([Reason(field="header", code="invalid_header", message=why)])
    columns = _columns(header[1])
    lines: list[Line] = []
    for number, cells in rows:
        if isinstance(cells, list) and not any(c.strip() for c in cells):
            continue
        if len(lines) >= max_lines:
            raise TooManyLines(max_lines)
        lines.append(_line(number, cells, columns, physical))
    return lines


def _rows(physical: list[str]) -> Iterator[tuple[int, list[str] | str]]:
    """(line number where the row starts, its cells or why it is not CSV)."""
    reader = csv.reader(physical, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, str(exc)
            continue
        yield start, cells


def _columns(header: list[str]) -> list[str]:
    columns = [c.strip() for c in header]
    problems: list[str] = []
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.append(f"the header lacks {', '.join(missing)}")
    twice = sorted({c for c in columns if columns.count(c) > 1})
    if twice:
        problems.append(f"the header names {', '.join(twice)} more than once")
    if any(not c or _has_bad_bytes(c) for c in columns):
        problems.append("the header has an empty or undecodable column name")
    if problems:
        raise UnreadableBatch([Reason(field="header", code="invalid_header", message="; ".join(problems))])
    return columns


def _line(number: int, cells: list[str] | str, columns: list[str], physical: list[str]) -> Line:
    # Undecodable bytes become U+FFFD in what is echoed back or published as rejected.
    text = "".join(physical[number - 1:number])[:MAX_LINE_TEXT]
    text = text.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")
    if isinstance(cells, str):
        return unreadable(number, text, "line", "malformed_csv", f"not CSV: {cells}")
    if len(cells) != len(columns):
        return unreadable(number, text, "line", "wrong_cell_count",
                          f"{len(cells)} cells where the header has {len(columns)}")
    if any(_has_bad_bytes(c) for c in cells):
        return unreadable(number, text, "line", "not_utf8", "the line is not valid UTF-8")
    raw: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for name, cell in zip(columns, cells, strict=True):
        cell = cell.strip()
        if name in REQUIRED or name in OPTIONAL:
            if cell:
                raw[name] = _integer(cell) if name == "revision" else cell
        elif cell:
            values[name] = number_or_text(cell)
    raw["values"] = values
    return Line(number, raw, text)


def number_or_text(cell: str) -> float | str:
    """A numeric cell as a float (infinity and NaN included, to be refused as non-finite);
    anything else as it was written."""
    if _DECIMAL.fullmatch(cell) or _NON_FINITE.fullmatch(cell):
        return float(cell)
    return cell


def _integer(cell: str) -> int | str:
    return int(cell) if _INTEGER.fullmatch(cell) else cell


def _has_bad_bytes(cell: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in cell)
