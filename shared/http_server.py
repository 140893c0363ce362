"""Serving a service: uvicorn with the limits that come before the application sees a request.

httptools buffers a header field whole before uvicorn is told of it, so a many-MiB header cost
seconds and hundreds of MB before any middleware could refuse it; and uvicorn times out only
idle keep-alive connections, never a client that trickles its request head. The protocol below
counts the head as it arrives (431 past `max_header_bytes`) and gives it `header_timeout_s`
from the first byte (408). Concurrency is bounded by uvicorn (`limit_concurrency`: 503).

A refusal while the client is still sending (a body refused unread, a head too large) closes
the connection lingering: reading stops, the answer is finished with a FIN, and the socket is
closed a moment later. Closed at once, the unread bytes would make the kernel answer with a
reset, and the client would lose the refusal it should read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, ClassVar, cast

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from shared.exchange import error_body
from shared.limits import Limits
from shared.settings import Settings

HEAD_END = b"\r\n\r\n"
LINGER_S = 2.0


class Lingering:
    """A transport whose `close` lingers when the client may still be sending (see above)."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop,
                 unread: Callable[[], bool]) -> None:
        self._transport, self._loop, self._unread = transport, loop, unread
        self._closing = False

    def close(self) -> None:
        if self._closing:
            return
        self._closing = True
        if not self._unread() or self._transport.is_closing():
            self._transport.close()
            return
        self._transport.pause_reading()
        if self._transport.can_write_eof():
            self._transport.write_eof()
        self._loop.call_later(LINGER_S, self._transport.close)

    def is_closing(self) -> bool:
        return self._closing or self._transport.is_closing()

    def resume_reading(self) -> None:
        if not self._closing:
            self._transport.resume_reading()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class GuardedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol with a bound on the size and the time of a request head
    (set by `protocol` from the settings)."""

    max_head_bytes: ClassVar[int]
    head_timeout_s: ClassVar[float]

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._head_bytes, self._tail, self._in_head = 0, b"", True
        super().connection_made(cast(asyncio.Transport, Lingering(transport, self.loop, self._unread)))
        self._head_timer: asyncio.TimerHandle | None = self.loop.call_later(self.head_timeout_s, self._too_slow)

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            if self._head_timer is None:
                self._head_timer = self.loop.call_later(self.head_timeout_s, self._too_slow)
            seen = self._tail + data
            end = seen.find(HEAD_END)
            self._head_bytes += len(data) if end < 0 else end + len(HEAD_END) - len(self._tail)
            self._tail = seen[-(len(HEAD_END) - 1):]
            if self._head_bytes > self.max_head_bytes:
                self._refuse(431, "headers", "headers_too_large",
                             f"the request head exceeds {self.max_head_bytes} bytes")
                return
        super().data_received(data)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._stop_timer()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._head_bytes, self._tail, self._in_head = 0, b"", True  # the next request's head

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_timer()
        super().connection_lost(exc)

    def _unread(self) -> bool:
        """Whether the client may still be sending: a head begun, or a body not all read."""
        in_body = self.cycle is not None and self.cycle.more_body
        return (self._in_head and self._head_bytes > 0) or in_body

    def send_400_response(self, msg: str) -> None:
        self._refuse(400, "request", "malformed_request", msg)

    def _too_slow(self) -> None:
        self._head_timer = None
        if self._in_head:
            self._refuse(408, "headers", "request_timeout",
                         f"the request head did not arrive within {self.head_timeout_s:g} s")

    def _stop_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _refuse(self, status: int, field: str, code: str, message: str) -> None:
        self._stop_timer()
        if self.transport.is_closing():
            return
        body = error_body(field, code, message)
        head = (f"HTTP/1.1 {status} {_REASONS[status]}\r\ncontent-type: application/json\r\n"
                f"content-length: {len(body)}\r\nconnection: close\r\n\r\n").encode()
        self.transport.write(head + body)
        self.transport.close()


_REASONS = {400: "Bad Request", 408: "Request Timeout", 431: "Request Header Fields Too Large"}


def protocol(limits: Limits) -> type[GuardedHttpTools]:
    """The protocol class with the service's limits (uvicorn builds one per connection)."""
    return type("ServiceHttp", (GuardedHttpTools,), {
        "max_head_bytes": limits.max_header_bytes, "head_timeout_s": limits.header_timeout_s})


def serve(app: Any, settings: Settings, port: int) -> None:
    """Run `app` in the foreground until SIGTERM (then 25 s to finish what is in flight)."""
    import uvicorn

    uvicorn.run(app, host=settings.http_host, port=port, log_config=None, access_log=False,
                timeout_graceful_shutdown=25, loop="uvloop", http=protocol(Limits.of(settings)),
                limit_concurrency=settings.http_limit_concurrency, timeout_keep_alive=5,
                proxy_headers=True, forwarded_allow_ips=settings.http_forwarded_allow_ips)
