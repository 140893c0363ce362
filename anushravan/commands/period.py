"""`anushravan period deadline|freeze|history`: the month's deadline and freeze, guarded.

A deadline or freeze of a month that has not ended is refused: a deadline raises a
`missed_deadline` alert for every district and graded scheme without figures, a freeze makes
the month's ranking final and refuses later figures. `--force --reason "…"` overrides the
guard (a drill, a month closed early by order); every deadline and freeze is recorded in the
audit trail (`operator_audit`, see anushravan/audit.py) before it is published.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from anushravan import audit
from anushravan.admin import period_event_id, publish_period_event
from anushravan.operator import JsonOption, print_json
from anushravan.output import cell, fail, note
from anushravan.period_argument import period_argument
from anushravan.stack import StackState
from shared.periods import has_ended
from shared.settings import Settings

CONSEQUENCE = {
    "deadline": "it raises a missed_deadline alert for every district and graded scheme without figures",
    "freeze": "it makes the month's rankings final and refuses its later figures",
}
EVENT = {"deadline": "period.deadline_passed.v1", "freeze": "period.frozen.v1"}


Force = Annotated[bool, typer.Option("--force", help="Even for a month that has not ended (needs --reason)")]
Reason = Annotated[str | None, typer.Option(help="Why: recorded in the audit trail")]
By = Annotated[str | None, typer.Option(help="Who, for the audit trail [default: your user name]")]
Period = Annotated[str, typer.Argument(callback=period_argument, help="YYYY-MM")]


def today(settings: Settings) -> date:
    return date.fromisoformat(settings.today) if settings.today else date.today()


def wired(settings: Settings) -> tuple[str, Settings]:
    """The broker, and settings that name the database, from the environment or the running stack."""
    state = StackState.load(settings.state_dir)
    broker = settings.kafka_bootstrap_servers or (state.kafka if state else None)
    database = settings.mongodb_url or (state.mongodb if state else None)
    if not broker or not database:
        raise fail(f"No broker or database: set KAFKA_BOOTSTRAP_SERVERS and MONGODB_URL, or run 'anushravan up' "
                   f"first (no stack in {settings.state_dir}).", 2)
    return broker, settings.model_copy(update={"mongodb_url": database})


def announce(kind: str, period: str, force: bool, reason: str | None, by: str | None, console: Console) -> None:
    settings = Settings()
    ended = has_ended(period, today(settings))
    if not ended and not force:
        raise fail(f"{period} has not ended (today is {today(settings)}): refusing the {kind}, because "
                   f"{CONSEQUENCE[kind]}. To do it all the same, pass --force --reason \"why\" "
                   "(recorded in the audit trail).", 2)
    if force and not (reason and reason.strip()):
        raise fail("--force needs --reason \"why\": the override is recorded in the audit trail", 2)
    broker, settings = wired(settings)
    doc = audit.entry(f"period.{kind}", {"period": period, "event_id": period_event_id(kind, period)}, by, reason,
                      forced=force and not ended)
    asyncio.run(audit.record(settings, doc))
    event_id = asyncio.run(publish_period_event(broker, kind, period))
    asyncio.run(audit.mark_published(settings, doc["_id"], event_id))
    forced = f" — FORCED by {doc['by']}: {reason}" if doc["forced"] else ""
    note(console, f"{EVENT[kind]} for {period} published (id {event_id}){forced}; recorded in operator_audit "
                  f"({doc['_id']}).")


def register(app: typer.Typer) -> None:
    period_app = typer.Typer(help="Period events: deadline and freeze (refused for months that have not ended).",
                             no_args_is_help=True)
    app.add_typer(period_app, name="period")
    console = Console(highlight=False)

    @period_app.command("deadline")
    def period_deadline(period: Period, force: Force = False, reason: Reason = None, by: By = None) -> None:
        """Announce that the period's deadline has passed (raises missed-deadline alerts)."""
        announce("deadline", period, force, reason, by, console)

    @period_app.command("freeze")
    def period_freeze(period: Period, force: Force = False, reason: Reason = None, by: By = None) -> None:
        """Freeze the period: later submissions are refused and final rankings are published."""
        announce("freeze", period, force, reason, by, console)

    @period_app.command("history")
    def period_history(limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
                       as_json: Annotated[bool, JsonOption] = False) -> None:
        """The audit trail of deadlines and freezes, newest first: who, when, why, forced or not."""
        _, settings = wired(Settings())
        entries = asyncio.run(audit.history(settings, limit))
        if as_json:
            print_json(entries)
            return
        table = Table(title="Deadlines and freezes (operator_audit)")
        for column in ("at", "action", "period", "by", "forced", "reason", "status"):
            table.add_column(column)
        for e in entries:
            table.add_row(*(cell(e.get(c)) for c in ("at", "action", "period", "by", "forced", "reason", "status")))
        console.print(table)
