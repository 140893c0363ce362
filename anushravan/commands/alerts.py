"""`anushravan alerts`, `ack` and `silence`: the Command Centre's alerts from the terminal —
find them in a table instead of 18 KB of JSON, acknowledge one or every alert a filter
matches, and mute what is known for a while."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from anushravan.operator import JsonOption, KeyOption, connect, print_json
from anushravan.output import cell, fail, note
from anushravan.reference import check
from shared.catalog import CatalogError
from shared.events.envelope import iso, utc_now
from shared.suggest import UnknownId

DURATION = re.compile(r"^(\d+)([dhm])$")
UNITS = {"d": "days", "h": "hours", "m": "minutes"}
District = Annotated[str | None, typer.Option(help="District id")]
Period = Annotated[str | None, typer.Option(help="YYYY-MM, or latest")]
Type = Annotated[str | None, typer.Option("--type", help="e.g. missed_deadline, grade_drop")]
Scheme = Annotated[str | None, typer.Option(help="Scheme id")]
Severity = Annotated[str | None, typer.Option(help="critical | warning | info")]


def alerts_table(alerts: list[dict[str, Any]], title: str) -> Table:
    table = Table(title=title)
    for column in ("alert id", "severity", "status", "what happened"):
        table.add_column(column, overflow="fold")
    for a in alerts:
        table.add_row(cell(a["alert_id"]), cell(a["severity"]), cell(a["status"]),
                      cell((a.get("message") or {}).get("en")))
    return table


def until_of(duration: str | None, until: str | None) -> str:
    """`--for 7d` (d, h or m) or `--until` an ISO time; exactly one."""
    if bool(duration) == bool(until):
        raise fail("give either --for (e.g. 7d, 12h) or --until (ISO 8601 time)", 2)
    if until:
        return until
    match = DURATION.match(duration or "")
    if not match:
        raise fail(f"--for {duration!r}: expected a number and d, h or m, e.g. 7d", 2)
    return iso(utc_now() + timedelta(**{UNITS[match.group(2)]: int(match.group(1))}))


def register(app: typer.Typer) -> None:
    console = Console(highlight=False)

    @app.command("alerts")
    def alerts(
        district: District = None, period: Period = None, alert_type: Type = None,
        status: Annotated[str | None, typer.Option(help="open | acknowledged | resolved | silenced")] = None,
        limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
        key: Annotated[str | None, KeyOption] = None, as_json: Annotated[bool, JsonOption] = False,
    ) -> None:
        """Alerts, newest first: id, severity, status and what happened."""
        found = connect("alerts", key).json("GET", "/v1/alerts", params={
            "district": district, "period": period, "type": alert_type, "status": status, "limit": limit})
        if as_json:
            print_json(found)
            return
        console.print(alerts_table(found, f"{len(found)} alert(s), newest first"
                                          + (" (--limit reached)" if len(found) == limit else "")))

    @app.command("ack")
    def ack(
        alert_ids: Annotated[list[str] | None, typer.Argument(help="Alert ids; or a filter instead")] = None,
        district: District = None, period: Period = None, alert_type: Type = None, scheme: Scheme = None,
        severity: Severity = None,
        note_text: Annotated[str, typer.Option("--note", help="Why, for the record")] = "",
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count what the filter matches")] = False,
        key: Annotated[str | None, KeyOption] = None, as_json: Annotated[bool, JsonOption] = False,
    ) -> None:
        """Acknowledge alerts: by id, or every open alert matching a filter (e.g. --type missed_deadline
        --period 2026-03). The acknowledger recorded is the key's id (give each operator a key)."""
        api = connect("alerts", key, "admin")
        if alert_ids:
            done = [api.json("POST", f"/v1/alerts/{i}/ack", body={"note": note_text}) for i in alert_ids]
            if as_json:
                print_json(done)
                return
            names = sorted({d["acknowledged"]["by"] for d in done})
            note(console, f"Acknowledged {len(done)} alert(s) as {', '.join(names)}.")
            return
        body = {"filter": {k: v for k, v in (("district", district), ("period", period), ("type", alert_type),
                                             ("scheme", scheme), ("severity", severity)) if v is not None},
                "note": note_text, "dry_run": dry_run}
        answer = api.json("POST", "/v1/alerts:ack", body=body)
        if as_json:
            print_json(answer)
            return
        verb = "would acknowledge" if dry_run else "acknowledged"
        note(console, f"{answer['matched']} open alert(s) matched; {verb} "
                      f"{answer['matched'] if dry_run else answer['acknowledged']} as the key's id.")

    silence_app = typer.Typer(help="Silences: mute matching alerts for a while (admin).", no_args_is_help=True)
    app.add_typer(silence_app, name="silence")

    @silence_app.command("add")
    def silence_add(
        comment: Annotated[str, typer.Option(help="Why (required)")],
        district: District = None, scheme: Scheme = None, alert_type: Type = None,
        duration: Annotated[str | None, typer.Option("--for", help="How long: 7d, 12h, 30m")] = None,
        until: Annotated[str | None, typer.Option(help="Until an ISO 8601 time instead")] = None,
        key: Annotated[str | None, KeyOption] = None, as_json: Annotated[bool, JsonOption] = False,
    ) -> None:
        """Silence alerts matching district, scheme and/or type (exact) until a time."""
        matchers = {k: v for k, v in (("district", district), ("scheme", scheme), ("type", alert_type)) if v}
        if not matchers:
            raise fail("give at least one of --district, --scheme, --type", 2)
        try:  # a typo would silence nothing; the service checks too
            check("district", [district] if district else [])
            check("scheme", [scheme] if scheme else [])
        except (UnknownId, CatalogError) as exc:
            raise fail(str(exc), 2) from None
        made = connect("alerts", key, "admin").json("POST", "/v1/silences", body={
            "matchers": matchers, "until": until_of(duration, until), "comment": comment})
        if as_json:
            print_json(made)
            return
        note(console, f"Silence {made['id']} until {made['until']}: {made['matchers']}")

    @silence_app.command("list")
    def silence_list(key: Annotated[str | None, KeyOption] = None,
                     as_json: Annotated[bool, JsonOption] = False) -> None:
        """Every silence, newest first."""
        found = connect("alerts", key, "admin").json("GET", "/v1/silences")
        if as_json:
            print_json(found)
            return
        table = Table(title="Silences")
        for column in ("id", "matchers", "until", "active", "by", "comment"):
            table.add_column(column, overflow="fold")
        for s in found:
            table.add_row(*(cell(s[c]) for c in ("id", "matchers", "until", "active", "by", "comment")))
        console.print(table)

    @silence_app.command("expire")
    def silence_expire(silence_id: str, key: Annotated[str | None, KeyOption] = None) -> None:
        """End a silence now; it stays listed, inactive."""
        ended = connect("alerts", key, "admin").json("POST", f"/v1/silences/{silence_id}:expire")
        note(console, f"Silence {silence_id} ended at {ended['until']}.")

    @silence_app.command("remove")
    def silence_remove(silence_id: str, key: Annotated[str | None, KeyOption] = None) -> None:
        """Remove a silence from the list (it ends at once)."""
        connect("alerts", key, "admin").call("DELETE", f"/v1/silences/{silence_id}")
        note(console, f"Silence {silence_id} removed.")
