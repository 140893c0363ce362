"""A period named on the command line: parsed by shared/periods.py, the one parser, and held to
the window of periods that may be named (the first financial year to the current month); read
commands also take `latest` (shared/latest.py)."""

from __future__ import annotations

import typer

from shared.clock import period_window
from shared.latest import is_latest
from shared.settings import Settings


def period_argument(value: str) -> str:
    """A typer callback: the period, or a usage error saying why it is none."""
    problem = period_window(Settings())().problem(value)
    if problem is not None:
        raise typer.BadParameter(f"{problem[1]} (e.g. 2026-03)")
    return value


def period_or_latest_argument(value: str) -> str:
    """As `period_argument`, or the word `latest` (the command resolves it against its data)."""
    return value if is_latest(value) else period_argument(value)
