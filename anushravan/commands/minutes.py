"""`anushravan minutes DISTRICT PERIOD`: the latest minutes, fetched from the reports service.

The command asks the running reports service over HTTP rather than reading MongoDB itself:
the service owns the minutes' collections, keeps the version history and renders the PDF
once, so the command prints exactly what the API serves. The service's address comes from
--url, else ANUSHRAVAN_REPORTS_URL, else the stack that `anushravan up` started; the key
from --key, else ANUSHRAVAN_API_KEY, else that stack's generated viewer key.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.console import Console

from anushravan.output import fail
from anushravan.period_argument import period_or_latest_argument
from anushravan.stack import StackState
from shared.latest import LATEST
from shared.settings import Settings

LANGS = ("hi", "en")
FORMATS = ("md", "html", "pdf", "json")
err = Console(stderr=True, soft_wrap=True, highlight=False)  # paths and reasons stay whole, to copy


def _choice(allowed: tuple[str, ...]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in allowed:
            raise typer.BadParameter(f"choose one of {', '.join(allowed)}")
        return value

    return check


def service_address(url: str | None, key: str | None) -> tuple[str, str]:
    """The reports service's URL and a viewer key, from the options or the running stack."""
    state = StackState.load(Settings().state_dir) if not (url and key) else None
    if not url:
        if state is None or "reports" not in state.services:
            raise _fail("no reports service: pass --url (or set ANUSHRAVAN_REPORTS_URL) or run 'anushravan up'", 2)
        url = state.services["reports"].url
    if not key:
        if state is None or "viewer" not in state.secrets:
            raise _fail("no API key: pass --key (or set ANUSHRAVAN_API_KEY) with a viewer key", 2)
        key = state.secrets["viewer"]
    return url.rstrip("/"), key


def fetch(url: str, key: str, district: str, period: str, lang: str, fmt: str) -> bytes:
    """The rendered minutes, or typer.Exit(1) with the service's reasons."""
    try:
        response = httpx.get(f"{url}/v1/minutes/{district}/{period}", params={"lang": lang, "format": fmt},
                             headers={"Authorization": f"Bearer {key}"}, timeout=120.0)
    except httpx.HTTPError as exc:
        raise _fail(f"cannot reach the reports service at {url}: {exc}") from None
    if response.status_code != 200:
        raise _fail(f"{response.status_code}: {_reasons(response)}")
    return response.content


def _reasons(response: httpx.Response) -> str:
    try:
        return "; ".join(e.get("message", "") for e in response.json()["errors"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return response.text[:500]


def _fail(message: str, code: int = 1) -> typer.Exit:
    return fail(message, code)


def register(app: typer.Typer) -> None:
    @app.command("minutes")
    def minutes(
        district: Annotated[str, typer.Argument(help="District id, e.g. kanpur-nagar")],
        period: Annotated[str, typer.Argument(help="YYYY-MM, or latest", callback=period_or_latest_argument)] = LATEST,
        lang: Annotated[str, typer.Option("--lang", help="hi | en", callback=_choice(LANGS))] = "hi",
        fmt: Annotated[str, typer.Option("--format", help="md | html | pdf | json", callback=_choice(FORMATS))] = "md",
        output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default: stdout)")] = None,
        url: Annotated[str | None, typer.Option(envvar="ANUSHRAVAN_REPORTS_URL", help="Reports service")] = None,
        key: Annotated[str | None, typer.Option(envvar="ANUSHRAVAN_API_KEY", help="A viewer key")] = None,
    ) -> None:
        """Write the latest minutes of a district for a period (Hindi by default)."""
        if fmt == "pdf" and output is None:
            raise _fail("a PDF needs a file: pass -o FILE", 2)
        base, secret = service_address(url, key)
        body = fetch(base, secret, district, period, lang, fmt)
        if output is None:
            sys.stdout.buffer.write(body)
            sys.stdout.buffer.flush()
            return
        output.write_bytes(body)
        err.print(f"Wrote {output} ({len(body):,} bytes).", markup=False)
