"""What the demo shows once the year is through: the Command Centre feed, the composite
ranking with movement, why the worst-falling district fell, and the saved minutes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from anushravan.live.client import ApiError, ReadApi
from anushravan.live.documents import Documents, save_documents, wait_minutes
from anushravan.live.feed import by_district, district_label, settled
from anushravan.live.observer import Observer
from anushravan.live.rankings import explanation, ranks_of, shown, top_and_bottom, worst_fall
from shared.catalog import Scheme

MINUTES_TIMEOUT = 300.0  # a loaded 2-core machine redrafts 75 districts slowly


async def show_feed(console: Console, api: ReadApi, observer: Observer, period: str) -> list[dict[str, Any]]:
    """The period's alerts from `GET /v1/alerts`, grouped by district and severity."""
    try:
        # Inhibited and silenced alerts are stored but were never sent to the Command Centre.
        alerts = [a for a in await api.alerts(period=period, limit="1000") if a.get("published", True)]
    except ApiError as exc:
        console.print(f"[yellow]The alerts API did not answer ({escape(str(exc))}); showing what was read from "
                      "Kafka.[/]")
        alerts = [a for a in observer.alerts if a.get("period") == period]
    confirmed = len(alerts) - len(alerts := settled(alerts))
    types = Counter(str(a.get("type")) for a in alerts)
    severities = Counter(str(a.get("severity")) for a in alerts)
    besides = f"; besides, {confirmed} provisional rank alerts were confirmed at the freeze" if confirmed else ""
    console.print(f"\n[bold]{len(alerts)} alerts for {period}[/] ({severities['critical']} critical, "
                  f"{severities['warning']} warning): " + ", ".join(f"{t} {n}" for t, n in types.most_common())
                  + besides, highlight=False)
    if alerts:
        console.print(by_district(alerts))
    return alerts


async def show_ranking(console: Console, api: ReadApi, period: str, previous: str | None,
                       schemes: list[Scheme]) -> dict[str, Any] | None:
    """Top and bottom ten with movement, then the explanation of the worst fall."""
    current = await api.composite(period)
    if not current:
        console.print(f"[red]No composite ranking for {period}.[/]")
        return None
    before = await api.composite(previous) if previous else None
    console.print(top_and_bottom(current, before))
    fall = worst_fall(current, before)
    if fall is None:
        return current
    district, was, now = fall
    console.print(f"\n[bold]Why did {escape(district_label(district))} fall furthest, from {was} to {now}?[/] "
                  f"GET /v1/districts/{district}/{period}/explain:", highlight=False)
    explained = await api.explain(district, period)
    if explained:
        names = {s.id: f"{s.name.hi} ({s.name.en})" for s in schemes}
        console.print(explanation(explained, names))
        console.print(_because(explained, names), highlight=False, markup=False)
    return current


def _because(explained: dict[str, Any], names: dict[str, str]) -> str:
    """One sentence: the scheme that cost most, and the KPI inside it that moved."""
    worst = min(explained.get("schemes") or [{}], key=lambda s: float(s.get("contribution") or 0))
    if not worst.get("scheme"):
        return "No scheme explains the move."
    kpis = worst.get("kpis") or []
    if worst.get("after") is None:
        return (f"Most of it: {names.get(worst['scheme'], worst['scheme'])} — no accepted figures this month "
                f"(marks {shown(worst.get('before'))} last month); a scheme not reported counts 0.")
    kpi = f", where {kpis[0]['kpi']} went from {kpis[0].get('before')} to {kpis[0].get('after')}" if kpis else ""
    return (f"Most of it: {names.get(worst['scheme'], worst['scheme'])}, marks {worst.get('before')} → "
            f"{worst.get('after')}{kpi}.")


async def show_documents(console: Console, api: ReadApi, district: str, period: str,
                         ranking: dict[str, Any] | None, out: Path) -> Documents:
    """Wait for the district's minutes to show the final rank, then save minutes and booklet."""
    entry = ranks_of(ranking).get(district)
    rank = int(entry["rank"]) if entry else None
    of = ranking.get("of") if ranking else "?"
    console.print(f"\n{escape(district_label(district))} stands {rank or '?'} of {of} "
                  f"in the composite for {period}. The reports service redrafts a district's minutes a "
                  "moment after its scores, ranks or alerts change; the demo waits for the draft that "
                  "shows the final rank.", highlight=False)
    with console.status("Waiting for the minutes…") as status:
        minutes = await wait_minutes(api, district, period, rank, MINUTES_TIMEOUT, status.update)
    if minutes is None:
        console.print(f"[red]The reports service had no minutes for it after {MINUTES_TIMEOUT:.0f} s.[/]")
    documents = await save_documents(api, district, period, out)
    table = Table(title=f"Minutes and monitoring booklet of {escape(district_label(district))}, {period}",
                  title_justify="left")
    table.add_column("file")
    table.add_column("size", justify="right")
    for path in documents.written:
        table.add_row(str(path), f"{path.stat().st_size:,} bytes")
    console.print(table)
    for reason in documents.missing:
        console.print(f"[yellow]Not written: {escape(reason)}[/]", highlight=False)
    return documents
