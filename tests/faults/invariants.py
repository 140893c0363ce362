"""What must hold after any fault, as plain checks on plain data: an `Outcome` is what a run
left behind (tests/faults/outcome.py), and each check returns the violations it
found, worded for the person who must fix them. `check` raises with all of them at once.

- nothing acknowledged is lost: every submission acknowledged by ingest or the broker is in
  scoring's audit trail;
- nothing is duplicated: no alert is raised (or resolved) twice on `alerts.rank-change`;
- nothing is made up or missed: rankings, composites, the composite history, the alerts and
  the latest minutes equal those of an uninterrupted run of the same replay.

One kind of alert depends on timing by design: a *provisional* rank drop is judged on the
live rankings scoring happened to publish (at most one per scheme a second) once 90 % of
the districts are ranked, so two correct runs may raise different ones. For those the
checks are: each was justified by a live ranking its run published (nothing made up), and
each final rank drop has its provisional twin, raised at the latest by the complete live
ranking that every run publishes before the freeze (nothing missed). Minutes are compared
without the provisional alert ids they cite.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from shared.periods import previous_period
from tests.faults.outcome import AlertEvent, Outcome, provisional

SHOWN = 5  # violations shown per kind; the rest are counted
RANK_DROP_THRESHOLD = 10  # the services' default (ANUSHRAVAN_RANK_DROP_THRESHOLD)


class InvariantViolation(AssertionError):
    """A trust invariant broke: something was lost, duplicated or made up."""


Found = list[list[str]]  # violations, one list per kind of check


def republished(events: Iterable[AlertEvent]) -> Found:
    """Alerts raised (or resolved) more than once on the topic, and CloudEvents ids used twice."""
    events = list(events)
    counts = Counter((e.type, e.alert_id) for e in events)
    ids = Counter(e.event_id for e in events)
    return [[f"{kind} {alert_id} published {n} times" for (kind, alert_id), n in sorted(counts.items()) if n > 1],
            [f"CloudEvents id {eid} used {n} times" for eid, n in sorted(ids.items()) if n > 1]]


def unaudited(outcome: Outcome) -> Found:
    lost = sorted(outcome.acknowledged - outcome.audited)
    return [[f"acknowledged but not in the audit trail: {sid}" for sid in lost]]


def grounds(outcome: Outcome) -> set[str]:
    """The provisional rank drops the run's own published live rankings justify."""
    finals = {(r["scheme"], r["period"]): {e["district"]: e["rank"] for e in r["ranks"]}
              for r in outcome.rankings.values() if r.get("final")}
    found = set()
    for live in outcome.live_rankings:
        before = finals.get((live["scheme"], previous_period(live["period"])), {})
        found |= {f"rank_drop:{e['district']}:{live['scheme']}:{live['period']}:provisional"
                  for e in live["ranks"] if e["district"] in before
                  and e["rank"] - before[e["district"]] >= RANK_DROP_THRESHOLD}
    return found


def provisional_drops(outcome: Outcome) -> Found:
    published = {a for a in outcome.published_alert_ids() if provisional(a)}
    twins = {a.removesuffix(":final") + ":provisional" for a in outcome.published_alert_ids()
             if a.startswith("rank_drop:") and a.endswith(":final")}
    return [[f"alert {a}: no published live ranking justifies it" for a in sorted(published - grounds(outcome))],
            [f"alert {a}: missing, though its final twin was published" for a in sorted(twins - published)]]


def _diff(what: str, reference: Mapping[str, Any], other: Mapping[str, Any]) -> list[str]:
    found = []
    for key in sorted(set(reference) | set(other)):
        if key not in other:
            found.append(f"{what} {key}: missing (the uninterrupted run has it)")
        elif key not in reference:
            found.append(f"{what} {key}: made up (the uninterrupted run has none)")
        elif reference[key] != other[key]:
            found.append(f"{what} {key}: differs: {_first_difference(reference[key], other[key])}")
    return found


def _first_difference(a: Any, b: Any, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if a.get(k) != b.get(k):
                return _first_difference(a.get(k), b.get(k), f"{path}.{k}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return f"{path or '.'}: uninterrupted {str(a)[:200]} ≠ {str(b)[:200]}"


def _without_provisional(value: Any) -> Any:
    """Minutes as compared: the provisional alert ids they cite left out."""
    if isinstance(value, dict):
        return {k: [a for a in v if not provisional(a)] if k == "alerts" and isinstance(v, list)
                else _without_provisional(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_provisional(v) for v in value]
    return value


def differences(reference: Outcome, other: Outcome) -> Found:
    """Where `other` departs from the uninterrupted `reference`."""
    ref_ids = {a for a in reference.published_alert_ids() if not provisional(a)}
    other_ids = {a for a in other.published_alert_ids() if not provisional(a)}
    return [
        _diff("ranking", reference.rankings, other.rankings),
        _diff("composite", reference.composites, other.composites),
        _diff("composite history", reference.history, other.history),
        [f"alert {a}: never published (the uninterrupted run published it)" for a in sorted(ref_ids - other_ids)],
        [f"alert {a}: published, but the uninterrupted run never raised it" for a in sorted(other_ids - ref_ids)],
        _diff("stored alert", {k: v for k, v in reference.alerts.items() if not provisional(k)},
              {k: v for k, v in other.alerts.items() if not provisional(k)}),
        _diff("minutes", _without_provisional(reference.minutes), _without_provisional(other.minutes)),
    ]


def on_its_own(outcome: Outcome) -> Found:
    """The invariants that need no reference."""
    return [*republished(outcome.alert_events), *unaudited(outcome), *provisional_drops(outcome)]


def violations(reference: Outcome, other: Outcome) -> Found:
    """Every invariant on `other`, and those that need no reference on `reference` too."""
    mine = [[f"[uninterrupted run] {v}" for v in kind] for kind in on_its_own(reference)]
    return [*mine, *on_its_own(other), *differences(reference, other)]


def verdict(found: Found, what: str) -> str:
    """Every broken invariant counted, the first few of each kind shown."""
    lines = []
    for kind in (k for k in found if k):
        lines += kind[:SHOWN] + ([f"… and {len(kind) - SHOWN} more like these"] if len(kind) > SHOWN else [])
    return f"{sum(map(len, found))} trust invariant violation(s) in {what}:\n  - " + "\n  - ".join(lines)


def check(reference: Outcome, other: Outcome, what: str = "the run with faults") -> None:
    """Raise InvariantViolation naming every broken invariant."""
    found = violations(reference, other)
    if any(found):
        raise InvariantViolation(verdict(found, what))


def check_alone(outcome: Outcome, what: str) -> None:
    """Raise InvariantViolation naming every invariant broken in a run with no reference."""
    found = on_its_own(outcome)
    if any(found):
        raise InvariantViolation(verdict(found, what))
