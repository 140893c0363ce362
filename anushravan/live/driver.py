"""Drives one month through the running pipeline, saying what each step does and why."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from anushravan.admin import publish_period_event
from anushravan.live.client import ReadApi
from anushravan.live.observer import Observer
from anushravan.live.portals import Portals, Receipt
from anushravan.sim.actions import MonthPlan, Submission, Submit
from shared.topics import PERIODS_EVENTS, RANKS_UPDATED, SCORES_UPDATED

STEP_TIMEOUT = 180.0
PARALLEL_POSTS = 16


class PipelineStuck(RuntimeError):
    """The pipeline did not settle in time; the message says what was still missing."""


@dataclass
class MonthResult:
    period: str
    sent: int
    receipt: Receipt
    laps: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.laps.values())


class Laps:
    """Seconds spent in each step of a month."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self._mark = time.monotonic()

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.times[name] = now - self._mark
        self._mark = now


Say = Callable[[str], None]
Step = Callable[[str], None]


class MonthDriver:
    """Sends a month's plan and waits, after each step, until the pipeline has caught up."""

    def __init__(self, portals: Portals, observer: Observer, api: ReadApi, bootstrap: str,
                 say: Say, step: Step) -> None:
        self.portals, self.observer, self.api, self.bootstrap = portals, observer, api, bootstrap
        self.say, self.step = say, step

    async def run(self, month: MonthPlan, narrate: bool, never: int = 0) -> MonthResult:
        laps = Laps()
        say = self.say if narrate else _silent
        receipt = Receipt()
        on_time = [s.submission for s in month.sends("on_time")]
        say(_sending(month.period, on_time))
        self.step(f"{month.period}: portals send {len(on_time):,} figures")
        receipt.add(await self._send(on_time))
        receipt.add(await self._resend(month.sends("duplicate"), say))
        receipt.add(await self._correct(month.sends("revision"), say))
        laps.lap("send")
        await self._settle(month.sends("on_time", "revision"), "scoring")
        laps.lap("scoring")
        await self._deadline(month, say, never)
        laps.lap("deadline")
        await self._freeze(month.period, say)
        laps.lap("freeze")
        return MonthResult(month.period, len(month.sends()), receipt, laps.times)

    async def replay(self, months: Sequence[MonthPlan], advance: Callable[[], None]) -> MonthResult:
        """The year's earlier months at speed: every figure straight onto Kafka at once, then
        each month's deadline and freeze in turn, so the year has its history of final ranks."""
        laps = Laps()
        sends = [s for m in months for s in m.sends()]
        self.step(f"{months[0].period} … {months[-1].period}: {len(sends):,} figures onto Kafka")
        await self.portals.publish([s.submission for s in sends])
        laps.lap("send")
        await self._settle([s for s in sends if s.purpose != "duplicate"], "scoring")
        laps.lap("scoring")
        for month in months:  # replayed months are not narrated step by step
            await self._deadline(month, _silent, 0)
            await self._freeze(month.period, _silent)
            advance()
        laps.lap("freezes")
        label = months[0].period + (f" … {months[-1].period}" if len(months) > 1 else "")
        return MonthResult(label, len(sends), Receipt(), laps.times)

    async def _send(self, subs: Sequence[Submission]) -> Receipt:
        sheets = self.portals.upload_sheets([s for s in subs if s.channel == "http"])
        receipt, _ = await asyncio.gather(sheets, self.portals.publish([s for s in subs if s.channel == "kafka"]))
        return receipt

    async def _resend(self, sends: list[Submit], say: Say) -> Receipt:
        if not sends:
            return Receipt()
        say(f"{len(sends)} submissions are sent a second time with the same submission_id (a portal "
            "retrying): ingest answers 'duplicate' and scoring skips them, so nothing counts twice.")
        self.step(f"{sends[0].submission.period}: {len(sends)} duplicates")
        return await self._one_by_one([s.submission for s in sends])

    async def _correct(self, sends: list[Submit], say: Say) -> Receipt:
        if not sends:
            return Receipt()
        say(f"{len(sends)} figures were typed wrong and are corrected by revision 2 a few days later: "
            "the later revision replaces the first, and marks, grades and ranks follow it.")
        self.step(f"{sends[0].submission.period}: {len(sends)} corrections")
        return await self._one_by_one([s.submission for s in sends])

    async def _one_by_one(self, subs: list[Submission]) -> Receipt:
        """Each through `POST /v1/submissions`, several at a time as many officers would."""
        gate = asyncio.Semaphore(PARALLEL_POSTS)

        async def post(sub: Submission) -> Receipt:
            async with gate:
                return await self.portals.send_one(sub)

        receipts = await asyncio.gather(*(post(s) for s in subs if s.channel == "http"),
                                        self._publish_receipt([s for s in subs if s.channel == "kafka"]))
        total = Receipt()
        for receipt in receipts:
            total.add(receipt)
        return total

    async def _publish_receipt(self, subs: list[Submission]) -> Receipt:
        await self.portals.publish(subs)
        return Receipt()

    async def _settle(self, sends: list[Submit], what: str) -> None:
        ids = {s.submission.submission_id for s in sends}
        self.step(f"waiting for {what}: {len(ids):,} submissions")
        missing = await self.observer.wait_processed(ids, STEP_TIMEOUT)
        if missing:
            raise PipelineStuck(f"{len(missing)} submissions were neither scored nor refused within "
                                f"{STEP_TIMEOUT:.0f} s, e.g. {sorted(missing)[:3]}")
        # Alerts follow scores: let the alerts service catch up before the deadline is judged.
        await self.api.wait_caught_up("alerts", SCORES_UPDATED, self.observer.last_scored_wall - 1.0, 20.0)
        await self.observer.wait_quiet(0.3, 5.0)

    async def _deadline(self, month: MonthPlan, say: Say, never: int) -> None:
        say(f"The deadline has passed: 'anushravan period deadline {month.period}' publishes "
            "period.deadline_passed.v1, and alerts raises missed_deadline for every graded scheme "
            "a district has not reported.")
        self.step(f"{month.period}: deadline")
        announced = time.time()
        await publish_period_event(self.bootstrap, "deadline", month.period)
        # Late figures must not overtake the deadline: alerts judges it first.
        await self.api.wait_caught_up("alerts", PERIODS_EVENTS, announced, 20.0)
        late = month.sends("late")
        if late:
            names = sorted({s.submission.department for s in late})
            say(f"Late: {len(late)} figures of {', '.join(names)} arrive after the deadline (still "
                f"accepted until the freeze); {never} never arrive.")
            await self._send([s.submission for s in late])
            await self._settle(late, "the late figures")

    async def _freeze(self, period: str, say: Say) -> None:
        say(f"Freezing {period}: later figures are refused, the rankings become final, rank and "
            "composite alerts are judged against last month, and the minutes are redrafted.")
        self.step(f"{period}: freeze, waiting for the final ranking")
        frozen_at = time.time()
        await publish_period_event(self.bootstrap, "freeze", period)
        ranking = await self.api.wait_final(period, STEP_TIMEOUT)
        if not ranking or not ranking.get("final"):
            raise PipelineStuck(f"the composite ranking of {period} was not final within {STEP_TIMEOUT:.0f} s")
        # The final rankings raise the rank alerts: wait until the alerts service has read them.
        await self.api.wait_caught_up("alerts", RANKS_UPDATED, frozen_at, 20.0)


def _silent(_: str) -> None:
    return None


def _sending(period: str, subs: Sequence[Submission]) -> str:
    http = [s for s in subs if s.channel == "http"]
    kafka = [s for s in subs if s.channel == "kafka"]
    sheets = len({s.department for s in http})
    portals = ", ".join(sorted({s.department for s in kafka}))
    return (f"{period}: {len(http):,} figures reach the ingest API as {sheets} CSV sheets (one per "
            f"department, each signed with its department's submitter key); {len(kafka):,} figures of "
            f"{portals} are published straight to Kafka as CloudEvents, as those portals do.")

