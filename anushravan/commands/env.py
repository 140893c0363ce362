"""`anushravan env`: the running stack's addresses as shell variables, for curl and scripts:
`eval "$(anushravan env)"` sets ANUSHRAVAN_INGEST_URL, ANUSHRAVAN_SCORING_URL, … (the same
variables the operator commands read), KAFKA_BOOTSTRAP_SERVERS and MONGODB_URL."""

from __future__ import annotations

import shlex
import sys

import typer

from anushravan.operator import url_variable
from anushravan.output import fail
from anushravan.stack import StackState
from shared.settings import Settings


def register(app: typer.Typer) -> None:
    @app.command("env")
    def env() -> None:
        """Print the running stack's addresses as shell exports: eval "$(anushravan env)"."""
        state_dir = Settings().state_dir
        state = StackState.load(state_dir)
        if state is None:
            raise fail(f"nothing is running (no stack in {state_dir}); 'anushravan up' starts one", 1)
        pairs = {url_variable(name): proc.url for name, proc in state.services.items()}
        pairs.update({"KAFKA_BOOTSTRAP_SERVERS": state.kafka, "MONGODB_URL": state.mongodb})
        sys.stdout.write("".join(f"export {k}={shlex.quote(v)}\n" for k, v in pairs.items()))
