"""`anushravan`: run, operate and inspect the product from the command line."""

from __future__ import annotations

import asyncio
import importlib
import os
import signal
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from anushravan import stack
from anushravan.admin import create_topics, publish_catalog, publish_period_event
from anushravan.embedded import pid_alive
from anushravan.period_argument import period_argument
from shared.auth import KeysFileError, add_key
from shared.catalog import CatalogError, load_catalog
from shared.settings import Settings

app = typer.Typer(help="Anushravan: the CM Dashboard's event backbone.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
catalog_app = typer.Typer(help="The scheme catalogue.", no_args_is_help=True)
period_app = typer.Typer(help="Period events: deadline and freeze.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys (only their SHA-256 is stored).", no_args_is_help=True)
topics_app = typer.Typer(help="Kafka topics of the contract.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
app.add_typer(period_app, name="period")
app.add_typer(keys_app, name="keys")
app.add_typer(topics_app, name="topics")
console = Console()
err = Console(stderr=True, soft_wrap=True)  # paths and reasons stay whole, to copy


def _settings() -> Settings:
    return Settings()


def _state_dir() -> Path:
    return _settings().state_dir


def bootstrap() -> str:
    """The broker: KAFKA_BOOTSTRAP_SERVERS, else the one `anushravan up` started."""
    settings = _settings()
    if settings.kafka_bootstrap_servers:
        return settings.kafka_bootstrap_servers
    state = stack.StackState.load(settings.state_dir)
    if state is None:
        err.print("[red]No broker: set KAFKA_BOOTSTRAP_SERVERS or run 'anushravan up' first.[/red]")
        raise typer.Exit(2)
    return state.kafka


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]{message}[/red]")
    return typer.Exit(1)


@app.command()
def up(
    detach: Annotated[bool, typer.Option("--detach", help="Return once everything is ready")] = False,
    catalog: Annotated[Path | None, typer.Option(help="Catalogue YAML to publish")] = None,
) -> None:
    """Start the broker and database (embedded unless configured) and the four services."""
    settings = _settings()
    started = time.monotonic()
    with console.status("Starting Anushravan…"):
        try:
            state = stack.up(settings, settings.state_dir, catalog)
        except (RuntimeError, CatalogError, KeysFileError) as exc:
            stack.down(settings.state_dir)
            raise _fail(str(exc)) from None
    show_state(state, time.monotonic() - started)
    if detach:
        return
    console.print("Press Ctrl-C to stop.")
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    console.print("Stopping…")
    stack.down(settings.state_dir)


def show_state(state: stack.StackState, elapsed: float | None = None) -> None:
    table = Table(title="Anushravan" + (f" — ready in {elapsed:.1f} s" if elapsed else ""))
    table.add_column("component")
    table.add_column("address")
    table.add_column("pid")
    table.add_row("kafka" + (" (embedded Tansu)" if "kafka" in state.embedded else ""), state.kafka,
                  str(state.embedded["kafka"].pid) if "kafka" in state.embedded else "-")
    table.add_row("mongodb" + (" (embedded nx-27017)" if "mongodb" in state.embedded else ""),
                  state.mongodb, str(state.embedded["mongodb"].pid) if "mongodb" in state.embedded else "-")
    for name, proc in state.services.items():
        table.add_row(name, proc.url, str(proc.pid))
    console.print(table)
    if state.secrets:
        console.print(f"[bold]Generated API keys[/bold] (only their hashes are in {state.keys_file}; "
                      "the secrets are kept for the demo in .anushravan/stack.json):")
        for name, secret in state.secrets.items():
            console.print(f"  {name:<36} {secret}", highlight=False, soft_wrap=True)


@app.command()
def down() -> None:
    """Stop what 'anushravan up' started."""
    stopped = stack.down(_state_dir())
    console.print(f"Stopped: {', '.join(stopped)}" if stopped else "Nothing was running.")


@app.command()
def status() -> None:
    """Show what runs and whether each service is ready."""
    import httpx

    state = stack.StackState.load(_state_dir())
    if state is None:
        console.print("Nothing is running (no state in .anushravan/).")
        raise typer.Exit(1)
    table = Table(title="Anushravan status")
    for col in ("component", "pid", "alive", "ready"):
        table.add_column(col)
    for name, proc in state.embedded.items():
        table.add_row(name, str(proc.pid), str(pid_alive(proc.pid)), "-")
    for name, proc in state.services.items():
        try:
            ready = httpx.get(f"{proc.url}/readyz", timeout=2).status_code == 200
        except httpx.HTTPError:
            ready = False
        table.add_row(name, str(proc.pid), str(pid_alive(proc.pid)), str(ready))
    console.print(table)


@app.command()
def serve(name: Annotated[str, typer.Argument(help="ingest | scoring | alerts | reports")]) -> None:
    """Run one service in the foreground (FastAPI on uvicorn, broker in its lifespan)."""
    from shared.http_server import serve as run
    from shared.service import setup_process_logging

    if name not in stack.SERVICES:
        raise _fail(f"unknown service {name!r}; choose one of {', '.join(stack.SERVICES)}")
    settings = _settings()
    setup_process_logging(settings)
    module = importlib.import_module(f"services.{name}.main")
    application = module.create_app(settings)
    run(application, settings, settings.port_for(name))


@catalog_app.command("publish")
def catalog_publish(
    file: Annotated[Path, typer.Argument(help="Catalogue YAML")],
    retire: Annotated[list[str] | None, typer.Option(help="Scheme id to retire")] = None,
) -> None:
    """Validate a catalogue file and publish it to catalog.schemes."""
    try:
        schemes = load_catalog(file)
    except CatalogError as exc:
        raise _fail(str(exc)) from None
    count = asyncio.run(publish_catalog(bootstrap(), schemes, retire or []))
    console.print(f"Published {count} catalogue record(s) from {file}.")


@period_app.command("deadline")
def period_deadline(period: Annotated[str, typer.Argument(callback=period_argument)]) -> None:
    """Announce that the period's deadline has passed (raises missed-deadline alerts)."""
    event_id = asyncio.run(publish_period_event(bootstrap(), "deadline", period))
    console.print(f"period.deadline_passed.v1 for {period} published (id {event_id}).")


@period_app.command("freeze")
def period_freeze(period: Annotated[str, typer.Argument(callback=period_argument)]) -> None:
    """Freeze the period: later submissions are refused and final rankings are published."""
    event_id = asyncio.run(publish_period_event(bootstrap(), "freeze", period))
    console.print(f"period.frozen.v1 for {period} published (id {event_id}).")


@keys_app.command("add")
def keys_add(
    role: Annotated[str, typer.Option(help="submitter | viewer | admin")],
    department: Annotated[list[str] | None, typer.Option(help="Department id (submitters)")] = None,
    key_id: Annotated[str | None, typer.Option("--id", help="A name for the key")] = None,
    file: Annotated[Path | None, typer.Option(help="Keys file (default ANUSHRAVAN_API_KEYS_FILE)")] = None,
) -> None:
    """Create a key: prints the secret once and stores only its SHA-256."""
    if role not in ("submitter", "viewer", "admin"):
        raise _fail(f"role: {role!r} is not one of submitter, viewer, admin")
    path = file or _settings().api_keys_file or (_state_dir() / "api-keys.yaml")
    name = key_id or f"{role}-{int(time.time())}"
    try:
        secret = add_key(path, name, role, department or [])  # type: ignore[arg-type]
    except (KeysFileError, ValueError) as exc:
        raise _fail(str(exc)) from None
    console.print(f"Key {name!r} ({role}) added to {path}. Secret (shown only now):")
    console.print(secret, highlight=False, soft_wrap=True)


@topics_app.command("create")
def topics_create() -> None:
    """Create the contract's topics on the configured broker (existing ones are kept)."""
    created = asyncio.run(create_topics(bootstrap(), replication_factor=_settings().topic_replication_factor))
    console.print(f"Created: {', '.join(created) or 'nothing (all exist)'}")


def register_extensions() -> None:
    """Commands that live beside their feature (minutes, simulate, watch, demo)."""
    for module in ("anushravan.commands",):
        try:
            importlib.import_module(module).register(app)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def main() -> None:
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    register_extensions()
    app()


if __name__ == "__main__":
    main()
