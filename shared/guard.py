"""Limits before work, in front of every route of every service (ASGI middleware, built by
`shared.http.create_http_app`): nothing unauthenticated is expensive.

In order, before the application (FastAPI reads a body before it runs any dependency, so
authentication there would come too late):
1. the head: more than `max_header_bytes` of header fields → 431;
2. the door (shared/limits.py): behind a bearer door, a missing or wrong key → 401, and an
   address that keeps failing → 429 before its key is even looked at;
3. reads (GET, HEAD) per key and per client address → 429 with Retry-After (not for a key that
   acts for people: the console's reads are many people's, shared through its cache);
4. a declared body over the door's limit → 413 without reading it.
Then, while the application reads the body: 413 as soon as it exceeds the limit, 408 when it
trickles (no chunk within `body_idle_timeout_s`, or not all of it within `body_timeout_s`).
Last, a catch-all: an unexpected error is logged with an error id and answered with the
contract's JSON body (500) carrying that id.

Rate limits are per replica (in memory): with N replicas a client may get N times the rate.
"""

from __future__ import annotations

import ipaddress
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from prometheus_client import Counter
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.auth import Keys, Principal
from shared.exchange import Exchange, Refusal, too_large
from shared.limits import Door, Doors, Limits
from shared.observability import log_context
from shared.rate_limit import RateLimiter, retry_after

log = logging.getLogger("anushravan.http")
READS = frozenset({"GET", "HEAD"})


class Guard:
    def __init__(self, app: ASGIApp, doors: Doors, limits: Limits, keys: Callable[[], Keys],
                 routes: Callable[[], Sequence[BaseRoute]], refusals: Counter,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app, self.doors, self.limits, self.keys, self.routes = app, doors, limits, keys, routes
        self.refusals, self.clock = refusals, clock
        self.reads_by_key = RateLimiter(limits.reads_per_minute_per_key)
        self.reads_by_address = RateLimiter(limits.reads_per_minute_per_address)
        self.failures = RateLimiter(limits.failed_auth_per_minute_per_address)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and not self._may_open(scope):
            await send({"type": "websocket.close", "code": 1008, "reason": "a valid bearer key is required"})
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        door, now = self.doors.of(scope["path"]), self.clock()
        exchange = Exchange(scope, receive, send, self.doors.body_limit(door), self.limits.body_idle_timeout_s,
                            now + self.limits.body_timeout_s)
        refusal = self.check(scope, door, now)
        if refusal is not None:
            self._label(scope)
            await exchange.refuse(refusal)
        else:
            try:
                await self.app(scope, exchange.receive, exchange.send)
            except Exception:
                if exchange.refused is None:  # else: the application only noticed our refusal
                    await self._unexpected(scope, exchange)
        if exchange.refused is not None:
            self.refusals.labels(exchange.refused.code).inc()

    def check(self, scope: Scope, door: Door, now: float) -> Refusal | None:
        """Why the request is refused before the application sees it, if it is."""
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        if sum(len(k) + len(v) for k, v in headers) > self.limits.max_header_bytes:
            return Refusal(431, "headers", "headers_too_large",
                           f"the header fields exceed {self.limits.max_header_bytes} bytes")
        address = client_address(scope)
        principal: Principal | None = None
        if door.auth == "bearer":
            principal = self._principal(headers)
            if principal is None:
                return self._failed(address, now)
            scope.setdefault("state", {})["principal"] = principal
        # A key that acts for people (the console) carries the reads of all of them, from one
        # address: it is not held to one client's rate (the console caches and shares its reads).
        if scope["method"] in READS and not (principal and principal.acts_for_users):
            wait = max(self.reads_by_address.admit(address, now),
                       self.reads_by_key.admit(principal.key_id, now) if principal else 0.0)
            if wait > 0:
                return _limited("rate_limited", f"too many reads from this key or address; retry in "
                                f"{retry_after(wait)} s", wait)
        declared = _header(headers, b"content-length")
        limit = self.doors.body_limit(door)
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            return too_large(limit)
        return None

    def _may_open(self, scope: Scope) -> bool:
        """A websocket behind a bearer door opens only with a valid key (nor is it left open to
        guessing: a failure counts as one)."""
        if self.doors.of(scope["path"]).auth != "bearer":
            return True
        principal = self._principal(scope["headers"])
        if principal is None:
            self.failures.admit(client_address(scope), self.clock())
            return False
        scope.setdefault("state", {})["principal"] = principal
        return True

    def _principal(self, headers: list[tuple[bytes, bytes]]) -> Principal | None:
        scheme, _, secret = (_header(headers, b"authorization") or "").partition(" ")
        return self.keys().authenticate(secret.strip()) if scheme.lower() == "bearer" and secret else None

    def _failed(self, address: str, now: float) -> Refusal:
        wait = self.failures.admit(address, now)
        if wait > 0:
            return _limited("too_many_failed_authentications", "too many requests without a valid key from "
                            f"this address; retry in {retry_after(wait)} s", wait)
        return Refusal(401, "Authorization", "unauthenticated",
                       "a valid 'Authorization: Bearer <key>' header is required", (("WWW-Authenticate", "Bearer"),))

    async def _unexpected(self, scope: Scope, exchange: Exchange) -> None:
        error_id = uuid.uuid4().hex[:16]
        log.exception("unexpected error answering a request", extra=log_context(
            error_id=error_id, method=scope.get("method"), path=scope.get("path"),
            answered=exchange.started))
        await exchange.fail(error_id)

    def _label(self, scope: Scope) -> None:
        """Name the route a refused request was for, so that the metrics count it there."""
        for route in self.routes():
            if route.matches(scope)[0] == Match.FULL:
                scope["route"] = route
                return


def client_address(scope: Scope) -> str:
    """The caller's address as uvicorn reports it (the proxy's, unless the proxy is trusted by
    ANUSHRAVAN_HTTP_FORWARDED_ALLOW_IPS); an IPv6 caller is counted by its /64."""
    client: Any = scope.get("client")
    host = str(client[0]) if client else "unknown"
    if ":" in host:
        try:
            return str(ipaddress.ip_network(f"{host}/64", strict=False))
        except ValueError:
            return host
    return host


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    return next((v.decode("latin-1") for k, v in headers if k == name), None)


def _limited(code: str, message: str, wait: float) -> Refusal:
    return Refusal(429, "Authorization", code, message, (("Retry-After", retry_after(wait)),))
