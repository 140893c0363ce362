"""The version of a (scheme, district, period) submission that counts, as scored (DESIGN.md §3).

A submission is either `scored` (marks, grade and KPI scores) or `quarantined` (figures that
cannot be right: kept, but out of scores and ranks until a corrected revision arrives).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field, replace
from typing import Literal

from services.scoring.domain.marks import grade, score_submission
from services.scoring.domain.plausibility import implausible
from services.scoring.domain.revisions import Version
from services.scoring.domain.versions import version_key
from shared.catalog import Scheme
from shared.events.ingest import Reason
from shared.submission_rules import check_values
from shared.value import value_object

Status = Literal["scored", "quarantined"]


@value_object
class Evaluation:
    """What a scheme makes of a submission's values."""

    status: Status
    marks: float | None
    grade: str | None
    kpis: dict[str, float]
    reasons: tuple[Reason, ...] = ()


@value_object
class Entry:
    """One district's submission for a scheme and period, with its evaluation.

    Slots, not a `__dict__`: a scoring instance holds one per district, scheme and open period.
    """

    submission_id: str
    revision: int
    submitted_at: str
    submitted_by: str | None
    values: Mapping[str, float]
    evaluation: Evaluation
    _key: str | None = field(default=None, init=False, compare=False, repr=False)

    @property
    def version(self) -> Version:
        return Version(self.revision, self.submitted_at, self.submission_id)

    @property
    def version_key(self) -> str:
        """`versions.version_key` of this entry's version, computed once."""
        if self._key is None:
            object.__setattr__(self, "_key", version_key(self.version))
        return str(self._key)

    @property
    def status(self) -> Status:
        return self.evaluation.status

    @property
    def marks(self) -> float | None:
        return self.evaluation.marks

    @property
    def grade(self) -> str | None:
        return self.evaluation.grade

    def reevaluated(self, scheme: Scheme) -> Entry:
        """The same version evaluated under another definition of its scheme."""
        return replace(self, evaluation=evaluate(scheme, self.values))


def evaluate(scheme: Scheme, values: Mapping[str, float]) -> Evaluation:
    """Score validated values, or quarantine them.

    Quarantined: figures outside a KPI's plausibility bounds, and values that no longer fit
    the scheme (a catalogue change made a KPI read a field the submission lacks). Fields the
    scheme no longer reads are ignored.
    """
    fields = scheme.input_fields
    missing = [] if all(f in values for f in fields) else \
        [r for r in check_values(scheme, values) if r.code != "unknown_field"]
    reasons = missing or implausible(scheme, values)
    if reasons:
        return Evaluation("quarantined", None, None, {}, tuple(reasons))
    scored = score_submission(scheme, values)
    return Evaluation("scored", scored.marks, grade(scored.marks, scheme), scored.kpis)
