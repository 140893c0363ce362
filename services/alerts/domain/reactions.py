"""What one `scheme.scored.v1` does to the ledger: corrections resolve data problems,
regained grades resolve grade drops, and the live rules raise new alerts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from shared.catalog import Scheme
from shared.events.scoring import SchemeScored

from .ledger import Ledger
from .rules import on_scored, recovered_alerts
from .silences import Silence


def react_to_scored(
    ledger: Ledger,
    event: SchemeScored,
    scheme: Scheme,
    previous_kpis: Mapping[str, float] | None,
    silences: Iterable[Silence],
    now: str,
) -> None:
    """Apply one scored (or quarantined) submission to `ledger`.

    Scored (i.e. corrected) figures for a (district, scheme, period) first resolve its
    unresolved `implausible_data` alerts, so that the grade alerts they raise are not
    inhibited by a problem that no longer exists. A `missed_deadline` stays: figures sent
    after the deadline are still late, and their grade alerts stay inhibited, as DESIGN
    asks. Then a regained grade resolves the open `grade_drop` and raises `recovered`, and
    the live rules raise their alerts.
    """
    key = (event.district, event.scheme, event.period)
    if event.status == "scored":
        ledger.resolve_all(a for a in ledger.of(*key) if a.type == "implausible_data")
    drops = ledger.open_of("grade_drop", *key)
    recovered, regained = recovered_alerts(event, scheme, drops, now)
    ledger.resolve_all(regained)
    ledger.raise_all([*on_scored(event, scheme, previous_kpis, now), *recovered], silences, now)
