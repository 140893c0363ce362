"""How operator commands reach the running services: the address, the key, the answer.

A service's address is ANUSHRAVAN_<SERVICE>_URL (e.g. ANUSHRAVAN_ALERTS_URL), else the stack
that `anushravan up` started in the state directory. The key is --key (or ANUSHRAVAN_API_KEY),
else that stack's generated key: the viewer key for reads, the admin key for changes. Error
answers are printed with every reason the service gave (`{"errors": [...]}`), whole.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from typing import Any, Literal

import httpx
import typer

from anushravan.output import fail
from anushravan.stack import StackState
from shared.settings import Settings

Service = Literal["ingest", "scoring", "alerts", "reports"]
Access = Literal["viewer", "admin"]
TIMEOUT_S = 120.0


def url_variable(service: str) -> str:
    return f"ANUSHRAVAN_{service.upper()}_URL"


@dataclass(frozen=True)
class Api:
    service: str
    url: str
    key: str

    def call(self, method: str, path: str, *, params: dict[str, Any] | None = None,
             body: Any = None) -> httpx.Response:
        """The service's answer; typer.Exit with the reasons for anything but 2xx."""
        query = {k: v for k, v in (params or {}).items() if v is not None}
        try:
            response = httpx.request(method, f"{self.url}{path}", params=query, json=body, timeout=TIMEOUT_S,
                                     headers={"Authorization": f"Bearer {self.key}"})
        except httpx.HTTPError as exc:
            raise fail(f"cannot reach the {self.service} service at {self.url}: {exc}") from None
        if response.status_code >= 400:
            raise fail(f"{self.service} answered {response.status_code}: {reasons(response)}")
        return response

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.call(method, path, **kwargs).json()


def reasons(response: httpx.Response) -> str:
    """Every `{"field", "code", "message"}` of an error answer, or its text."""
    try:
        errors = response.json()["errors"]
        return "; ".join(f"{e.get('message', '')} ({e.get('code', '')}: {e.get('field', '')})" for e in errors)
    except (ValueError, KeyError, TypeError, AttributeError):
        return response.text[:500]


def connect(service: Service, key: str | None, access: Access = "viewer") -> Api:
    """The service's address and the key to send (see the module's docstring)."""
    url = os.environ.get(url_variable(service))
    state = StackState.load(Settings().state_dir) if not (url and key) else None
    if not url:
        if state is None or service not in state.services:
            raise fail(f"no {service} service: set {url_variable(service)} or start one with 'anushravan up' "
                       f"(state directory: {Settings().state_dir})", 2)
        url = state.services[service].url
    if not key:
        key = state.secrets.get(access) if state else None
        if not key:
            raise fail(f"no API key: pass --key or set ANUSHRAVAN_API_KEY (a {access} key)", 2)
    return Api(service, url.rstrip("/"), key)


def print_json(value: Any) -> None:
    """For scripts: the service's JSON as it came, Hindi unescaped."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


KeyOption = typer.Option("--key", envvar="ANUSHRAVAN_API_KEY", help="API key [default: the running stack's]",
                         show_default=False)
JsonOption = typer.Option("--json", help="Print the service's JSON (for scripts)")
