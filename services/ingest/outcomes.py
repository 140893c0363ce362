"""What became of each submission of a request, and the rejection events that report it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from services.ingest.domain.idempotency import Prior, content_hash
from services.ingest.domain.lines import Line
from services.ingest.domain.submission import Examined
from services.ingest.metrics import IngestMetrics
from services.ingest.publishing import Outbound
from shared.events.envelope import iso, make_event
from shared.events.ingest import PROGRESS_REJECTED, ProgressRejected, ProgressSubmitted, Reason
from shared.submission_rules import scoped_id
from shared.topics import PROGRESS_REJECTED as REJECTED_TOPIC

Status = Literal["pending", "repeat", "accepted", "duplicate", "rejected", "unacknowledged"]


@dataclass(frozen=True)
class Submission:
    event: ProgressSubmitted
    digest: str


@dataclass
class Result:
    """One submission's fate; `number` is its line in a batch (0 for a single submission)."""

    number: int
    text: str
    examined: Examined
    submission: Submission | None
    status: Status
    reasons: list[Reason] = field(default_factory=list)
    prior: Prior | None = None
    earlier: Result | None = None
    # A higher revision of the same scheme, district and period was accepted: this one is kept
    # in scoring's audit trail but does not count.
    superseded_by: int = 0

    @classmethod
    def of(cls, line: Line, examined: Examined) -> Result:
        if examined.submission is None:
            return cls(line.number, line.text, examined, None, "rejected", list(examined.reasons))
        sub = Submission(examined.submission, content_hash(examined.submission))
        return cls(line.number, line.text, examined, sub, "pending")

    @property
    def submission_id(self) -> str | None:
        return self.submission.event.submission_id if self.submission else self.examined.submission_id

    @property
    def key(self) -> str:
        """The submission id within its scheme's department: what deduplication compares."""
        assert self.submission is not None and self.examined.department is not None
        return scoped_id(self.examined.department, self.submission.event.submission_id)

    @property
    def slot(self) -> str:
        """`<scheme>|<district>|<period>`: the submissions that replace one another by revision."""
        assert self.submission is not None
        event = self.submission.event
        return f"{event.scheme}|{event.district}|{event.period}"

    @property
    def first_received_at(self) -> datetime | None:
        source = self.earlier or self
        return source.prior.received_at if source.prior else None

    def repeat_of(self, earlier: Result) -> None:
        """This line repeats the submission id of an earlier line of the same body."""
        assert self.submission is not None and earlier.submission is not None
        if self.submission.digest == earlier.submission.digest:
            self.status, self.earlier = "repeat", earlier
        else:
            self.reject(Reason(field="submission_id", code="submission_conflict", message=(
                f"line {earlier.number} has the same submission_id with different content")))

    def reject(self, reason: Reason) -> None:
        self.status = "rejected"
        self.reasons.append(reason)

    def published(self, acknowledged: bool) -> None:
        self.status = "accepted" if acknowledged else "unacknowledged"

    def settle(self) -> None:
        """A repeated line shares the fate of its first occurrence."""
        if self.status != "repeat" or self.earlier is None:
            return
        first = self.earlier.status
        if first == "rejected":
            self.status, self.reasons = "rejected", list(self.earlier.reasons)
        else:
            self.status = "unacknowledged" if first == "unacknowledged" else "duplicate"


def rejection_events(results: Sequence[Result], source: str, received_at: datetime) -> list[Outbound]:
    """One `progress.rejected.v1` per refused submission, keyed by its scheme (or empty)."""
    out: list[Outbound] = []
    for r in results:
        if r.status != "rejected":
            continue
        ex = r.examined
        data = ProgressRejected(
            submission_id=r.submission_id, scheme=ex.scheme, district=ex.district, period=ex.period,
            reasons=r.reasons, raw=ProgressRejected.truncate(r.text), received_at=iso(received_at),
        )
        key = ex.scheme if ex.scheme and len(ex.scheme) <= 80 else ""
        out.append(Outbound(REJECTED_TOPIC, key, make_event(PROGRESS_REJECTED, source, data, time=received_at)))
    return out


def summarise(results: Sequence[Result], metrics: IngestMetrics) -> None:
    for status in ("accepted", "duplicate", "rejected"):
        metrics.outcome(status, sum(1 for r in results if r.status == status))
    metrics.refused(reason.code for r in results if r.status == "rejected" for reason in r.reasons)
