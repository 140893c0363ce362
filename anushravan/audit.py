"""The operator's audit trail: the MongoDB collection `operator_audit`, one document per
operator action that changes the state of the month (a deadline, a freeze): who (the OS user,
or --by), when, from which host, why (--reason; required with --force), whether a guard was
overridden, and the event it published. It is written before the event is published and
marked `published` after, so no forced action goes unrecorded."""

from __future__ import annotations

import getpass
import socket
import uuid
from collections.abc import Mapping
from typing import Any

from shared.events.envelope import iso, utc_now
from shared.mongo import create_client
from shared.settings import Settings

AUDIT = "operator_audit"


def who(by: str | None) -> str:
    if by:
        return by
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return "unknown"


def entry(action: str, subject: Mapping[str, Any], by: str | None, reason: str | None, forced: bool) -> dict[str, Any]:
    return {"_id": uuid.uuid4().hex, "action": action, **subject, "by": who(by), "host": socket.gethostname(),
            "reason": reason, "forced": forced, "at": iso(utc_now()), "status": "publishing"}


async def record(settings: Settings, doc: Mapping[str, Any]) -> None:
    client = create_client(settings)
    try:
        await client[settings.mongodb_database][AUDIT].insert_one(dict(doc))
    finally:
        await client.close()


async def mark_published(settings: Settings, audit_id: str, event_id: str) -> None:
    client = create_client(settings)
    try:
        await client[settings.mongodb_database][AUDIT].update_one(
            {"_id": audit_id}, {"$set": {"status": "published", "event_id": event_id}})
    finally:
        await client.close()


async def history(settings: Settings, limit: int) -> list[dict[str, Any]]:
    client = create_client(settings)
    try:
        cursor = client[settings.mongodb_database][AUDIT].find({}).sort("at", -1).limit(limit)
        return [doc async for doc in cursor]
    finally:
        await client.close()
