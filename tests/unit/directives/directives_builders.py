"""Directives for the tests: Kanpur Nagar's March 2026 minutes finalised with three directives
(as its real meeting of 16 April 2026 gave them), and single directives by default values."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from services.reports.domain.directives.creation import GivenDirective, create, directives_of
from services.reports.domain.meeting import meeting_date
from services.reports.domain.minutes import assemble, item_id
from shared.catalog import Names
from shared.events.directives import Directive, DirectiveItem
from tests.unit.reports.kanpur_march_2026 import kanpur_march_2026

IST = ZoneInfo("Asia/Kolkata")
MEETING_DAY = 16
CMO = Names(hi="मुख्य चिकित्सा अधिकारी", en="Chief Medical Officer")
DSWO = Names(hi="जिला समाज कल्याण अधिकारी", en="District Social Welfare Officer")
GIVEN = {
    item_id("2026-03", "sc-postmatric-scholarship"): "लम्बित आवेदन पी.एफ.एम.एस. स्तर से निस्तारित करायें।",
    item_id("2026-03", "jsy"): "मुख्य चिकित्सा अधिकारी को कारण बताओ नोटिस जारी किया जाये।",
    item_id("2026-03", "jal-jeevan-mission"): "78 मार्गों का सत्यापन कर आख्या दें।",
}


def ist(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=IST)


def kanpur_final_minutes(directives: dict[str, str] | None = None, **fields: Any) -> dict[str, Any]:
    """The assembled March 2026 minutes with directives typed in, as their final version."""
    doc = assemble(replace(kanpur_march_2026(), directives=GIVEN if directives is None else directives))
    return {**doc, "status": "final", "version": 4, "finalized_from": 3, **fields}


def kanpur_directives() -> list[Directive]:
    return directives_of(kanpur_final_minutes(), MEETING_DAY)


def directive(ref: str = "jsy", period: str = "2026-03", district: str = "kanpur-nagar", officer: Names = CMO,
              department: str | None = "medical-health", due: date | None = None, **fields: Any) -> Directive:
    """A directive of the meeting for `period` (held on the 16th of the next month), due at the
    following meeting unless told otherwise."""
    item = DirectiveItem(kind=fields.pop("kind", "scheme"), ref=ref, item_id=f"{period}:{ref}")
    given = GivenDirective(item, fields.pop("text", "प्रगति सुधारें।"), officer, department, due)
    [made] = create(district, period, [given], meeting_date(period, MEETING_DAY), MEETING_DAY)
    return made.model_copy(update=fields) if fields else made
