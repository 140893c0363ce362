"""What one `scheme.scored.v1` does to the ledger: corrections resolve data problems,
regained grades resolve grade drops, and the live rules raise new alerts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from shared.catalog import Scheme
from shared.events.scoring import SchemeScored

from .ledger import Ledger
from .rules import on_scored, recovered_alerts
from .silences import Silence

# What usable figures put right: their alerts are resolved when such figures are scored.
DATA_PROBLEMS = frozenset({"implausible_data", "missed_deadline"})


def react_to_scored(
    ledger: Ledger,
    event: SchemeScored,
    scheme: Scheme,
    previous_kpis: Mapping[str, float] | None,
    silences: Iterable[Silence],
    now: str,
) -> None:
    """Apply one scored (or quarantined) submission to `ledger`.

    Scored figures for a (district, scheme, period) first resolve its unresolved data
    problems — `implausible_data` (the figures were corrected) and `missed_deadline` (the
    figures have arrived, late) — so that the grade alerts they raise are judged on the
    figures, not inhibited by a problem that no longer exists. Then a regained grade resolves
    the open `grade_drop` and raises `recovered`, and the live rules raise their alerts.
    """
    key = (event.district, event.scheme, event.period)
    if event.status == "scored":
        ledger.resolve_all(a for a in ledger.of(*key) if a.type in DATA_PROBLEMS)
    drops = ledger.open_of("grade_drop", *key)
    recovered, regained = recovered_alerts(event, scheme, drops, now)
    ledger.resolve_all(regained)
    ledger.raise_all([*on_scored(event, scheme, previous_kpis, now), *recovered], silences, now)
