"""What the Data Quality Index reads and gives: plain records, fed from stored data."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import datetime


@dataclass(frozen=True)
class Expected:
    """A slot the month owes: one scheme's figures for one district, due by `deadline`."""

    scheme: str
    department: str
    district: str
    deadline: datetime


@dataclass(frozen=True)
class Arrival:
    """One accepted submission (each revision counts), quarantined or not."""

    scheme: str
    department: str
    district: str
    at: datetime
    quarantined: bool = False


@dataclass(frozen=True)
class Refusal:
    """One refused submission, attributed as far as it could be (unknown scheme: no department)."""

    department: str | None
    district: str | None


@dataclass(frozen=True)
class DqiWeights:
    """How much each component counts in the index; equal by default."""

    timeliness: float = 1.0
    completeness: float = 1.0
    validity: float = 1.0
    stability: float = 1.0
    plausibility: float = 1.0

    def __post_init__(self) -> None:
        values = [getattr(self, f.name) for f in fields(self)]
        if not all(math.isfinite(v) and v >= 0 for v in values) or sum(values) == 0:
            raise ValueError("DQI weights must be finite, ≥ 0 and not all 0")


@dataclass(frozen=True)
class Quality:
    """The counts behind a group's index, the five components and the index."""

    expected: int
    present: int
    on_time: int
    sent: int
    refused: int
    revised_late: int
    quarantined: int
    timeliness: float
    completeness: float
    validity: float
    stability: float
    plausibility: float
    index: float
