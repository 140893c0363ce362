"""`anushravan watch`: tail the Command Centre's alerts."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Annotated

import typer
from rich.console import Console


def register(app: typer.Typer) -> None:
    @app.command("watch")
    def watch_command(
        from_beginning: Annotated[bool, typer.Option("--from-beginning",
                                                     help="Show every alert on the topic, not only new ones")] = False,
        bootstrap_servers: Annotated[str | None, typer.Option("--bootstrap",
                                                              help="Broker [default: KAFKA_BOOTSTRAP_SERVERS "
                                                                   "or the running stack]")] = None,
        idle_exit: Annotated[float | None, typer.Option(min=0.1,
                                                        help="Stop after this many seconds without an alert")] = None,
        limit: Annotated[int | None, typer.Option(min=1, help="Stop after this many alerts")] = None,
    ) -> None:
        """A live view of alerts.rank-change for the CM Command Centre: one line per alert, with counts."""
        from anushravan.cli import bootstrap
        from anushravan.watch import watch

        console = Console()
        broker = bootstrap_servers or bootstrap()
        # The live footer stays on screen with the counts when the watch ends.
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(watch(broker, console, from_beginning, idle_exit, limit))
