"""`anushravan ranking [SCHEME]`: the composite ranking, or one scheme's, with names, the previous
rank and the movement — what the Command Centre asks first, without a script."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from anushravan.operator import JsonOption, KeyOption, connect, print_json
from anushravan.output import cell, note
from shared.latest import LATEST

PeriodOption = typer.Option(help="YYYY-MM, or latest")


def label(names: dict[str, str] | None, fallback: str) -> str:
    """"Kanpur Nagar (कानपुर नगर)"."""
    if not names:
        return fallback
    return f"{names.get('en', fallback)} ({names.get('hi', '')})" if names.get("hi") else names.get("en", fallback)


def moved(row: dict[str, Any]) -> str | None:
    m = row.get("movement")
    if not m:
        return None
    places = int(m["places"])
    return f"{m['arrow']} {abs(places)}" if places else m["arrow"]


def ranking_table(doc: dict[str, Any], title: str, composite: bool, limit: int | None) -> Table:
    table = Table(title=title)
    columns = ["rank", "district", "marks", *(["development", "revenue"] if composite else ["grade"]),
               "previous", "movement"]
    for column in columns:
        table.add_column(column, justify="right" if column in ("rank", "marks", "previous") else "left")
    for row in doc["ranks"][:limit]:
        middle = ([(row.get("categories") or {}).get(c, {}).get("rank") for c in ("development", "revenue")]
                  if composite else [row.get("grade")])
        table.add_row(cell(row["rank"]), cell(label(row.get("name"), row["district"])), cell(row.get("marks")),
                      *(cell(v) for v in middle), cell(row.get("previous_rank")), cell(moved(row)))
    return table


def describe(doc: dict[str, Any], what: str) -> str:
    state = "final" if doc.get("final") else "live"
    before = doc.get("previous")
    compared = (f"; previous ranks from {before['period']} ({'final' if before.get('final') else 'live'})"
                if before else "; no ranking of the month before")
    return f"{what} {doc['period']} ({state}, {len(doc['ranks'])} ranked of {doc.get('of')}){compared}"


def register(app: typer.Typer) -> None:
    @app.command("ranking")
    def ranking(
        scheme: Annotated[str | None, typer.Argument(help="A scheme id [default: the composite ranking]")] = None,
        period: Annotated[str, PeriodOption] = LATEST,
        limit: Annotated[int | None, typer.Option("--top", min=1, help="Only the first N")] = None,
        key: Annotated[str | None, KeyOption] = None,
        as_json: Annotated[bool, JsonOption] = False,
    ) -> None:
        """The composite ranking (or a scheme's) with district names, previous rank and movement."""
        api = connect("scoring", key)
        path = f"/v1/rankings/{scheme}/{period}" if scheme else f"/v1/composite/{period}"
        doc = api.json("GET", path)
        if as_json:
            print_json(doc)
            return
        what = f"Ranking of {doc.get('scheme', scheme)}" if scheme else "Composite ranking"
        console = Console(highlight=False)
        console.print(ranking_table(doc, describe(doc, what), composite=scheme is None, limit=limit))
        if limit and limit < len(doc["ranks"]):
            note(console, f"… {len(doc['ranks']) - limit} more (--top, or --json for all)")
