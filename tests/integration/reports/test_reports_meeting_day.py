"""The meeting day's printed documents on a real MongoDB-protocol server: kept per version and
served again, replaced by a new version, printed once for many simultaneous requests, an older
version printed but not kept, the store bounded by use; and the printer's workers (processes and
threads) printing the real minutes."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import pytest
from prometheus_client import CollectorRegistry
from pymongo import AsyncMongoClient

from services.reports.domain.minutes import assemble
from services.reports.metrics import ReportsMetrics
from services.reports.printing import PdfPrinter
from services.reports.rendered import RENDERED, Printed, RenderedDocuments, booklet_stamp
from services.reports.rendering import pdf_available, render_minutes
from tests.unit.reports.kanpur_march_2026 import kanpur_march_2026

MINUTES = Printed("minutes", "kanpur-nagar", "2026-03", "hi")


class CountingPrinter(PdfPrinter):
    """Prints instantly, slowly enough for requests to meet, and counts."""

    def __init__(self) -> None:
        super().__init__(1, "thread")
        self.printed: list[str] = []

    async def print(self, html: str) -> bytes:
        self.printed.append(html)
        await asyncio.sleep(0.05)
        return f"%PDF-{html}".encode()


@pytest.fixture
async def database(mongo_url: str, database_name: str) -> AsyncIterator[Any]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    yield client[database_name]
    await client.close()


def documents(database: Any, printer: PdfPrinter, max_kept: int = 100) -> RenderedDocuments:
    return RenderedDocuments(lambda: database, printer, ReportsMetrics(CollectorRegistry()), max_kept)


async def test_a_printed_version_is_kept_and_a_new_version_replaces_it(database: Any) -> None:
    printer = CountingPrinter()
    store = documents(database, printer)
    assert await store.pdf(MINUTES, "3", lambda: "v3") == b"%PDF-v3"
    assert await store.pdf(MINUTES, "3", lambda: "v3 again") == b"%PDF-v3"  # kept: not printed twice
    assert await store.pdf(MINUTES, "4", lambda: "v4") == b"%PDF-v4"  # a new version invalidates
    assert printer.printed == ["v3", "v4"]
    assert await database[RENDERED].count_documents({}) == 1


async def test_simultaneous_requests_print_once(database: Any) -> None:
    printer = CountingPrinter()
    store = documents(database, printer)
    answers = await asyncio.gather(*(store.pdf(MINUTES, "5", lambda: "v5") for _ in range(20)))
    assert set(answers) == {b"%PDF-v5"} and printer.printed == ["v5"]


async def test_an_older_version_is_printed_but_does_not_push_out_the_latest(database: Any) -> None:
    printer = CountingPrinter()
    store = documents(database, printer)
    await store.pdf(MINUTES, "6", lambda: "v6")
    assert await store.pdf(MINUTES, "2", lambda: "v2", keep=False) == b"%PDF-v2"
    assert await store.pdf(MINUTES, "6", lambda: "v6") == b"%PDF-v6" and printer.printed == ["v6", "v2"]


async def test_the_store_keeps_the_most_recently_used_up_to_its_bound(database: Any) -> None:
    clock = [1000.0]
    store = RenderedDocuments(lambda: database, CountingPrinter(), ReportsMetrics(CollectorRegistry()), 3,
                              lambda: clock[0])
    for district in ("agra", "banda", "etah", "kanpur-nagar"):
        clock[0] += 1000  # past the touch interval: each use is recorded
        await store.pdf(Printed("booklet", district, "2026-03", "en"), "s", lambda d=district: d)  # type: ignore[misc]
    kept = {d["district"] async for d in database[RENDERED].find({}, {"district": 1})}
    assert kept == {"banda", "etah", "kanpur-nagar"}


def test_a_booklets_stamp_is_its_content() -> None:
    assert booklet_stamp({"a": 1, "b": [2]}) == booklet_stamp({"b": [2], "a": 1})
    assert booklet_stamp({"a": 1}) != booklet_stamp({"a": 2})


@pytest.mark.parametrize("kind", ["process", "thread"])
async def test_the_workers_print_the_minutes(kind: str) -> None:
    available, reason = pdf_available()
    if not available:
        pytest.skip(reason)
    doc = {**assemble(dataclasses.replace(kanpur_march_2026())), "status": "draft", "version": 1}
    html = render_minutes(doc, "hi", "html").decode()
    printer = PdfPrinter(2, kind)  # type: ignore[arg-type]
    try:
        await printer.start()
        pdfs = await asyncio.gather(*(printer.print(html) for _ in range(3)))
    finally:
        await printer.stop()
    assert all(p.startswith(b"%PDF-") and len(p) > 10_000 for p in pdfs)


class Store:
    """The minutes store as printing ahead reads it: each district's latest version."""

    def __init__(self, made: float) -> None:
        self.docs = {d: {"district": d, "period": "2026-03", "version": 2, "created_at_s": made,
                         "rendered": {"hi": {"html": f"{d} hi"}, "en": {"html": f"{d} en"}}}
                     for d in ("agra", "kanpur-nagar")}

    async def latest_of_period(self, period: str) -> dict[str, Any]:
        return {d: {"version": doc["version"], "created_at_s": doc["created_at_s"]} for d, doc in self.docs.items()}

    async def latest(self, district: str, period: str) -> dict[str, Any]:
        return self.docs[district]


class Frozen:
    async def frozen_periods(self, latest: int) -> list[str]:
        return ["2026-03"]


class Loader:
    async def load(self, district: str, period: str) -> Any:
        return dataclasses.replace(kanpur_march_2026())


async def test_a_frozen_months_quiet_drafts_are_printed_ahead_once_per_version(database: Any) -> None:
    from services.reports.meeting_day import Prerender, Printing

    printer, clock = CountingPrinter(), [1000.0]
    store = Store(made=990.0)
    printing = Printing(documents(database, printer), Loader())  # type: ignore[arg-type]
    ahead = Prerender(store, Frozen(), printing, ReportsMetrics(CollectorRegistry()), 30.0,  # type: ignore[arg-type]
                      lambda: clock[0])
    assert await ahead.once() == 0  # made 10 s ago: not quiet yet
    clock[0] = 1100.0
    assert await ahead.once() == 2 and len(printer.printed) == 8  # two districts × minutes and booklet × 2 languages
    assert await ahead.once() == 0 and len(printer.printed) == 8  # nothing new: nothing printed
    store.docs["agra"]["version"] = 3
    assert await ahead.once() == 1
    assert printer.printed[8:] == ["agra hi", "agra en"]  # the booklet had not changed: only the minutes


SERVICE_WITH_WORKERS = """
import asyncio, sys
from services.reports.printing import PdfPrinter
async def main():
    printer = PdfPrinter(2, "process")
    await printer.start()
    print(" ".join(str(p) for p in printer._pool()._processes), flush=True)
    await asyncio.sleep(600)
asyncio.run(main())
"""


def test_the_print_workers_leave_with_a_service_that_is_killed(tmp_path: Any) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    service = subprocess.Popen([sys.executable, "-c", SERVICE_WITH_WORKERS], cwd=root, stdout=subprocess.PIPE,
                               text=True)
    try:
        assert service.stdout is not None
        workers = [int(p) for p in service.stdout.readline().split()]
        assert len(workers) == 2
        service.send_signal(signal.SIGKILL)
        service.wait(10)

        def alive(pid: int) -> bool:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return False
            return True

        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(alive(p) for p in workers):
            time.sleep(0.2)
        assert not any(alive(p) for p in workers), "the print workers outlived the service"
    finally:
        service.kill()
