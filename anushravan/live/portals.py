"""The departmental portals: they send their figures to the ingest HTTP API (a CSV sheet per
department and month, or one submission at a time), or publish CloudEvents to Kafka."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import httpx
from aiokafka import AIOKafkaProducer

from anushravan.sim.actions import Submission
from shared.events.envelope import derived_id, encode, make_event
from shared.events.ingest import PROGRESS_SUBMITTED
from shared.topics import PROGRESS_SUBMITTED as SUBMITTED_TOPIC

HEADER = ("submission_id", "scheme", "district", "period", "revision", "submitted_by")
RETRIES = 8


class IngestError(RuntimeError):
    """The ingest API refused a request as a whole."""


@dataclass
class Receipt:
    """What ingest answered: accepted, duplicates, and every refused line with its reasons."""

    accepted: int = 0
    duplicates: int = 0
    rejected: list[str] = field(default_factory=list)

    def add(self, other: Receipt) -> None:
        self.accepted += other.accepted
        self.duplicates += other.duplicates
        self.rejected.extend(other.rejected)


def csv_sheet(submissions: Sequence[Submission]) -> bytes:
    """A CSV batch (CONTRACT §4): the fixed columns, then one column per input field."""
    fields = sorted({name for sub in submissions for name in sub.values})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*HEADER, *fields])
    for sub in submissions:
        cells = [sub.submission_id, sub.scheme, sub.district, sub.period, sub.revision, sub.submitted_by]
        writer.writerow([*cells, *(sub.values.get(name, "") for name in fields)])
    return out.getvalue().encode()


class Portals:
    """Sends submissions the way each department's portal does."""

    def __init__(self, ingest_url: str, secrets: dict[str, str], bootstrap: str) -> None:
        self.secrets = secrets
        self.bootstrap = bootstrap
        self.http = httpx.AsyncClient(base_url=ingest_url, timeout=60.0)
        self.producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5,
                                         max_batch_size=256 * 1024, client_id="anushravan-demo-portals")

    async def start(self) -> None:
        await self.producer.start()

    async def close(self) -> None:
        await self.http.aclose()
        await self.producer.stop()

    def _key(self, department: str) -> str:
        return self.secrets.get(f"submitter:{department}") or self.secrets["admin"]

    async def upload_sheets(self, submissions: Iterable[Submission]) -> Receipt:
        """One CSV batch per department, sent concurrently, each with its department's key."""
        sheets: dict[str, list[Submission]] = defaultdict(list)
        for sub in submissions:
            sheets[sub.department].append(sub)
        receipts = await asyncio.gather(*(self._batch(dept, subs) for dept, subs in sheets.items()))
        total = Receipt()
        for receipt in receipts:
            total.add(receipt)
        return total

    async def _batch(self, department: str, submissions: Sequence[Submission]) -> Receipt:
        response = await self._post("/v1/submissions:batch", department, csv_sheet(submissions), "text/csv")
        body = response.json()
        refused = [f"{department} line {r.get('line')}: {r.get('errors')}" for r in body.get("rejected", [])]
        return Receipt(int(body.get("accepted", 0)), int(body.get("duplicates", 0)), refused)

    async def send_one(self, sub: Submission) -> Receipt:
        """One submission through `POST /v1/submissions` (a resend or a correction)."""
        body = json.dumps(sub.data(), ensure_ascii=False).encode()
        response = await self._post("/v1/submissions", sub.department, body, "application/json",
                                    accept=(202, 409, 422))
        if response.status_code != 202:
            return Receipt(rejected=[f"{sub.submission_id}: {response.status_code} {response.text[:300]}"])
        duplicate = response.json().get("status") == "duplicate"
        return Receipt(accepted=0 if duplicate else 1, duplicates=1 if duplicate else 0)

    async def _post(self, path: str, department: str, body: bytes, content_type: str,
                    accept: tuple[int, ...] = (200,)) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self._key(department)}", "Content-Type": content_type}
        for attempt in range(RETRIES):
            response = await self.http.post(path, headers=headers, content=body)
            if response.status_code in accept:
                return response
            if response.status_code not in (429, 503):
                break
            # Busy or the broker unreachable: ingest says when to come back.
            await asyncio.sleep(min(5.0, float(response.headers.get("Retry-After", 1)) * (1 + attempt / 4)))
        raise IngestError(f"POST {path} for {department}: {response.status_code} {response.text[:500]}")

    async def publish(self, submissions: Iterable[Submission]) -> int:
        """CloudEvents straight to `progress.submitted`, keyed by scheme, as a portal would.

        The event id is derived from the submission, so a resend is the same event again.
        """
        futures = []
        for sub in submissions:
            event = make_event(PROGRESS_SUBMITTED, f"portal/{sub.department}", sub.data(),
                               id_=derived_id("portal", sub.submission_id), time=sub.submitted_at)
            futures.append(await self.producer.send(SUBMITTED_TOPIC, encode(event), key=sub.scheme.encode()))
        await asyncio.gather(*futures)
        return len(futures)
