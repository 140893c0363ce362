"""What the simulation does, month by month: submissions, then the period's deadline and freeze."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

Channel = Literal["http", "kafka"]
Purpose = Literal["on_time", "duplicate", "revision", "late"]
PeriodKind = Literal["deadline", "freeze"]


@dataclass(frozen=True)
class Submission:
    """One department's figures for one scheme, district and period (`progress.submitted.v1`).

    `channel` says how the department's portal delivers it: the ingest HTTP API, or a
    CloudEvent published straight to Kafka. `submitted_at` is when the portal sends it.
    """

    submission_id: str
    scheme: str
    department: str
    district: str
    period: str
    revision: int
    values: Mapping[str, int | float]
    submitted_by: str
    submitted_at: datetime
    channel: Channel

    def data(self) -> dict[str, Any]:
        """The `data` of the `progress.submitted.v1` event, as CONTRACT §3 gives it."""
        return {"submission_id": self.submission_id, "scheme": self.scheme, "district": self.district,
                "period": self.period, "revision": self.revision, "values": dict(self.values),
                "submitted_by": self.submitted_by}


@dataclass(frozen=True)
class Submit:
    """Send a submission; `purpose` says why (a first report, a resend, a correction, late)."""

    submission: Submission
    purpose: Purpose


@dataclass(frozen=True)
class PeriodMark:
    """The operator announces the period's deadline or freezes it."""

    kind: PeriodKind
    period: str
    at: datetime


Action = Submit | PeriodMark


@dataclass(frozen=True)
class MonthPlan:
    """Everything that happens for one period, in order."""

    period: str
    actions: tuple[Action, ...]

    def sends(self, *purposes: Purpose) -> list[Submit]:
        """The submissions sent for the given purposes (all if none are named), in order."""
        return [a for a in self.actions if isinstance(a, Submit) and (not purposes or a.purpose in purposes)]

    def marks(self) -> list[PeriodMark]:
        return [a for a in self.actions if isinstance(a, PeriodMark)]
