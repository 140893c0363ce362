"""SIGKILLs at seeded moments of a replay: which service, at which step, how long after the
step began, and how long it stays down. The plan is pure and reproducible; the monkey
carries it out while the replay runs and restarts each victim on its port."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from tests.faults.stack import SERVICES, Stack


@dataclass(frozen=True)
class Kill:
    step: int
    victim: str
    delay_s: float  # after the step begins
    down_s: float  # before the restart


@dataclass(frozen=True)
class Killed:
    """What happened: the kill, the pid that died, and when (seconds since the replay began)."""

    kill: Kill
    pid: int
    at_s: float
    ready_after_s: float


def plan_kills(seed: int, steps: int, count: int, victims: Sequence[str] = SERVICES,
               max_delay_s: float = 3.0) -> list[Kill]:
    """`count` kills spread over the steps, every victim at least `count // len(victims)` times."""
    rng = random.Random(seed)
    names = [victims[i % len(victims)] for i in range(count)]
    rng.shuffle(names)
    at = sorted(rng.randrange(steps) for _ in range(count))
    return [Kill(step, name, round(rng.uniform(0.0, max_delay_s), 2), round(rng.uniform(0.0, 1.0), 2))
            for step, name in zip(at, names, strict=True)]


@dataclass
class Monkey:
    stack: Stack
    plan: Sequence[Kill]
    started: float = field(default_factory=time.monotonic)
    done: list[Killed] = field(default_factory=list)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _locks: dict[str, asyncio.Lock] = field(default_factory=dict)

    def step(self, index: int) -> None:
        """The replay begins step `index`: start its kills."""
        for kill in (k for k in self.plan if k.step == index):
            self._tasks.append(asyncio.create_task(self._kill(kill)))

    async def _kill(self, kill: Kill) -> None:
        await asyncio.sleep(kill.delay_s)
        # One victim at a time per service: a second kill waits for the first restart to be ready.
        async with self._locks.setdefault(kill.victim, asyncio.Lock()):
            pid = self.stack.services[kill.victim].pid
            at = time.monotonic()
            self.stack.kill(kill.victim)
            await asyncio.sleep(kill.down_s)
            self.stack.restart(kill.victim)
            await self.stack.wait_ready([kill.victim])
            self.done.append(Killed(kill, pid, round(at - self.started, 2), round(time.monotonic() - at, 2)))

    async def drain(self) -> None:
        """Wait for every started kill to be restarted and ready; raise what a restart raised."""
        await asyncio.gather(*self._tasks)
