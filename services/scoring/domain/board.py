"""One scheme-period's scoreboard: the version that counts per district, and its ranking.

The scheme stage keeps one board per scheme and period it owns; folding the same
submissions in any order of arrival, duplicates included, ends in the same board.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from services.scoring.domain.entries import Entry
from services.scoring.domain.ranking import Ranking
from services.scoring.domain.revisions import supersedes
from shared.catalog import Scheme
from shared.value import value_object


@value_object
class Change:
    """A district's counting entry moved from `before` (None: first) to `after`."""

    district: str
    before: Entry | None
    after: Entry

    @property
    def regrade(self) -> int:
        """+1 if the grade improved, -1 if it fell, 0 otherwise (or when either is missing)."""
        old = self.before.grade if self.before else None
        new = self.after.grade
        if old is None or new is None or old == new:
            return 0
        return 1 if new < old else -1  # "A" < "B": a smaller letter is a better grade

    @property
    def visible(self) -> bool:
        """Whether the published result differs: status, marks or grade."""
        if self.before is None or self.before.version != self.after.version:
            return True
        old, new = self.before.evaluation, self.after.evaluation
        return (old.status, old.marks, old.grade) != (new.status, new.marks, new.grade)


class SchemeBoard:
    """The counting entries of one scheme and period, and the ranking of the scored ones."""

    def __init__(self, scheme: str, period: str, entries: Iterable[tuple[str, Entry]] = ()) -> None:
        self.scheme = scheme
        self.period = period
        self.ranking = Ranking()
        self._entries: dict[str, Entry] = {}
        for district, entry in entries:
            self._put(district, entry)

    def offer(self, district: str, entry: Entry) -> Change | None:
        """Let `entry` count if it supersedes the district's current one; the change, if any."""
        current = self._entries.get(district)
        if current is not None and not supersedes(entry.version, current.version):
            return None
        self._put(district, entry)
        return Change(district, current, entry)

    def rescore(self, scheme: Scheme) -> list[Change]:
        """Re-evaluate every entry under a changed definition; the changed ones, by district.

        A change may be invisible (only KPI scores moved): it must be stored, not announced.
        """
        changes = []
        for district in sorted(self._entries):
            before = self._entries[district]
            after = before.reevaluated(scheme)
            self._put(district, after)
            if after.evaluation != before.evaluation:
                changes.append(Change(district, before, after))
        return changes

    def _put(self, district: str, entry: Entry) -> None:
        self._entries[district] = entry
        if entry.marks is None:
            self.ranking.remove(district)
        else:
            self.ranking.upsert(district, entry.marks)

    def entry(self, district: str) -> Entry | None:
        return self._entries.get(district)

    def rank(self, district: str) -> tuple[int | None, int]:
        """(rank or None if not ranked, how many are ranked)."""
        return self.ranking.rank(district), self.ranking.of

    def __iter__(self) -> Iterator[tuple[str, Entry]]:
        return iter(sorted(self._entries.items()))

    def __len__(self) -> int:
        return len(self._entries)
