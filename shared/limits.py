"""The limits every service puts on a request before doing any work for it, and the doors a
service declares: which paths need a bearer key, which authenticate on their own (the console's
cookie sessions), which are public, and how large a body each may carry.

Enforced by `shared/guard.py` (ASGI, before routing and before any body is read) and, for what
arrives before the application sees a request (the head of it), by `shared/http_server.py`.
The reverse proxy in front of the services repeats them (deploy/proxy/).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from shared.settings import Settings

# bearer: `Authorization: Bearer <key>` is checked before the body is read; own: the routes
# authenticate by themselves (a login form, a session cookie); public: no authentication.
Auth = Literal["bearer", "own", "public"]


@dataclass(frozen=True)
class Door:
    """How requests whose path is `prefix` or lies under it are let in (the longest prefix wins;
    `/v1/submissions` does not cover `/v1/submissions:batch`)."""

    prefix: str
    auth: Auth = "bearer"
    body_bytes: int | None = None  # None: the service's limit for JSON bodies

    def covers(self, path: str) -> bool:
        base = self.prefix.rstrip("/")
        return path == self.prefix or path == base or path.startswith(base + "/")


# Every service's operations endpoints (CONTRACT §4): public, and never with a body.
PUBLIC = (Door("/healthz", "public", 0), Door("/readyz", "public", 0), Door("/metrics", "public", 0),
          Door("/openapi.json", "public", 0), Door("/docs", "public", 0), Door("/redoc", "public", 0))


@dataclass(frozen=True)
class Limits:
    """The numbers (settings `ANUSHRAVAN_HTTP_*`, whose defaults are the one source of them);
    the rate limits are per replica, in memory."""

    max_header_bytes: int
    json_body_bytes: int
    header_timeout_s: float
    body_idle_timeout_s: float
    body_timeout_s: float
    reads_per_minute_per_key: int
    reads_per_minute_per_address: int
    failed_auth_per_minute_per_address: int

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(
            max_header_bytes=settings.http_max_header_bytes, json_body_bytes=settings.http_max_json_body_bytes,
            header_timeout_s=settings.http_header_timeout_s, body_idle_timeout_s=settings.http_body_idle_timeout_s,
            body_timeout_s=settings.http_body_timeout_s,
            reads_per_minute_per_key=settings.http_reads_per_minute_per_key,
            reads_per_minute_per_address=settings.http_reads_per_minute_per_address,
            failed_auth_per_minute_per_address=settings.http_failed_auth_per_minute_per_address,
        )


class Doors:
    """A service's doors: its own, then the public ones, then everything else behind a bearer
    key with the JSON body limit (CONTRACT §4: all but the operations endpoints need a key)."""

    def __init__(self, own: Sequence[Door], json_body_bytes: int) -> None:
        self._doors = sorted([*own, *PUBLIC], key=lambda d: len(d.prefix), reverse=True)
        self._default = Door("/", "bearer", json_body_bytes)
        self.json_body_bytes = json_body_bytes

    def of(self, path: str) -> Door:
        return next((d for d in self._doors if d.covers(path)), self._default)

    def body_limit(self, door: Door) -> int:
        return self.json_body_bytes if door.body_bytes is None else door.body_bytes
