"""Idempotent bulk writes: a unique key that is already stored means the write was done."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo import InsertOne, ReplaceOne, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError

DUPLICATE_KEY = 11000
Operation = InsertOne[Any] | UpdateOne | ReplaceOne[Any]


async def bulk(collection: AsyncCollection[Any], operations: Sequence[Operation]) -> set[int]:
    """Run the operations unordered; the indexes of those refused for a duplicate key.

    A guarded upsert (`{"_id": k, "version": {"$lte": v}}`) that meets a later version tries
    to insert `_id` k again and is refused: the later version stays, as it must.
    """
    if not operations:
        return set()
    try:
        await collection.bulk_write(list(operations), ordered=False)
    except BulkWriteError as exc:
        errors = exc.details.get("writeErrors", [])
        others = [e for e in errors if e.get("code") != DUPLICATE_KEY]
        if others or exc.details.get("writeConcernErrors"):
            raise
        return {int(e["index"]) for e in errors}
    return set()


def guarded_upsert(document: dict[str, Any], guard: dict[str, Any]) -> ReplaceOne[Any]:
    """Store `document` unless the stored one fails `guard` (then a duplicate key is reported).

    A replacement, not a `$set`: the embedded server applies it in a third of the time.
    """
    return ReplaceOne({"_id": document["_id"], **guard}, document, upsert=True)
