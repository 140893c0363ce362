"""MongoDB factory: one AsyncMongoClient per process, collections and indexes made at start-up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import CollectionInvalid, ConnectionFailure, OperationFailure, PyMongoError

from shared.settings import Settings

Document = dict[str, Any]


@dataclass(frozen=True)
class Index:
    keys: Sequence[tuple[str, int]]
    unique: bool = False
    name: str | None = None

    def model(self) -> IndexModel:
        name = self.name or "_".join(f"{k}_{d}" for k, d in self.keys)
        return IndexModel(list(self.keys), unique=self.unique, name=name)


@dataclass
class Mongo:
    client: AsyncMongoClient[Document]
    db: AsyncDatabase[Document]
    schema: Mapping[str, Sequence[Index]] = field(default_factory=dict)

    async def ping(self) -> bool:
        try:
            await self.db.command("ping")
        except PyMongoError:
            return False
        return True

    async def close(self) -> None:
        await self.client.close()


def create_client(settings: Settings, timeout_ms: int = 3000) -> AsyncMongoClient[Document]:
    # Write concern is explicit: majority + journal in production, where the server honours it.
    return AsyncMongoClient(
        settings.mongo_url,
        w="majority" if settings.mongodb_write_concern == "majority" else 1,
        journal=settings.mongodb_journal,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        socketTimeoutMS=max(timeout_ms * 5, 15000),
        tz_aware=True,
    )


async def connect(settings: Settings, schema: Mapping[str, Sequence[Index]]) -> Mongo:
    """Connect and create every collection and index the service needs.

    Collections are created up front because nx-27017 cannot create one inside a transaction,
    and an index created lazily would let duplicates in during the first writes.
    """
    client = create_client(settings)
    mongo = Mongo(client, client[settings.mongodb_database], schema)
    await ensure_schema(mongo)
    return mongo


async def ensure_schema(mongo: Mongo) -> None:
    existing = set(await mongo.db.list_collection_names())
    for name, indexes in mongo.schema.items():
        if name not in existing:
            try:
                await mongo.db.create_collection(name)
            except CollectionInvalid:
                pass  # created by another instance in between
        if indexes:
            try:
                await mongo.db[name].create_indexes([i.model() for i in indexes])
            except OperationFailure as exc:
                # An index of the same name already exists (created by another instance).
                if exc.code not in (85, 86):
                    raise


INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (ConnectionFailure,)
