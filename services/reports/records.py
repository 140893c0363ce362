"""What a consumed batch changes: consumed records parsed into read-model updates.

Pure: no database. Within a batch, later events for the same key replace earlier ones
(Kafka keeps each key's order, and every event here is a full snapshot of its key), except
that a live ranking never replaces a final one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from shared.events.alerts import ALERT_RAISED, ALERT_RESOLVED, Alert
from shared.events.ingest import PROGRESS_SUBMITTED as SUBMITTED_TYPE
from shared.events.ingest import ProgressSubmitted
from shared.events.periods import FROZEN, UnusablePeriod, event_period
from shared.events.scoring import (
    COMPOSITE_RANKED,
    SCHEME_RANKED,
    SCHEME_SCORED,
    CompositeRanked,
    SchemeRanked,
    SchemeScored,
)
from shared.messaging import PoisonMessage, parse_envelope
from shared.periods import PeriodWindow
from shared.topics import ALERTS, COMPOSITE_KEY, PERIODS_EVENTS, PROGRESS_SUBMITTED, RANKS_UPDATED, SCORES_UPDATED

TOPICS = (PROGRESS_SUBMITTED, SCORES_UPDATED, RANKS_UPDATED, ALERTS, PERIODS_EVENTS)
# Types published on our topics that the minutes do not need (read, counted, skipped).
_UNUSED = {"period.deadline_passed.v1"}


@dataclass
class Changes:
    """The read-model updates of one batch, each keyed so that writing it twice is harmless."""

    # By scheme and submission id (an id is unique within its department, so within its scheme);
    # the first of a batch stands, as the first stored stands (scoring keeps the first too).
    submissions: dict[str, ProgressSubmitted] = field(default_factory=dict)
    scores: dict[tuple[str, str, str], SchemeScored] = field(default_factory=dict)
    rankings: dict[tuple[str, str], SchemeRanked | CompositeRanked] = field(default_factory=dict)
    alerts: dict[str, tuple[Alert, str]] = field(default_factory=dict)  # id -> (alert, status)
    frozen: set[str] = field(default_factory=set)
    poison: list[tuple[Any, str]] = field(default_factory=list)  # (record, reason): dead-lettered
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (topic, reason): counted


def submission_key(scheme: str, submission_id: str) -> str:
    """How the reports' read model keys a submission's figures (scores name scheme and id)."""
    return f"{scheme}|{submission_id}"


def ranking_subject(ranking: SchemeRanked | CompositeRanked) -> str:
    """A scheme ranking's subject is the scheme; the composite's is "composite"."""
    return ranking.scheme if isinstance(ranking, SchemeRanked) else COMPOSITE_KEY


def parse_records(records: Sequence[Any], window: PeriodWindow) -> Changes:
    """Parse a batch in order. Malformed events on the topics we own a contract for go to
    `poison`; malformed submissions are scoring's to refuse, so they are only `ignored`. A
    period outside `window` (before the first financial year, or to come) is malformed too."""
    changes = Changes()
    for record in records:
        try:
            _apply(changes, record.topic, parse_envelope(record.value), window)
        except (PoisonMessage, ValidationError, UnusablePeriod) as exc:
            reason = _reason(exc)
            if record.topic == PROGRESS_SUBMITTED:
                changes.ignored.append((record.topic, "invalid"))
            else:
                changes.poison.append((record, reason))
    return changes


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return f"invalid payload: {'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    return str(exc)


def _apply(changes: Changes, topic: str, event: Any, window: PeriodWindow) -> None:
    kind, data = event.type, event.data
    if topic == PROGRESS_SUBMITTED and kind == SUBMITTED_TYPE:
        sub = ProgressSubmitted.read(data)
        problem = window.problem(sub.period)
        if problem is not None:
            raise UnusablePeriod(problem[1])
        changes.submissions.setdefault(submission_key(sub.scheme, sub.submission_id), sub)
    elif topic == SCORES_UPDATED and kind == SCHEME_SCORED:
        score = SchemeScored.read(data)
        changes.scores[(score.district, score.scheme, score.period)] = score
    elif topic == RANKS_UPDATED and kind in (SCHEME_RANKED, COMPOSITE_RANKED):
        ranking = SchemeRanked.read(data) if kind == SCHEME_RANKED else CompositeRanked.read(data)
        _keep_ranking(changes, ranking)
    elif topic == ALERTS and kind in (ALERT_RAISED, ALERT_RESOLVED):
        alert = Alert.read(data)
        changes.alerts[alert.alert_id] = (alert, "resolved" if kind == ALERT_RESOLVED else alert.status)
    elif topic == PERIODS_EVENTS and kind == FROZEN:
        changes.frozen.add(event_period(data, window))
    else:
        changes.ignored.append((topic, "unused type" if kind in _UNUSED else "unknown type"))


def _keep_ranking(changes: Changes, ranking: SchemeRanked | CompositeRanked) -> None:
    key = (ranking_subject(ranking), ranking.period)
    kept = changes.rankings.get(key)
    if kept is not None and kept.final and not ranking.final:
        return
    changes.rankings[key] = ranking
