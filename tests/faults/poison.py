"""Bad messages for `progress.submitted`, generated from a seed: every way a portal (or a
broken producer) can get a message wrong, each message carrying a unique marker in its first
bytes, so that its fate can be found on `progress.rejected` (in `raw`, the first 64 KiB) or on
`progress.submitted.dlq` (the original bytes).

Tansu accepts messages above 1 MiB (verified up to 4 MiB) when the producer's
max_request_size allows it, so the "1 MiB strings" are exactly 1,048,576 characters."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from shared.events.ingest import PROGRESS_SUBMITTED

MARKER = re.compile(rb"poison-(\d{6})")
MIB = 1024 * 1024
SCHEME, DISTRICT, PERIOD = "jsy", "agra", "2026-01"
VALUES = {"beneficiaries_paid": 90, "institutional_deliveries": 100}
# Heavy kinds are capped: a few prove the point without gigabytes on the broker.
CAPS = {"one_mib_string": 8, "deep_nesting": 24}


@dataclass(frozen=True)
class Bad:
    marker: str
    kind: str
    key: bytes | None
    value: bytes | None


def marker(n: int) -> str:
    return f"poison-{n:06d}"


def envelope(mark: str, data: Any, **fields: Any) -> dict[str, Any]:
    return {"specversion": "1.0", "id": mark, "type": PROGRESS_SUBMITTED, "source": "portal/poison",
            "time": "2026-01-20T10:00:00Z", "data": data, **fields}


def submission(mark: str, **fields: Any) -> dict[str, Any]:
    return {"submission_id": mark, "scheme": SCHEME, "district": DISTRICT, "period": PERIOD, "revision": 1,
            "values": dict(VALUES), **fields}


def _json(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


def _raw(text: str) -> bytes:
    return text.encode()


Builder = Callable[[str, random.Random], bytes | None]


def _not_json(m: str, rng: random.Random) -> bytes:
    return rng.choice([f"{m} plain text, not JSON", f'{{"id": "{m}", "data": ', f"{m}\x00\x01\x02",
                       f"<submission id='{m}'/>", f"{m},jsy,agra,2026-01,1,90,100"]).encode()


def _invalid_utf8(m: str, rng: random.Random) -> bytes:
    return _raw(f'{{"specversion":"1.0","id":"{m}","type":"{PROGRESS_SUBMITTED}","source":"portal/x","data":'
                f'{{"submission_id":"{m}","submitted_by":"') + rng.choice([b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80"]) \
        + b'"}}'


def _not_an_object(m: str, rng: random.Random) -> bytes:
    return _json(rng.choice([[m, 1, 2], f"{m}", {"id": m, "envelope": "missing"}]))


def _wrong_envelope(m: str, rng: random.Random) -> bytes:
    doc = envelope(m, submission(m))
    broken = rng.choice(["no_type", "no_source", "no_specversion", "long_id", "bad_time", "type_number"])
    if broken == "no_type":
        del doc["type"]
    elif broken == "no_source":
        doc["source"] = ""
    elif broken == "no_specversion":
        del doc["specversion"]
    elif broken == "long_id":
        doc["id"] = m + "x" * 300
    elif broken == "bad_time":
        doc["time"] = f"{m}-not-a-time"
    else:
        doc["type"] = 42
    return _json(doc)


def _wrong_event_type(m: str, rng: random.Random) -> bytes:
    kind = rng.choice(["progress.submitted.v2", "scheme.scored.v1", "alert.raised.v1", ""])
    return _json(envelope(m, submission(m), type=kind or "x"))


def _wrong_types(m: str, rng: random.Random) -> bytes:
    field, value = rng.choice([("revision", "1"), ("revision", 1.5), ("revision", True), ("values", [90, 100]),
                               ("values", "90,100"), ("scheme", 42), ("district", None), ("period", 202601),
                               ("values", {"beneficiaries_paid": "90", "institutional_deliveries": 100}),
                               ("values", {"beneficiaries_paid": True, "institutional_deliveries": 100})])
    return _json(envelope(m, submission(m, **{field: value})))


def _no_data(m: str, rng: random.Random) -> bytes:
    return _json(envelope(m, rng.choice([None, [], "text", 7])))


def _unknown_ids(m: str, rng: random.Random) -> bytes:
    fields: dict[str, Any] = rng.choice([{"scheme": "no-such-scheme"}, {"district": "atlantis"}, {"period": "2031-01"},
                         {"period": "2026-13"}, {"values": {**VALUES, "unknown_field": 1}},
                         {"values": {"beneficiaries_paid": 90}}, {"submission_id": ""}])
    return _json(envelope(m, submission(m, **fields)))


def _huge_values(m: str, rng: random.Random) -> bytes:
    number = rng.choice(["1e400", str(10**400), "-1e400"])
    text = json.dumps(envelope(m, submission(m)), ensure_ascii=False).replace('"beneficiaries_paid": 90',
                                                                            f'"beneficiaries_paid": {number}')
    return _raw(text)


def _nan(m: str, rng: random.Random) -> bytes:
    token = rng.choice(["NaN", "Infinity", "-Infinity"])
    text = json.dumps(envelope(m, submission(m))).replace('"institutional_deliveries": 100',
                                                          f'"institutional_deliveries": {token}')
    return _raw(text)


def _negative(m: str, rng: random.Random) -> bytes:
    return _json(envelope(m, submission(m, values={"beneficiaries_paid": -rng.randint(1, 10**6),
                                                   "institutional_deliveries": 100})))


def _deep_nesting(m: str, rng: random.Random) -> bytes:
    depth = rng.choice([10_000, 100_000])
    return _raw(f'{{"id":"{m}","data":{{"values":' + "[" * depth + "]" * depth + "}}")


def _one_mib_string(m: str, rng: random.Random) -> bytes:
    long = "क" if rng.random() < 0.5 else "x"
    where = rng.choice(["submitted_by", "district", "submission_id", "field", "text"])
    if where == "text":
        return _raw(m + long * MIB)
    if where == "field":
        return _json(envelope(m, submission(m, values={**VALUES, long * MIB: 1})))
    return _json(envelope(m, submission(m, **{where: (m if where == "submission_id" else "") + long * MIB})))


def _empty(m: str, rng: random.Random) -> bytes | None:
    return rng.choice([b"", b" ", b"null", b"{}", None])


# Kinds whose messages cannot carry a marker (an empty value) are counted, not matched.
KINDS: dict[str, Builder] = {
    "not_json": _not_json, "invalid_utf8": _invalid_utf8, "not_an_object": _not_an_object,
    "wrong_envelope": _wrong_envelope, "wrong_event_type": _wrong_event_type, "wrong_types": _wrong_types,
    "no_data": _no_data, "unknown_ids": _unknown_ids, "huge_values": _huge_values, "nan": _nan,
    "negative": _negative, "deep_nesting": _deep_nesting, "one_mib_string": _one_mib_string,
}


def bad_messages(count: int, seed: int) -> Iterator[Bad]:
    """`count` bad messages, every kind in turn (heavy kinds up to their cap), seeded."""
    rng = random.Random(seed)
    made: dict[str, int] = {}
    kinds = list(KINDS)
    n = 0
    while n < count:
        for kind in kinds:
            if n >= count or made.get(kind, 0) >= CAPS.get(kind, count):
                continue
            m = marker(n)
            key = rng.choice([SCHEME.encode(), None, b"", b"\xff\xfe", m.encode()])
            yield Bad(m, kind, key, KINDS[kind](m, rng))
            made[kind] = made.get(kind, 0) + 1
            n += 1


def empty_messages(count: int, seed: int) -> list[bytes | None]:
    """Values with nothing to mark: empty, blank, JSON null, an empty object, a tombstone."""
    rng = random.Random(seed)
    return [_empty("", rng) for _ in range(count)]


def markers_in(data: bytes | str | None) -> set[str]:
    if data is None:
        return set()
    raw = data.encode(errors="replace") if isinstance(data, str) else data
    return {f"poison-{m.decode()}" for m in MARKER.findall(raw)}
