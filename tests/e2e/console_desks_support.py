"""What the console's desk tests share: figures that raise an alert, the forms a person posts
(with the session's CSRF token), and the stack's alerts as the alerts API holds them."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from tests.e2e.console_support import PASSWORD, ConsoleStack
from tests.support.kafka import event_bytes, produce

RUN = time.strftime("%Y%m%d%H%M%S")


def jsy(district: str, period: str, paid: int, revision: int = 1) -> tuple[str, bytes]:
    """Janani Suraksha Yojana's figures: 1000 deliveries, `paid` paid (under 300: grade D)."""
    data = {"submission_id": f"desks-{RUN}-{district}-{period}-r{revision}", "scheme": "jsy", "district": district,
            "period": period, "revision": revision,
            "values": {"beneficiaries_paid": paid, "institutional_deliveries": 1000}}
    return "jsy", event_bytes("progress.submitted.v1", data, source="portal/medical-health")


def publish(stack: ConsoleStack, *submissions: tuple[str, bytes]) -> None:
    asyncio.run(produce(stack.kafka, "progress.submitted", submissions))


def alerts(stack: ConsoleStack, **query: str) -> list[dict[str, Any]]:
    with stack.api("alerts", "viewer") as api:
        answer = api.get("/v1/alerts", params={"limit": "1000", **query})
        return answer.json() if answer.status_code == 200 else []


def periods(stack: ConsoleStack) -> set[str]:
    with stack.api("scoring", "viewer") as api:
        return {p["period"] for p in api.get("/v1/periods").json()["periods"]}


@contextmanager
def person(stack: ConsoleStack, user: str) -> Iterator[httpx.Client]:
    """A logged-in person's client (the demo's `command-centre` has its own password)."""
    with stack.client() as client:
        password = stack.password if user == stack.user else PASSWORD
        assert stack.login(client, user, password).status_code == 303
        yield client


def token(client: httpx.Client, page: str = "/") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(page).text)
    assert found, f"no form on {page}"
    return found.group(1)


def post(client: httpx.Client, path: str, fields: dict[str, str], csrf: str | None = "") -> httpx.Response:
    """A form as a browser posts it: with the session's CSRF token, unless `csrf` says otherwise."""
    sent = {**fields, **({"csrf": token(client)} if csrf == "" else {"csrf": csrf} if csrf else {})}
    return client.post(path, data=sent)
