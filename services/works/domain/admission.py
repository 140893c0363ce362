"""Why a progress report is refused outright, before any plausibility is judged.

Refused (not stored, reasons on `progress.rejected`): a report for a work the registry does not
know (never registered, or retired), for a month that has not begun, or for a frozen month.
The period codes are those of scheme submissions, so portals read one vocabulary.
"""

from __future__ import annotations

from shared.events.ingest import Reason
from shared.events.works import WorkProgress, WorkRegistered

REFUSAL_CODES: tuple[str, ...] = ("unknown_work", "period_in_future", "period_frozen")


def refusals(work: WorkRegistered | None, report: WorkProgress, *, today_period: str, frozen: bool) -> list[Reason]:
    """Every reason to refuse `report`; empty when it may be accepted.

    `work` is the registry's entry for `report.work` (None if unknown or retired); `today_period`
    is the current month, `YYYY-MM`; `frozen` whether the report's period is frozen.
    """
    reasons: list[Reason] = []
    if work is None:
        reasons.append(Reason(field="work", code="unknown_work",
                              message=f"no registered work {report.work!r} (never registered, or retired)"))
    # Zero-padded YYYY-MM strings order like the months they name.
    if report.period > today_period:
        reasons.append(Reason(field="period", code="period_in_future",
                              message=f"{report.period} has not begun (current period {today_period})"))
    if frozen:
        reasons.append(Reason(field="period", code="period_frozen",
                              message=f"{report.period} is frozen: its standing is final"))
    return reasons
