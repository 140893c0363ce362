"""Printing PDFs off the event loop, a bounded number at a time.

WeasyPrint lays a document out largely in Python. Measured (bench/bench_desks.py, 2 workers, 2
cores): threads print as many PDFs a second as processes (5.7 against 5.4: the shaping and
drawing release the interpreter lock), but hold the service's event loop up to 73 ms at a time
against 11 ms — every other request waits that long. So by default PDFs are printed in worker
processes (`ANUSHRAVAN_PDF_EXECUTOR=process`, `ANUSHRAVAN_PDF_WORKERS` of them, started with
`spawn`: the service's threads and sockets are not forked into them); `thread` keeps them in
threads of this process. At most `workers` documents are printed at once and the rest wait their turn, so a
meeting day's burst costs a bounded amount of memory, not one WeasyPrint per request.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Literal

from services.reports.rendering import html_to_pdf, pdf_available

log = logging.getLogger("anushravan.reports.printing")
ExecutorKind = Literal["process", "thread"]
STOP_WAIT_S = 10.0


def exit_with_parent(parent: int) -> None:
    """In a worker process: leave when the service that started it is gone — stopped without
    shutting its pool down, or killed — instead of lingering as an orphan for ever (a worker
    holds its task queue's writing end itself, so it would never see the end of it)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


class PdfPrinter:
    def __init__(self, workers: int, kind: ExecutorKind = "process") -> None:
        self.workers, self.kind = workers, kind
        self._executor: Executor | None = None
        self._slots: asyncio.Semaphore | None = None

    def _pool(self) -> Executor:
        if self._executor is None:
            self._executor = (ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                  initializer=exit_with_parent, initargs=(os.getpid(),))
                              if self.kind == "process" else ThreadPoolExecutor(self.workers, "pdf"))
        return self._executor

    async def start(self) -> None:
        """Start the workers now (a spawned process imports WeasyPrint once, about a second),
        so that the first request does not pay for it."""
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(self._pool(), pdf_available) for _ in range(self.workers)))

    async def print(self, html: str) -> bytes:
        """The PDF of an HTML page; PdfUnavailable when it cannot be printed here."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.workers)
        async with self._slots:
            try:
                return await asyncio.get_running_loop().run_in_executor(self._pool(), html_to_pdf, html)
            except BrokenProcessPool:
                # A worker died (killed, out of memory): start a new pool, and print once more.
                log.error("a PDF worker died; starting new ones")
                self._executor = None
                return await asyncio.get_running_loop().run_in_executor(self._pool(), html_to_pdf, html)

    async def stop(self) -> None:
        """Stop the workers: what waits is cancelled, what prints finishes (at most STOP_WAIT_S)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.to_thread(executor.shutdown, True, cancel_futures=True), STOP_WAIT_S)
