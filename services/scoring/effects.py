"""What folding submissions (or re-scoring a scheme) into a board must store and publish."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from services.scoring.documents import Document, score_document
from services.scoring.domain.board import Change, SchemeBoard
from services.scoring.events import Outgoing, period_marks, scored
from shared.catalog import Scheme
from shared.events.scoring import PreviousResult

Key = tuple[str, str]  # scheme, period


def scored_data(board: SchemeBoard, change: Change, scheme: Scheme,
                previous: PreviousResult | None) -> dict[str, Any]:
    """`scheme.scored.v1` data for a change (shaped as `SchemeScored`), ranked as the board
    stands right after it."""
    entry = change.after
    quarantined = entry.status == "quarantined"
    rank, of = board.rank(change.district)
    return {
        "scheme": scheme.id, "department": scheme.department.id, "district": change.district,
        "period": board.period, "marks": entry.marks, "grade": entry.grade,
        "rank": None if quarantined else rank, "of": None if quarantined else of,
        "kpis": entry.evaluation.kpis, "previous": previous.model_dump() if previous else None,
        "status": entry.status, "submission_id": entry.submission_id, "revision": entry.revision,
    }


@dataclass
class Effects:
    events: list[Outgoing] = field(default_factory=list)
    scores: list[Document] = field(default_factory=list)
    # Score ids with no stored document before this batch (the board had no entry): inserted.
    new_scores: set[str] = field(default_factory=set)
    marks: dict[str, dict[tuple[str, str], dict[str, Any]]] = field(default_factory=dict)
    dirty: set[Key] = field(default_factory=set)
    regrades: list[int] = field(default_factory=list)

    def change(self, board: SchemeBoard, change: Change, scheme: Scheme, previous: PreviousResult | None,
               cause: Sequence[object] = ()) -> None:
        """Record one visible change: its event, its stored score, its marks for the composite."""
        self.events.append(scored(scored_data(board, change, scheme, previous), cause))
        self.store(board, change, scheme)
        self.touch(board.period, scheme.id, change.district, change.after.marks)
        self.regrades.append(change.regrade)

    def store(self, board: SchemeBoard, change: Change, scheme: Scheme) -> None:
        """Record a change to store only (e.g. KPI scores that moved without moving the marks)."""
        doc = score_document(scheme.id, scheme.department.id, board.period, change.district, change.after)
        if change.before is None:
            self.new_scores.add(doc["_id"])
        self.scores.append(doc)
        self.dirty.add((scheme.id, board.period))

    def touch(self, period: str, scheme: str, district: str, marks: float | None) -> None:
        # Shaped as internal_events.DistrictMarks.
        self.marks.setdefault(period, {})[(scheme, district)] = {"scheme": scheme, "district": district,
                                                                 "marks": marks}

    def outgoing(self, extra: Sequence[Outgoing] = ()) -> list[Outgoing]:
        """Every event to publish: refusals and other extras first, then scores, then composite input."""
        composite = [period_marks(p, list(m.values())) for p, m in sorted(self.marks.items())]
        return [*extra, *self.events, *composite]
