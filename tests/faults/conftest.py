"""The uninterrupted run that the fault scenarios compare with: played once per session on a
deployment of its own, as a background task, so that a scenario with faults can run beside
it (a SIGKILLed service spends most of its restart waiting, not computing)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest

from tests.faults.reference import MONTHS, SEED, Reference, uninterrupted
from tests.faults.replay import build_replay


@pytest.fixture(scope="session")
async def reference(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[asyncio.Task[Reference]]:
    """Await it for the outcome (it raises what the run raised)."""
    task = asyncio.create_task(uninterrupted(tmp_path_factory.mktemp("reference"), build_replay(MONTHS, seed=SEED)))
    yield task
    if not task.done():
        task.cancel()
    with contextlib.suppress(BaseException):
        await task
