"""The rules of construction works (docs/works.md), pure: no I/O, clock, environment or logging.

"Today" is always the end of the month being assessed, passed in as its period, so a replay of
the same reports gives the same assessments and standings.

- `assessment.assess(work, reports, period, thresholds)` → `work.assessed.v1` for one month;
- `league.works_standing(assessments, period=, final=)` → `works.standing.v1`;
- `admission.refusals(...)`, `plausibility.implausible(...)`: what is refused, what quarantined;
- one module per rule: `overrun`, `delay`, `stall`, `spending`, `due`, `colour`, `forecast`,
  `revisions`; `ledger` (which report counts), `situation` (every rule at a month end),
  `flags`, `standing`, `ranking`, `months`, `thresholds`.
"""
