"""Events of the internal topic `scoring.scores-by-period` (keyed by period), from the scheme
stage to the composite stage. Not part of the public contract; see services/scoring/README.md."""

from __future__ import annotations

from shared.events.base import Payload

PERIOD_MARKS = "scoring.period-marks.v1"
PERIOD_CLOSED = "scoring.period-closed.v1"


class DistrictMarks(Payload):
    scheme: str
    district: str
    marks: float | None  # None: no accepted marks any more (quarantined, or the scheme retired)


class PeriodMarks(Payload):
    """Districts' accepted marks that changed in one period."""

    period: str
    marks: list[DistrictMarks]


class PeriodClosed(Payload):
    """The scheme stage has frozen the period and published its final scheme rankings."""

    period: str
