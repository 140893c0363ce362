"""What the minutes workflow shows (`/districts/{district}/minutes/{period}`): the latest version
in Hindi or English, its versions and a comparison of any two, and — for those who may change
it, while it is a draft — the directives form, the meeting form and the way to finalise."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from services.console.domain import diff as minutes_diff
from services.console.domain import minutes_forms as forms
from services.console.domain.access import Viewer, may_change
from services.console.reads import Reads
from services.console.web import PageError
from shared.catalog import Scheme
from shared.districts import District


async def latest(reads: Reads, unit: District, period: str) -> dict[str, Any]:
    doc = await reads.minutes(unit.id, period)
    if doc is None:
        raise PageError(404, "no_minutes", id=f"{unit.id} {period}")
    return doc


def departments(schemes: Sequence[Scheme]) -> list[Any]:
    return sorted({s.department.id: s.department for s in schemes}.values(), key=lambda d: d.id)


async def minutes_view(reads: Reads, schemes: Sequence[Scheme], viewer: Viewer, unit: District, period: str,
                       doc_lang: str, lang: str) -> dict[str, Any]:
    doc = await latest(reads, unit, period)
    versions = await reads.versions(unit.id, period)
    editable = doc["status"] != "final"
    may_edit = editable and may_change(viewer, "directives", unit.id).allowed
    rows = forms.recorded_rows(doc, lang) + [forms.Row()] * forms.BLANK_ROWS if may_edit else []
    return {"doc": doc, "unit": unit, "versions": versions, "doc_lang": doc_lang, "may_edit": may_edit,
            "may_finalize": editable and may_change(viewer, "finalize", unit.id).allowed,
            "items": forms.items_of(doc), "general": forms.general_texts(doc), "rows": rows,
            "departments": departments(schemes), "max_general": forms.MAX_GENERAL,
            "latest_version": doc["version"], "previous_version": max(1, doc["version"] - 1)}


async def compare_view(reads: Reads, unit: District, period: str, a: int, b: int, doc_lang: str) -> dict[str, Any]:
    """Versions a and b side by side, line by line and word by word."""
    old, new = (await reads.minutes_text(unit.id, period, a, doc_lang),
                await reads.minutes_text(unit.id, period, b, doc_lang))
    if old is None or new is None:
        raise PageError(404, "unknown_document", id=f"minutes {unit.id} {period} v{a if old is None else b}")
    rows = minutes_diff.compare(old, new)
    return {"unit": unit, "a": a, "b": b, "rows": rows, "changed": minutes_diff.changed(rows), "doc_lang": doc_lang,
            "versions": await reads.versions(unit.id, period)}


async def finalize_view(reads: Reads, unit: District, period: str) -> dict[str, Any]:
    doc = await latest(reads, unit, period)
    if doc["status"] == "final":
        raise PageError(409, "minutes_final", id=f"{unit.id} {period}")
    return {"doc": doc, "unit": unit, "missing": forms.missing(doc)}
