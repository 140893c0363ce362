"""The first half of a consumed batch of submissions: read, deduplicate, admit or refuse.

No I/O: given the batch's readings and the audit records already stored for their ids, it
says what to refuse, what to write to the audit trail and what to fold; the scheme stage then
loads the boards it needs and folds the plan into them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from services.scoring.documents import Document, audit_document, submission_from_audit
from services.scoring.domain.entries import Entry, evaluate
from services.scoring.domain.intake import Admission, Submission, dedup_key, identity
from services.scoring.events import Outgoing, now_iso, rejected
from services.scoring.records import Reading
from shared.catalog import Scheme
from shared.events.envelope import iso, utc_now
from shared.events.ingest import ProgressRejected, Reason
from shared.periods import PeriodWindow
from shared.value import value_object

MAX_ECHO = 1024


@value_object
class Arrival:
    """A submission to fold into its board; `again` if its id was seen before (a duplicate)."""

    submission: Submission
    entry: Entry
    scheme: Scheme
    again: bool


@dataclass
class Plan:
    arrivals: list[Arrival] = field(default_factory=list)
    refusals: list[Outgoing] = field(default_factory=list)
    rejections: list[Document] = field(default_factory=list)  # the refusals, as stored
    audit: list[Document] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Intake:
    schemes: Mapping[str, Scheme]
    districts: Collection[str]
    window: PeriodWindow
    frozen: Collection[str]

    def plan(self, readings: list[Reading], stored: Mapping[str, Document]) -> Plan:
        admission = Admission(self.schemes, self.districts, self.window, self.frozen)
        plan = Plan()
        seen: dict[str, Arrival | None] = {}
        for reading in readings:
            if reading.problems:
                self._refuse(plan, reading, reading.problems)
                continue
            sid = dedup_key(reading.data, self.schemes)
            if sid is not None and (sid in seen or sid in stored):
                arrival = seen[sid] if sid in seen else self._stored(stored[sid])
                self._again(plan, arrival)
                seen.setdefault(sid, arrival)
                continue
            arrival = self._admit(plan, reading, admission)
            if arrival is not None and sid is not None:
                seen[sid] = arrival
        return plan

    def _admit(self, plan: Plan, reading: Reading, admission: Admission) -> Arrival | None:
        submission, reasons = admission.admit(reading.data)
        if submission is None:
            self._refuse(plan, reading, reasons)
            return None
        scheme = self.schemes[submission.scheme]
        entry = Entry(submission.submission_id, submission.revision, reading.submitted_at,
                      submission.submitted_by, submission.values, evaluate(scheme, submission.values))
        assert reading.event is not None
        received = {"event_id": reading.event.id, "source": reading.event.source,
                    "received_at": now_iso(), "position": reading.position}
        plan.audit.append(audit_document(submission, entry, received, scheme.department.id))
        plan.outcomes[entry.status] += 1
        plan.arrivals.append(Arrival(submission, entry, scheme, again=False))
        return plan.arrivals[-1]

    def _stored(self, doc: Document) -> Arrival | None:
        submission, submitted_at = submission_from_audit(doc)
        scheme = self.schemes.get(submission.scheme)
        if scheme is None:  # retired since: nothing to fold into
            return None
        entry = Entry(submission.submission_id, submission.revision, submitted_at, submission.submitted_by,
                      submission.values, evaluate(scheme, submission.values))
        return Arrival(submission, entry, scheme, again=True)

    def _again(self, plan: Plan, arrival: Arrival | None) -> None:
        # Folded again all the same: if a crash came after the audit trail was written but
        # before the score was, this is what completes the effect.
        plan.outcomes["duplicate"] += 1
        if arrival is not None:
            plan.arrivals.append(Arrival(arrival.submission, arrival.entry, arrival.scheme, again=True))

    def _refuse(self, plan: Plan, reading: Reading, reasons: list[Reason]) -> None:
        plan.outcomes["rejected"] += 1
        who: dict[str, Any] = identity(reading.data)
        data = ProgressRejected(**who, reasons=[_bounded(r) for r in reasons],
                                raw=ProgressRejected.truncate(reading.raw), received_at=iso(utc_now()))
        plan.refusals.append(rejected(data.model_dump(mode="json"), reading.position))
        if who.get("submission_id"):  # what a portal can ask about later (GET /v1/submissions/{id})
            plan.rejections.append({"_id": reading.position, **who, "reasons": [r.model_dump() for r in data.reasons],
                                    "received_at": data.received_at})


def _bounded(reason: Reason) -> Reason:
    """A reason may echo what was sent (an unknown field's name): cut to MAX_ECHO characters, so
    that the refusal still fits in one Kafka message (the producer's limit is 1 MiB). Unbounded,
    a 1 MiB field name made a refusal that could never be published and stalled the stage."""
    return reason.model_copy(update={"field": reason.field[:MAX_ECHO], "message": reason.message[:MAX_ECHO]})
