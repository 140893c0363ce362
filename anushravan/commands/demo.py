"""`anushravan demo`: the whole product, end to end, on the embedded default."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from anushravan.commands.simulate import _until
from anushravan.demo import DEFAULT_MONTHS, DemoError, DemoOptions, run_demo
from anushravan.sim.calendar import DEFAULT_UNTIL


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo_command(
        keep: Annotated[bool, typer.Option("--keep", help="Leave the stack running afterwards")] = False,
        months: Annotated[int, typer.Option(min=2, max=24, help="Months to simulate, ending with --until")]
            = DEFAULT_MONTHS,
        districts: Annotated[int | None, typer.Option(min=10, help="Only N districts [default: all 75]")] = None,
        seed: Annotated[int, typer.Option(help="Seed of the simulated year")] = 7,
        until: Annotated[str, typer.Option(callback=_until, help="The last month, YYYY-MM")] = DEFAULT_UNTIL,
        out: Annotated[Path, typer.Option(help="Where the minutes and booklet are written")] = Path("out"),
    ) -> None:
        """A year in the life of the state, end to end: alerts, rankings and minutes (make demo)."""
        console = Console()
        try:
            run_demo(DemoOptions(months=months, districts=districts, seed=seed, until=until, keep=keep,
                                 out=out), console)
        except DemoError as exc:
            console.print(f"[red]The demo stopped: {escape(str(exc))}[/]")
            raise typer.Exit(1) from None
