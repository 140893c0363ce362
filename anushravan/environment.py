"""The environment variables that matter to a newcomer: one list for `--help` and the README
(a test holds the README's table to it)."""

from __future__ import annotations

from rich.markup import escape

VARIABLES: tuple[tuple[str, str], ...] = (
    ("KAFKA_BOOTSTRAP_SERVERS", "the broker; unset: 'anushravan up' starts the embedded Tansu"),
    ("MONGODB_URL", "the database; unset: 'anushravan up' starts the embedded nx-27017"),
    ("MONGODB_DATABASE", "database name (default anushravan)"),
    ("ANUSHRAVAN_STATE_DIR", "where 'up' keeps its state, logs and generated keys (default .anushravan)"),
    ("ANUSHRAVAN_STACK_FREE_PORTS", "true: services on free ports instead of 8001-8004 (a second stack beside one)"),
    ("ANUSHRAVAN_API_KEYS_FILE", "the keys file (hashed keys); unset: <state dir>/api-keys.yaml, generated"),
    ("ANUSHRAVAN_API_KEY", "the key operator commands send; unset: the running stack's generated key"),
    ("ANUSHRAVAN_SCORING_URL", "a service's address for operator commands (also _ALERTS_, _REPORTS_, _INGEST_)"),
    ("ANUSHRAVAN_TODAY", "pins today's date (YYYY-MM-DD): future periods, months that have ended"),
)


def epilog() -> str:
    """The variables as `--help` prints them (rich markup escaped: help text is markup)."""
    lines = ["[bold]Environment[/bold] (see README.md, 'Running'):"]
    lines += [f"{name} — {escape(meaning)}" for name, meaning in VARIABLES]
    return "\n\n".join(lines)
