"""Each district's final composite marks and rank per period: the financial-year history the
minutes quote ("best rank 10th in April 2025"). Written at the freeze; the live composite of
an open period is the `composites` document."""

from __future__ import annotations

from typing import Any

from services.scoring.documents import Document
from services.scoring.schema import history_key
from shared.periods import financial_year


def history_documents(payload: dict[str, Any]) -> list[Document]:
    """One document per ranked district of a final `composite.ranked.v1` payload."""
    period = payload["period"]
    return [{"_id": history_key(row["district"], period), "district": row["district"], "period": period,
             "financial_year": financial_year(period), "marks": row["marks"], "rank": row["rank"],
             "of": payload["of"], "categories": row["categories"], "final": bool(payload["final"])}
            for row in payload["ranks"]]
