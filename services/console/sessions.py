"""Server-side sessions, login attempts and language preferences in the console's MongoDB
collections: logout revokes at once, and every replica agrees on who is logged in."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pymongo.asynchronous.database import AsyncDatabase

from services.console.domain.lockout import LockoutPolicy, locked_until, with_failure
from services.console.schema import ATTEMPTS, PREFERENCES, SESSIONS

Lang = Literal["hi", "en"]
Database = Callable[[], AsyncDatabase[dict[str, Any]]]
TOUCH_EVERY_S = 60.0  # last-seen is written at most this often: a page view is one read, not a write


def _key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    key: str
    user_id: str
    csrf: str
    created: float
    seen: float
    lang: Lang = "hi"


class SessionStore:
    def __init__(self, database: Database, idle_s: float, max_s: float,
                 clock: Callable[[], float] = time.time) -> None:
        self.database, self.idle_s, self.max_s, self.clock = database, idle_s, max_s, clock

    async def create(self, user_id: str, lang: Lang) -> tuple[str, Session]:
        """A new session; the returned secret goes into the cookie, only its hash is stored."""
        secret, now = secrets.token_urlsafe(32), self.clock()
        session = Session(_key(secret), user_id, secrets.token_urlsafe(32), now, now, lang)
        await self.database()[SESSIONS].insert_one({"_id": session.key, "user": user_id, "csrf": session.csrf,
                                                   "created": now, "seen": now, "lang": lang})
        return secret, session

    async def get(self, secret: str) -> Session | None:
        """The live session of this cookie secret; an expired one is removed."""
        doc = await self.database()[SESSIONS].find_one({"_id": _key(secret)})
        if doc is None:
            return None
        now = self.clock()
        if now - doc["seen"] > self.idle_s or now - doc["created"] > self.max_s:
            await self.database()[SESSIONS].delete_one({"_id": doc["_id"]})
            return None
        if now - doc["seen"] > TOUCH_EVERY_S:
            await self.database()[SESSIONS].update_one({"_id": doc["_id"]}, {"$set": {"seen": now}})
        return Session(doc["_id"], doc["user"], doc["csrf"], doc["created"], doc["seen"],
                       "en" if doc.get("lang") == "en" else "hi")

    async def set_lang(self, session: Session, lang: Lang) -> None:
        await self.database()[SESSIONS].update_one({"_id": session.key}, {"$set": {"lang": lang}})

    async def delete(self, session: Session) -> None:
        await self.database()[SESSIONS].delete_one({"_id": session.key})

    async def purge(self) -> int:
        """Remove sessions idle past the limit (expired ones are also refused when presented)."""
        result = await self.database()[SESSIONS].delete_many({"seen": {"$lt": self.clock() - self.idle_s}})
        return int(result.deleted_count)


class LoginAttempts:
    """Failures per user name and per client address; a lock-out refuses before the password is
    checked. An address has ten times a name's allowance: many people share one office gateway."""

    ADDRESS_FACTOR = 10

    def __init__(self, database: Database, policy: LockoutPolicy, clock: Callable[[], float] = time.time) -> None:
        self.database, self.clock = database, clock
        self.policies = {"user": policy, "addr": LockoutPolicy(policy.max_failures * self.ADDRESS_FACTOR,
                                                               policy.window_s, policy.lockout_s)}

    def _policy(self, key: str) -> LockoutPolicy:
        return self.policies[key.split(":", 1)[0]]

    async def locked_until(self, keys: list[str]) -> float | None:
        docs = await self.database()[ATTEMPTS].find({"_id": {"$in": keys}}).to_list(None)
        ends = [locked_until(d.get("failures", []), self.clock(), self._policy(d["_id"])) for d in docs]
        return max((e for e in ends if e is not None), default=None)

    async def failed(self, keys: list[str]) -> None:
        now = self.clock()
        for key in keys:
            doc = await self.database()[ATTEMPTS].find_one({"_id": key}) or {}
            failures = with_failure(doc.get("failures", []), now, self._policy(key))
            await self.database()[ATTEMPTS].update_one({"_id": key}, {"$set": {"failures": failures}}, upsert=True)

    async def succeeded(self, user_key: str) -> None:
        await self.database()[ATTEMPTS].delete_one({"_id": user_key})


class Preferences:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def lang(self, user_id: str) -> Lang:
        doc = await self.database()[PREFERENCES].find_one({"_id": user_id})
        return "en" if doc and doc.get("lang") == "en" else "hi"

    async def set_lang(self, user_id: str, lang: Lang) -> None:
        await self.database()[PREFERENCES].update_one({"_id": user_id}, {"$set": {"lang": lang}}, upsert=True)
