"""Each work's history of cost and completion-date revisions, oldest first.

It starts from the sanction (sanctioned cost, scheduled date); the registry's revised values
come first (period null), then every accepted report that states a different value than the
one in force. A report that repeats the value in force is not a revision.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from itertools import chain
from typing import TypeVar

from shared.events.works import CostRevision, DateRevision, WorkProgress, WorkRegistered

T = TypeVar("T", float, date)


def cost_revisions(work: WorkRegistered, accepted: Sequence[WorkProgress]) -> list[CostRevision]:
    """Every change of the expected cost, from the sanctioned cost on."""
    stated: list[tuple[str | None, float | None]] = [(r.period, r.revised_cost_lakh) for r in accepted]
    changes = _changes(work.sanctioned_cost_lakh, work.revised_cost_lakh, stated)
    return [CostRevision(period=period, from_lakh=before, to_lakh=after) for period, before, after in changes]


def date_revisions(work: WorkRegistered, accepted: Sequence[WorkProgress]) -> list[DateRevision]:
    """Every change of the expected completion date, from the scheduled date on."""
    stated: list[tuple[str | None, date | None]] = [(r.period, r.anticipated_completion_date) for r in accepted]
    changes = _changes(work.scheduled_completion_date, work.anticipated_completion_date, stated)
    return [DateRevision(period=period, from_date=before, to_date=after) for period, before, after in changes]


def _changes(original: T, registered: T | None,
             stated: Sequence[tuple[str | None, T | None]]) -> Iterator[tuple[str | None, T, T]]:
    current = original
    for period, value in chain([(None, registered)], stated):
        if value is not None and value != current:
            yield period, current, value
            current = value
