"""How the CLI speaks: text from outside (ids, paths, reasons, names) is never taken for rich
markup — a pattern such as `^[a-z0-9]+$` prints whole — and errors go to stderr unwrapped,
so that paths and reasons can be copied."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

err = Console(stderr=True, soft_wrap=True, highlight=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print `message` in red on stderr and return the Exit to raise."""
    err.print(f"[red]{escape(message)}[/red]")
    return typer.Exit(code)


def note(console: Console, message: str, style: str = "") -> None:
    """Print plain text (never markup), optionally styled as a whole."""
    console.print(Text(message, style=style), soft_wrap=True)


def cell(value: Any) -> Text:
    """A table cell from any value: None is a dash, text is literal."""
    return Text("—" if value is None else str(value))
