"""Events of construction works (docs/works.md): registry, monthly progress, assessments and
standings. One module per event; everything is importable from here."""

from shared.events.works.assessed import (
    WORK_ASSESSED,
    AssessmentStatus,
    Colour,
    CostRevision,
    DateRevision,
    DelayBucket,
    Flags,
    PreviousAssessment,
    WorkAssessed,
)
from shared.events.works.progress import WORK_PROGRESS, ProgressStatus, WorkProgress
from shared.events.works.registered import WORK_REGISTERED, WorkRegistered
from shared.events.works.standing import (
    WORKS_STANDING,
    AgencyRanking,
    AgencyStanding,
    Colours,
    DepartmentStanding,
    DistrictRanking,
    StandingEntry,
    Tally,
    WorksStanding,
)
from shared.events.works.values import Agency, IsoDate, Lakh, Percent, Period, PositiveLakh

__all__ = [
    "WORKS_STANDING", "WORK_ASSESSED", "WORK_PROGRESS", "WORK_REGISTERED", "Agency", "AgencyRanking",
    "AgencyStanding", "AssessmentStatus", "Colour", "Colours", "CostRevision", "DateRevision", "DelayBucket",
    "DepartmentStanding", "DistrictRanking", "Flags", "IsoDate", "Lakh", "Percent", "Period", "PositiveLakh",
    "PreviousAssessment", "ProgressStatus", "StandingEntry", "Tally", "WorkAssessed", "WorkProgress",
    "WorkRegistered", "WorksStanding",
]
