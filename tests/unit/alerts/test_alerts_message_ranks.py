from __future__ import annotations

from services.alerts.domain.messages import grade_drop
from shared.catalog import Names
from shared.events.alerts import Standing

NAME = Names(hi="अनुसूचित जाति दशमोत्तर छात्रवृत्ति", en="SC Post-matric Scholarship")


def test_a_grade_drop_quotes_both_ranks_once_most_districts_are_ranked() -> None:
    message = grade_drop(NAME, Standing(period="2026-02", grade="B", rank=53, of=75),
                         Standing(period="2026-03", grade="D", rank=71, of=75))
    assert message.hi == "अनुसूचित जाति दशमोत्तर छात्रवृत्ति में श्रेणी B से D, रैंक 53 से 71"
    assert message.en == "SC Post-matric Scholarship: grade B to D, rank 53 to 71"


def test_a_grade_drop_early_in_the_month_leaves_out_the_partial_rank() -> None:
    message = grade_drop(NAME, Standing(period="2026-02", grade="B", rank=51, of=75),
                         Standing(period="2026-03", grade="D", rank=6, of=6))
    assert "rank" not in message.en and "रैंक" not in message.hi
    assert message.en == "SC Post-matric Scholarship: grade B to D"
