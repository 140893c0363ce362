"""The replay a fault scenario sends: the simulator's year (75 districts, every scheme of the
catalogue, several months with duplicates, corrected revisions, late figures, an implausible
figure, deadlines and freezes), cut into steps that the runner executes in order.

Pure and seeded: the same arguments always give the same steps, so a run with faults and an
uninterrupted run receive the very same submissions in the very same order."""

from __future__ import annotations

import functools
import random
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from anushravan.sim.actions import MonthPlan, Submission
from anushravan.simulate import SimConfig, simulate
from services.scoring.domain.revisions import Version, supersedes
from shared.catalog import default_catalog_path, load_catalog
from shared.districts import load_districts

StepKind = Literal["send", "resend", "settle", "deadline", "freeze"]
Channel = Literal["http", "kafka"]


@dataclass(frozen=True)
class Step:
    """One thing the runner does: send submissions (`http` ones through the ingest API, the
    rest straight to Kafka), wait for scoring to settle a period, or announce a period event."""

    kind: StepKind
    period: str
    http: tuple[Submission, ...] = ()
    kafka: tuple[Submission, ...] = ()

    @property
    def size(self) -> int:
        return len(self.http) + len(self.kafka)

    def __str__(self) -> str:
        return f"{self.kind} {self.period}" + (f" ({len(self.http)} http, {len(self.kafka)} kafka)"
                                              if self.size else "")


@dataclass(frozen=True)
class Replay:
    steps: tuple[Step, ...]
    periods: tuple[str, ...]
    schemes: tuple[str, ...]

    def only(self, *periods: str) -> Replay:
        """The steps of these periods alone (e.g. the first month of a longer replay)."""
        return Replay(tuple(s for s in self.steps if s.period in periods), periods, self.schemes)

    def submissions(self) -> Iterator[Submission]:
        return (s for step in self.steps for s in (*step.http, *step.kafka))

    def distinct(self) -> dict[str, Submission]:
        """Every submission by id (a resend is the same submission again)."""
        return {s.submission_id: s for s in self.submissions()}

    def counting(self, period: str, before: int | None = None) -> dict[tuple[str, str], str]:
        """(scheme, district) -> the submission id that must count in the period once the
        steps before step `before` (all steps by default) are done."""
        best: dict[tuple[str, str], Submission] = {}
        sent = (s for step in self.steps[:before] for s in (*step.http, *step.kafka))
        for sub in sent:
            key = (sub.scheme, sub.district)
            if sub.period == period and (key not in best or supersedes(_version(sub), _version(best[key]))):
                best[key] = sub
        return {k: s.submission_id for k, s in best.items()}

    def tally(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for step in (s for s in self.steps if s.size):
            counts[f"{step.kind} via http"] += len(step.http)
            counts[f"{step.kind} via kafka"] += len(step.kafka)
        counts["distinct submissions"] = len(self.distinct())
        return counts


def _version(sub: Submission) -> Version:
    return Version(revision=sub.revision, submitted_at=sub.submitted_at.isoformat(),
                   submission_id=sub.submission_id)


def http_departments(subs: Sequence[Submission], share: float, seed: int) -> frozenset[str]:
    """A seeded choice of departments whose portals use the ingest API, about `share` of the
    submissions; the others publish CloudEvents to Kafka themselves."""
    sizes = Counter(s.department for s in subs)
    order = sorted(sizes)
    random.Random(seed).shuffle(order)
    chosen: set[str] = set()
    for department in order:
        if sum(sizes[d] for d in chosen) >= share * len(subs):
            break
        chosen.add(department)
    return frozenset(chosen)


def _split(kind: StepKind, period: str, subs: Sequence[Submission], http: frozenset[str]) -> Step:
    return Step(kind, period, tuple(s for s in subs if s.department in http),
                tuple(s for s in subs if s.department not in http))


def month_steps(month: MonthPlan, http: frozenset[str]) -> list[Step]:
    """A month as the runner plays it: figures, resends and corrections; scoring settles; the
    deadline; late figures; scoring settles; the freeze."""
    p = month.period

    def subs(*purposes: str) -> list[Submission]:
        return [s.submission for s in month.sends(*purposes)]  # type: ignore[arg-type]

    steps = [_split("send", p, subs("on_time"), http), _split("resend", p, subs("duplicate"), http),
             _split("send", p, subs("revision"), http), Step("settle", p), Step("deadline", p)]
    if late := subs("late"):
        steps += [_split("send", p, late, http), Step("settle", p)]
    steps.append(Step("freeze", p))
    return [s for s in steps if s.kind not in ("send", "resend") or s.size]


@functools.cache
def build_replay(months: int, seed: int = 7, http_share: float = 0.25, districts: int | None = None,
                 duplicate_rate: float = 0.01, revision_rate: float = 0.01) -> Replay:
    """`months` months ending March 2026 for every scheme and the first `districts` districts
    (all 75 by default)."""
    schemes = load_catalog(default_catalog_path())
    units = [d.id for d in load_districts()][:districts]  # the reference order: the same replay in every process
    sim = simulate(schemes, units, SimConfig(seed=seed, months=months, duplicate_rate=duplicate_rate,
                                              revision_rate=revision_rate))
    http = http_departments([s.submission for s in sim.sends()], http_share, seed)
    steps = [step for month in sim.months for step in month_steps(month, http)]
    return Replay(tuple(steps), tuple(sim.periods), tuple(s.id for s in schemes))
