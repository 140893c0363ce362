"""One request and its answer as the guard sees them (shared/guard.py): the body counted and
timed as it streams in, and an answer the guard may give instead of the application's.

A refusal is sent only if no answer has started; it closes the connection (the unread rest of
the body is never read), and from then on the application reads a disconnect and whatever it
tries to send is dropped.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass

from starlette.types import Message, Receive, Scope, Send


@dataclass(frozen=True)
class Refusal:
    status: int
    field: str
    code: str
    message: str
    headers: tuple[tuple[str, str], ...] = ()


def error_body(field_: str, code: str, message: str, **extra: str) -> bytes:
    """The contract's error body, `{"errors": [{"field", "code", "message"}]}` (and `extra`)."""
    return json.dumps({"errors": [{"field": field_, "code": code, "message": message}], **extra},
                      ensure_ascii=False).encode("utf-8")


@dataclass
class Exchange:
    scope: Scope
    upstream_receive: Receive
    upstream_send: Send
    body_limit: int
    idle_timeout_s: float
    deadline: float  # monotonic time by which the whole body must have arrived
    started: bool = False  # an answer has begun
    refused: Refusal | None = None
    received: int = 0
    body_done: bool = False

    async def receive(self) -> Message:
        """The application's receive: the body counted against the limit and the deadlines."""
        if self.refused is not None:
            return {"type": "http.disconnect"}
        if self.body_done:  # after the body, only a disconnect can come: no deadline applies
            return await self.upstream_receive()
        wait = min(self.idle_timeout_s, self.deadline - time.monotonic())
        try:
            async with asyncio.timeout(max(wait, 0.0)):  # no task per chunk, unlike wait_for
                message = await self.upstream_receive()
        except TimeoutError:
            await self.refuse(Refusal(408, "body", "request_timeout",
                                      "the body did not arrive in time; send it again at an ordinary pace"))
            return {"type": "http.disconnect"}
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            self.body_done = not message.get("more_body", False)
            if self.received > self.body_limit:
                await self.refuse(too_large(self.body_limit))
                return {"type": "http.disconnect"}
        return message

    async def send(self, message: Message) -> None:
        if self.refused is not None:
            return  # the guard has answered; the application's answer is dropped
        if message["type"] == "http.response.start":
            self.started = True
        await self.upstream_send(message)

    async def refuse(self, refusal: Refusal) -> bool:
        """Answer with `refusal` unless an answer has begun; True if it was sent."""
        if self.started or self.refused is not None:
            return False
        self.refused = refusal
        headers = [(b"content-type", b"application/json"), (b"connection", b"close"),
                   *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in refusal.headers)]
        body = error_body(refusal.field, refusal.code, refusal.message)
        headers.append((b"content-length", str(len(body)).encode()))
        await self.upstream_send({"type": "http.response.start", "status": refusal.status, "headers": headers})
        await self.upstream_send({"type": "http.response.body", "body": body})
        return True

    async def fail(self, error_id: str) -> None:
        """The answer to an unexpected error: 500 with the contract's body and the error id."""
        if self.started or self.refused is not None:
            return
        self.started = True
        body = error_body("", "internal_error", f"an unexpected error occurred; quote error id {error_id} "
                          "to the operators, who find it in the service's log", error_id=error_id)
        await self.upstream_send({"type": "http.response.start", "status": 500, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"x-error-id", error_id.encode())]})
        await self.upstream_send({"type": "http.response.body", "body": body})


def too_large(limit: int) -> Refusal:
    return Refusal(413, "body", "body_too_large", f"the body exceeds {limit} bytes")
