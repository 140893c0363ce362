"""The departmental portals of a fault scenario: CSV batches and single submissions to the
ingest API, CloudEvents straight to Kafka. Like a well-behaved portal they retry whatever was
not confirmed (a killed ingest, a 503) with the very same content, and they remember exactly
what was acknowledged: the submissions that must never be lost."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import httpx
from aiokafka import AIOKafkaProducer

from anushravan.live.portals import csv_sheet
from anushravan.sim.actions import Submission
from shared.events.envelope import derived_id, encode, make_event
from shared.events.ingest import PROGRESS_SUBMITTED
from shared.topics import PROGRESS_SUBMITTED as SUBMITTED_TOPIC
from tests.faults.stack import Stack

BATCH_LINES = 200
# A portal gives up on a request after this long; a fault scenario must recover well before.
GIVE_UP_S = 180.0


class PortalGaveUp(RuntimeError):
    """The ingest API did not confirm a request within GIVE_UP_S."""


def submission_event(sub: Submission) -> bytes:
    """The CloudEvent a portal publishes: its id derived from the submission, so a resend is the
    same event, and its time the moment the portal sent it (the same in every run)."""
    event = make_event(PROGRESS_SUBMITTED, f"portal/{sub.department}", sub.data(),
                       id_=derived_id("portal", sub.submission_id), time=sub.submitted_at)
    return encode(event)


@dataclass
class Portals:
    stack: Stack
    acknowledged: set[str] = field(default_factory=set)
    refused: dict[str, list[object]] = field(default_factory=dict)
    answers: Counter[str] = field(default_factory=Counter)
    _producer: AIOKafkaProducer | None = None

    async def start(self) -> Portals:
        self._producer = AIOKafkaProducer(bootstrap_servers=self.stack.bootstrap, acks="all", linger_ms=5,
                                          max_batch_size=256 * 1024, client_id="fault-portals")
        await self._producer.start()
        return self

    async def close(self) -> None:
        if self._producer is not None:
            await self._producer.stop()

    async def publish(self, subs: Sequence[Submission]) -> None:
        """Straight to `progress.submitted`, keyed by scheme; acknowledged with acks=all."""
        assert self._producer is not None
        futures = [await self._producer.send(SUBMITTED_TOPIC, submission_event(s), key=s.scheme.encode())
                   for s in subs]
        await asyncio.gather(*futures)
        self.acknowledged.update(s.submission_id for s in subs)
        self.answers["kafka acknowledged"] += len(subs)

    async def upload(self, subs: Sequence[Submission]) -> None:
        """CSV batches of BATCH_LINES lines, one department per batch, one batch at a time."""
        by_department: dict[str, list[Submission]] = {}
        for sub in subs:
            by_department.setdefault(sub.department, []).append(sub)
        for department_subs in by_department.values():
            for i in range(0, len(department_subs), BATCH_LINES):
                await self._batch(department_subs[i:i + BATCH_LINES])

    async def resend(self, subs: Sequence[Submission]) -> None:
        """One `POST /v1/submissions` each, as a portal retrying a single submission."""
        for sub in subs:
            body = json.dumps(sub.data(), ensure_ascii=False).encode()
            response = await self._post("/v1/submissions", body, "application/json", (202, 409, 422))
            if response.status_code == 202:
                self.answers[response.json()["status"]] += 1
                self.acknowledged.add(sub.submission_id)
            else:
                self.refused[sub.submission_id] = response.json().get("errors", [])

    async def _batch(self, subs: Sequence[Submission]) -> None:
        response = await self._post("/v1/submissions:batch", csv_sheet(subs), "text/csv", (200,))
        body = response.json()
        self.answers["accepted"] += body["accepted"]
        self.answers["duplicate"] += body["duplicates"]
        rejected = {r["line"]: r["errors"] for r in body["rejected"]}
        for line, sub in enumerate(subs, start=2):  # line 1 is the header
            if line in rejected:
                self.refused[sub.submission_id] = rejected[line]
            else:
                self.acknowledged.add(sub.submission_id)

    async def _post(self, path: str, body: bytes, content_type: str, accept: tuple[int, ...]) -> httpx.Response:
        headers = {**self.stack.auth("admin"), "Content-Type": content_type}
        deadline = time.monotonic() + GIVE_UP_S
        last = "nothing"
        while time.monotonic() < deadline:
            try:
                response = await self.stack.http.post(f"{self.stack.url('ingest')}{path}", content=body,
                                                      headers=headers, timeout=30.0)
            except httpx.TransportError as exc:  # ingest killed mid-request, or still starting
                last = repr(exc)
                self.answers["transport errors"] += 1
                await asyncio.sleep(0.3)
                continue
            if response.status_code in accept:
                return response
            last = f"{response.status_code} {response.text[:300]}"
            self.answers[f"http {response.status_code}"] += 1
            if response.status_code not in (429, 502, 503):
                break
            await asyncio.sleep(min(float(response.headers.get("Retry-After", 0.5)), 2.0))
        raise PortalGaveUp(f"POST {path}: {last}")
