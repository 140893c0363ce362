"""Directives of the review meetings followed until they are complied with (docs/calendar.md):
`creation` (from final minutes), `compliance` (the state machine), `carry` (overdue, carried
forward), `review` (the next minutes' opening section), `league` (who keeps missing them)."""
