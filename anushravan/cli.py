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
from anushravan.admin import create_topics, publish_catalog
from anushravan.embedded import pid_alive
from anushravan.environment import epilog
from anushravan.output import cell, fail, note
from shared.auth import KeysFileError
from shared.catalog import CatalogError, load_catalog
from shared.settings import Settings

app = typer.Typer(help="Anushravan: the CM Dashboard's event backbone.", no_args_is_help=True,
                  pretty_exceptions_enable=False, epilog=epilog())
catalog_app = typer.Typer(help="The scheme catalogue.", no_args_is_help=True)
topics_app = typer.Typer(help="Kafka topics of the contract.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
app.add_typer(topics_app, name="topics")
console = Console(highlight=False)


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
        raise fail(f"No broker: set KAFKA_BOOTSTRAP_SERVERS or run 'anushravan up' first (no stack in "
                   f"{settings.state_dir}).", 2)
    return state.kafka


def _fail(message: str) -> typer.Exit:
    return fail(message)


@app.command()
def up(
    detach: Annotated[bool, typer.Option("--detach", help="Return once everything is ready")] = False,
    catalog: Annotated[Path | None, typer.Option(help="Catalogue YAML to publish")] = None,
) -> None:
    """Start the broker and database (embedded unless configured) and the four services.

    A stack already running in the state directory is left alone; keys added earlier are kept."""
    settings = _settings()
    started = time.monotonic()
    with console.status("Starting Anushravan…"):
        try:
            state = stack.up(settings, settings.state_dir, catalog)
        except (RuntimeError, CatalogError, KeysFileError) as exc:  # up stopped what it had started
            raise _fail(str(exc)) from None
    show_state(state, settings.state_dir, time.monotonic() - started)
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


def show_state(state: stack.StackState, state_dir: Path, elapsed: float | None = None) -> None:
    table = Table(title="Anushravan" + (f" — ready in {elapsed:.1f} s" if elapsed else ""))
    table.add_column("component")
    table.add_column("address")
    table.add_column("pid")
    for name, address, label in (("kafka", state.kafka, " (embedded Tansu)"),
                                 ("mongodb", state.mongodb, " (embedded nx-27017)")):
        proc = state.embedded.get(name)
        table.add_row(cell(name + (label if proc else "")), cell(address), cell(proc.pid if proc else None))
    for name, proc in state.services.items():
        table.add_row(cell(name), cell(proc.url), cell(proc.pid))
    console.print(table)
    note(console, f"Keys file (SHA-256 only): {state.keys_file}")
    if state.secrets:
        note(console, f"Generated API keys (secrets kept, readable by you only, in {state_dir / stack.SECRETS_FILE}; "
                      "'anushravan keys list' shows every key):")
        for name, secret in state.secrets.items():
            note(console, f"  {name:<36} {secret}")
    address = state.services["console"].url if "console" in state.services else ""
    for user, password in state.logins.items():
        note(console, f"Console login {address} — user {user}, password (kept in the state directory): {password}")


@app.command()
def down() -> None:
    """Stop what 'anushravan up' started (the keys file and generated secrets stay for the next up)."""
    state_dir = _state_dir()
    stopped = stack.down(state_dir)
    note(console, f"Stopped: {', '.join(stopped)}" if stopped else f"Nothing was running (state in {state_dir}).")


@app.command()
def status() -> None:
    """Show what runs, at which address, whether each service is ready, and where the keys are."""
    import httpx

    state_dir = _state_dir()
    state = stack.StackState.load(state_dir)
    if state is None:
        note(console, f"Nothing is running (no stack.json in {state_dir}; 'anushravan up' starts one).")
        raise typer.Exit(1)
    table = Table(title=f"Anushravan status ({state_dir})")
    for col in ("component", "address", "pid", "alive", "ready"):
        table.add_column(col)
    for name, proc in state.embedded.items():
        table.add_row(cell(name), cell(proc.url), cell(proc.pid), cell(pid_alive(proc.pid)), cell(None))
    for name, proc in state.services.items():
        try:
            ready = httpx.get(f"{proc.url}/readyz", timeout=2).status_code == 200
        except httpx.HTTPError:
            ready = False
        table.add_row(cell(name), cell(proc.url), cell(proc.pid), cell(pid_alive(proc.pid)), cell(ready))
    console.print(table)
    note(console, f"Kafka: {state.kafka}   MongoDB: {state.mongodb}")
    note(console, f"Keys file (SHA-256 only): {state.keys_file}")
    if state.secrets:
        note(console, f"Generated secrets (admin, viewer, one per department portal): "
                      f"{state_dir / stack.SECRETS_FILE}")
    note(console, f"Logs: {state_dir / 'logs'}")


@app.command()
def serve(name: Annotated[str, typer.Argument(help="ingest | scoring | alerts | reports | console")]) -> None:
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
    note(console, f"Published {count} catalogue record(s) from {file}.")


@topics_app.command("create")
def topics_create() -> None:
    """Create the contract's topics on the configured broker (existing ones are kept)."""
    created = asyncio.run(create_topics(bootstrap(), replication_factor=_settings().topic_replication_factor))
    note(console, f"Created: {', '.join(created) or 'nothing (all exist)'}")


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
