"""A readable difference between two versions of the minutes (pure): line by line, and word
by word inside a changed line, with long unchanged stretches folded. Each row says what it is
(kept, removed, added, changed), so a page can mark it in words and symbols, not colour alone."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

Kind = Literal["same", "removed", "added", "changed", "folded"]
Part = tuple[Literal["same", "removed", "added"], str]
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Row:
    """One line of the comparison. `old`/`new` are the line numbers (1-based) on each side;
    `before`/`after` the words of a changed line, each marked; `folded` how many unchanged
    lines a folded row stands for."""

    kind: Kind
    old: int | None = None
    new: int | None = None
    text: str = ""
    before: tuple[Part, ...] = field(default=())
    after: tuple[Part, ...] = field(default=())
    folded: int = 0


def words(a: str, b: str) -> tuple[tuple[Part, ...], tuple[Part, ...]]:
    """`a` and `b` as runs of words, each kept, removed (from a) or added (in b)."""
    ta, tb = _TOKENS.findall(a), _TOKENS.findall(b)
    before: list[Part] = []
    after: list[Part] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if op == "equal":
            before.append(("same", "".join(ta[i1:i2])))
            after.append(("same", "".join(tb[j1:j2])))
            continue
        if i2 > i1:
            before.append(("removed", "".join(ta[i1:i2])))
        if j2 > j1:
            after.append(("added", "".join(tb[j1:j2])))
    return tuple(before), tuple(after)


def compare(a: str, b: str, context: int | None = 2) -> list[Row]:
    """The rows that turn text `a` into text `b`; unchanged runs longer than 2 × `context` + 1
    lines keep `context` lines on each side and fold the rest into one row (None: no folding)."""
    la, lb = a.splitlines(), b.splitlines()
    rows: list[Row] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, la, lb, autojunk=False).get_opcodes():
        if op == "equal":
            rows.extend(Row("same", i1 + k + 1, j1 + k + 1, la[i1 + k]) for k in range(i2 - i1))
        elif op == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                before, after = words(la[i1 + k], lb[j1 + k])
                rows.append(Row("changed", i1 + k + 1, j1 + k + 1, before=before, after=after))
        else:
            rows.extend(Row("removed", i + 1, None, la[i]) for i in range(i1, i2))
            rows.extend(Row("added", None, j + 1, lb[j]) for j in range(j1, j2))
    return rows if context is None else fold(rows, context)


def fold(rows: Sequence[Row], context: int) -> list[Row]:
    """Unchanged runs beyond `context` lines from a change become one `folded` row."""
    out: list[Row] = []
    run: list[Row] = []

    def flush(last: bool) -> None:
        head = 0 if not out else context  # no change above: nothing to keep before
        tail = 0 if last else context
        if len(run) > head + tail + 1:
            out.extend(run[:head])
            out.append(Row("folded", folded=len(run) - head - tail))
            out.extend(run[len(run) - tail:] if tail else [])
        else:
            out.extend(run)
        run.clear()

    for row in rows:
        if row.kind == "same":
            run.append(row)
            continue
        flush(last=False)
        out.append(row)
    flush(last=True)
    return out


def changed(rows: Sequence[Row]) -> int:
    """How many rows differ (0: the two texts say the same)."""
    return sum(1 for r in rows if r.kind in ("removed", "added", "changed"))
