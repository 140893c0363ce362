"""Each district's composite marks and rank per period (the financial-year history the minutes
quote: "best rank 10th in April 2025"), written only where it changed."""

from __future__ import annotations

from typing import Any

from services.scoring.composite_repository import CompositeRepository
from services.scoring.documents import Document
from services.scoring.domain.composite_board import CompositeBoard
from services.scoring.domain.periods import financial_year
from services.scoring.schema import history_key


class HistoryWriter:
    def __init__(self, repo: CompositeRepository) -> None:
        self.repo = repo
        self._written: dict[str, dict[str, Any]] = {}  # period -> district -> what was written

    def reset(self) -> None:
        self._written.clear()

    async def write(self, board: CompositeBoard, final: bool) -> None:
        payload = board.payload(final)
        before = self._written.get(board.period, {})
        now: dict[str, Any] = {}
        docs: list[Document] = []
        for row in payload["ranks"]:
            fact = {"marks": row["marks"], "rank": row["rank"], "of": payload["of"],
                    "categories": row["categories"], "final": final}
            now[row["district"]] = fact
            if final or before.get(row["district"]) != fact:
                docs.append({"_id": history_key(row["district"], board.period), "district": row["district"],
                             "period": board.period, "financial_year": financial_year(board.period), **fact})
        await self.repo.save_history(docs, final, board.period)
        await self.repo.drop_history(board.period, sorted(set(before) - set(now)))
        self._written[board.period] = now
