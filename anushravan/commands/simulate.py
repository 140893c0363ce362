"""`anushravan simulate`: a simulated year of submissions, written as NDJSON or (`--send`) played
into the running stack month by month, as the demo does: departments' portals upload CSV
sheets with their keys and publish to Kafka, duplicates and corrections follow, each month's
deadline passes and the month is frozen, so every district gets its history of final ranks."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from anushravan.sim.calendar import DEFAULT_UNTIL
from anushravan.simulate import SimConfig, Simulation, simulate, tally, write_ndjson
from shared.catalog import CatalogError, default_catalog_path, load_catalog
from shared.districts import load_districts
from shared.periods import parse_period

err = Console(stderr=True, soft_wrap=True)  # paths and reasons stay whole, to copy


def _until(value: str) -> str:
    try:
        parse_period(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    return value


def describe(simulation: Simulation) -> list[str]:
    """What the simulated year holds, in sentences for the operator."""
    counts = tally(simulation)
    story = simulation.story
    lines = [
        f"{len(simulation.months)} month(s), {simulation.periods[0]} … {simulation.periods[-1]}: "
        f"{counts['on_time'] + counts['late']:,} submissions ({counts['via http']:,} lines for the ingest "
        f"API, {counts['via kafka']:,} for portals publishing to Kafka), {counts['duplicate']:,} duplicates, "
        f"{counts['revision']:,} corrected revisions, {counts['late']:,} late.",
    ]
    if story.collapses:
        pairs = ", ".join(f"{d} on {s}" for d, s in story.collapses)
        lines.append(f"Collapses from grade B to D in the last month: {pairs}.")
    if story.implausible:
        d, s, f, v = story.implausible
        lines.append(f"Implausible figure in the last month: {d} reports {f} = {v} on {s}.")
    if story.late_department:
        lines.append(f"{story.late_department} misses the deadline in the last month: {len(story.late)} "
                     f"figures arrive late, {len(story.never)} never.")
    return lines


def register(app: typer.Typer) -> None:
    @app.command("simulate")
    def simulate_command(
        seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same year")] = 7,
        months: Annotated[int | None, typer.Option(min=1, max=120,
                                                   help="Months ending with --until [default: FY so far]")] = None,
        until: Annotated[str, typer.Option(callback=_until, help="The last month, YYYY-MM")] = DEFAULT_UNTIL,
        districts: Annotated[int | None, typer.Option(min=2, help="Only the first N districts")] = None,
        catalog: Annotated[Path | None, typer.Option(help="Catalogue YAML [default: the shipped one]")] = None,
        output: Annotated[Path | None, typer.Option("--output", "-o", help="NDJSON file [default: stdout]")] = None,
        send: Annotated[bool, typer.Option("--send", help="Play the months into the running stack instead: "
                                                          "figures, duplicates, corrections, deadlines, freezes")]
            = False,
    ) -> None:
        """Simulate a year of figures for every district and scheme, as progress.submitted.v1 NDJSON
        (or, with --send, load realistic months into the running stack)."""
        try:
            schemes = load_catalog(catalog or default_catalog_path())
        except CatalogError as exc:
            err.print(f"[red]{escape(str(exc))}[/red]")
            raise typer.Exit(1) from None
        units = [d.id for d in load_districts()]
        simulation = simulate(schemes, pick_districts(units, districts),
                              SimConfig(seed=seed, until=until, months=months))
        if send:
            from anushravan.commands.simulate_send import send_to_stack

            send_to_stack(simulation)
            return
        if output is None:
            lines = write_ndjson(simulation.sends(), sys.stdout)
        else:
            with output.open("w", encoding="utf-8") as out:
                lines = write_ndjson(simulation.sends(), out)
        for line in describe(simulation):
            err.print(line, highlight=False)
        err.print(f"Wrote {lines:,} lines to {output or 'stdout'}. Deadlines and freezes are not data: "
                  "send them with 'anushravan period deadline|freeze YYYY-MM'.", highlight=False)


def pick_districts(units: list[str], count: int | None) -> list[str]:
    """The first `count` districts, always keeping those the story is about."""
    if count is None or count >= len(units):
        return units
    keep = {"kanpur-nagar", "lakhimpur-kheri"}
    chosen = [u for u in units if u in keep]
    chosen += [u for u in units if u not in keep][: max(0, count - len(chosen))]
    return [u for u in units if u in chosen]
