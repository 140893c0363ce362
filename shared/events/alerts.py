"""Events produced by the alerts service on `alerts.rank-change`."""

from __future__ import annotations

from typing import Literal

from shared.events.base import Payload, Period
from shared.events.scoring import Grade

ALERT_RAISED = "alert.raised.v1"
ALERT_RESOLVED = "alert.resolved.v1"
AlertType = Literal[
    "grade_drop", "entered_grade_d", "rank_drop", "composite_rank_drop", "implausible_data",
    "missed_deadline", "recovered", "persistent_grade_d", "bottom_ten_repeat",
]
Severity = Literal["critical", "warning", "info"]
AlertStatus = Literal["open", "acknowledged", "resolved", "silenced"]


class Standing(Payload):
    period: Period | None = None
    grade: Grade | None = None
    rank: int | None = None
    of: int | None = None
    marks: float | None = None


class Driver(Payload):
    kpi: str
    before: float | None
    after: float | None


class Bilingual(Payload):
    hi: str
    en: str


class Alert(Payload):
    alert_id: str
    type: AlertType
    severity: Severity
    status: AlertStatus
    district: str
    scheme: str | None
    department: str | None
    period: Period
    previous: Standing | None
    current: Standing | None
    driver: Driver | None
    officer: Bilingual | None
    message: Bilingual
    provisional: bool
    raised_at: str
