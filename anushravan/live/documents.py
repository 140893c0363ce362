"""The district's minutes and monitoring booklet, fetched from the reports service and saved."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from anushravan.live.client import ReadApi

LANGUAGES = ("hi", "en")
DRAFTS_PENDING_METRIC = "anushravan_reports_drafts_pending"
MINUTES_FORMATS = ("md", "html", "pdf")
BOOKLET_FORMATS = ("html", "pdf")


@dataclass
class Documents:
    written: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


async def drafts_queued(api: ReadApi) -> int | None:
    """How many district-periods the reports service has yet to redraft (its /metrics)."""
    response = await api.get("reports", "/metrics")
    for line in response.text.splitlines() if response.status_code == 200 else []:
        if line.startswith(DRAFTS_PENDING_METRIC + " "):
            return int(float(line.split()[1]))
    return None


async def wait_minutes(api: ReadApi, district: str, period: str, composite_rank: int | None,
                       timeout: float, status: Callable[[str], None], settle: float = 2.5) -> dict[str, Any] | None:
    """The latest minutes once they show the final composite rank and stop changing."""
    deadline = time.monotonic() + timeout
    seen: tuple[Any, float] | None = None
    minutes: dict[str, Any] | None = None
    while time.monotonic() < deadline:
        queued = await drafts_queued(api)
        status(f"Waiting for the minutes of {district} {period}"
               + (f": {queued} district drafts queued in the reports service…" if queued else "…"))
        response = await api.get("reports", f"/v1/minutes/{district}/{period}", format="json", lang="en")
        body = response.json() if response.status_code == 200 else None
        minutes = body if isinstance(body, dict) else None
        if minutes is not None and _shows_rank(minutes, composite_rank):
            version = minutes.get("version")
            if seen is None or seen[0] != version:
                seen = (version, time.monotonic())
            elif time.monotonic() - seen[1] >= settle:
                return minutes
        await asyncio.sleep(0.5)
    return minutes


def _shows_rank(minutes: dict[str, Any], rank: int | None) -> bool:
    summary = minutes.get("summary") or {}
    composite = summary.get("composite") if isinstance(summary, dict) else None
    return rank is None or (isinstance(composite, dict) and composite.get("rank") == rank)


async def save_documents(api: ReadApi, district: str, period: str, out: Path) -> Documents:
    """Minutes (md, html, pdf) and booklet (html, pdf) in Hindi and English, into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    result = Documents()
    wanted = [("minutes", lang, fmt) for lang in LANGUAGES for fmt in MINUTES_FORMATS]
    wanted += [("booklet", lang, fmt) for lang in LANGUAGES for fmt in BOOKLET_FORMATS]
    for kind, lang, fmt in wanted:
        response = await api.get("reports", f"/v1/{kind}/{district}/{period}", lang=lang, format=fmt)
        name = f"{kind}-{district}-{period}.{lang}.{fmt}"
        if response.status_code != 200 or not response.content:
            result.missing.append(f"{name}: {response.status_code} {_reason(response.text)}")
            continue
        path = out / name
        path.write_bytes(response.content)
        result.written.append(path)
    return result


def _reason(body: str) -> str:
    """The `message`s of an `{"errors": [...]}` body, else the body itself, shortened."""
    try:
        errors = json.loads(body).get("errors") or []
        return "; ".join(str(e.get("message")) for e in errors if isinstance(e, dict)) or body[:300]
    except (ValueError, AttributeError):
        return body[:300]
