"""`anushravan explain DISTRICT [PERIOD]`: why a district's composite moved — its rank before
and after, and each scheme's and KPI's share of the change in marks."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from anushravan.commands.ranking import label
from anushravan.operator import JsonOption, KeyOption, connect, print_json
from anushravan.output import cell, note
from shared.latest import LATEST
from shared.movement import movement


def standing(point: dict[str, Any] | None) -> str:
    if not point:
        return "not ranked"
    return f"{point.get('rank')} of {point.get('of')} ({point.get('marks')} marks)"


def headline(doc: dict[str, Any]) -> str:
    before, after = doc["rank"]["before"], doc["rank"]["after"]
    change = movement((after or {}).get("rank"), (before or {}).get("rank"))
    moved = ("" if change is None else f": {change['arrow']} "
             + (f"{abs(change['places'])} places {'up' if change['places'] > 0 else 'down'}" if change["places"]
                else "unchanged"))
    return (f"{label(doc.get('name'), doc['district'])}, {doc['period']}: composite {standing(after)}, "
            f"{doc['previous_period']}: {standing(before)}{moved}; marks {doc['before']} → {doc['after']} "
            f"({doc['change']:+})")


def register(app: typer.Typer) -> None:
    @app.command("explain")
    def explain(
        district: Annotated[str, typer.Argument(help="District id, e.g. kanpur-nagar")],
        period: Annotated[str, typer.Argument(help="YYYY-MM, or latest")] = LATEST,
        top: Annotated[int, typer.Option(min=1, help="Schemes to show")] = 8,
        key: Annotated[str | None, KeyOption] = None,
        as_json: Annotated[bool, JsonOption] = False,
    ) -> None:
        """Why the district's composite moved since last month: rank before and after, and the marks."""
        doc = connect("scoring", key).json("GET", f"/v1/districts/{district}/{period}/explain")
        if as_json:
            print_json(doc)
            return
        console = Console(highlight=False)
        note(console, headline(doc), style="bold")
        table = Table(title="Each scheme's share of the change (composite marks), largest first")
        for column in ("scheme", "marks before", "marks after", "share", "KPI that moved most"):
            table.add_column(column)
        for row in doc["schemes"][:top]:
            kpi = row["kpis"][0] if row.get("kpis") else None
            moved = (f"{(kpi.get('name') or {}).get('en', kpi['kpi'])} ({kpi['contribution']:+})"
                     if kpi and kpi["contribution"] else None)
            table.add_row(cell(label(row.get("name"), row["scheme"])), cell(row["before"]), cell(row["after"]),
                          cell(f"{row['contribution']:+}"), cell(moved))
        console.print(table)
