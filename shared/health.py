"""Readiness: really asks the broker and the database, and knows when a consumer is stuck retrying."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

Check = Callable[[], Awaitable[bool]]


@dataclass
class Health:
    checks: dict[str, Check] = field(default_factory=dict)
    # Consumers that are backing off after an infrastructure failure report themselves here.
    degraded: dict[str, str] = field(default_factory=dict)
    started: bool = False
    # Facts shown on /healthz (e.g. how many schemes the catalogue view holds).
    info: dict[str, Callable[[], object]] = field(default_factory=dict)

    def add(self, name: str, check: Check) -> None:
        self.checks[name] = check

    def degrade(self, who: str, why: str) -> None:
        self.degraded[who] = why

    def recover(self, who: str) -> None:
        self.degraded.pop(who, None)

    async def report(self, timeout: float = 2.0) -> tuple[bool, dict[str, str]]:
        async def run(check: Check) -> bool:
            try:
                return await asyncio.wait_for(check(), timeout)
            except Exception:
                return False

        names = list(self.checks)
        results = await asyncio.gather(*(run(self.checks[n]) for n in names))
        detail = {n: ("ok" if ok else "unreachable") for n, ok in zip(names, results, strict=True)}
        for who, why in self.degraded.items():
            detail[who] = why
        if not self.started:
            detail["startup"] = "starting"
        ok = self.started and all(results) and not self.degraded
        return ok, detail
