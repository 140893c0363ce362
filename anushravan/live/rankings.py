"""The composite ranking as the CM Dashboard shows it: top and bottom ten with movement, and
why the district that fell furthest fell."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from anushravan.live.feed import district_label


def ranks_of(ranking: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """District id → its entry of a `composite.ranked.v1` ranking."""
    if not ranking:
        return {}
    return {str(r["district"]): r for r in ranking.get("ranks", []) if isinstance(r, dict) and "district" in r}


def movement(now: int, before: int | None) -> Text:
    """↑3 (green), ↓12 (red), = or `new`."""
    if before is None:
        return Text("new", style="cyan")
    if before == now:
        return Text("=", style="dim")
    if before > now:
        return Text(f"↑{before - now}", style="green")
    return Text(f"↓{now - before}", style="red")


def top_and_bottom(current: dict[str, Any], previous: dict[str, Any] | None, size: int = 10) -> Table:
    now, before = ranks_of(current), ranks_of(previous)
    ordered = sorted(now.values(), key=lambda r: (int(r["rank"]), str(r["district"])))
    of = current.get("of", len(ordered))
    final = "final" if current.get("final") else "provisional"
    table = Table(title=f"Composite ranking {current.get('period')} ({final}, of {of}): top and bottom {size}",
                  title_justify="left")
    for column in ("rank", "move", "district", "marks", "development", "revenue"):
        table.add_column(column, justify="right" if column in ("rank", "marks") else "left")
    shown = ordered[:size] + ordered[-size:] if len(ordered) > 2 * size else ordered
    for i, entry in enumerate(shown):
        if i == size and len(ordered) > 2 * size:
            table.add_row("…", "", "", "", "", "")
        old = before.get(str(entry["district"]))
        categories = entry.get("categories") or {}
        table.add_row(str(entry["rank"]), movement(int(entry["rank"]), int(old["rank"]) if old else None),
                      district_label(str(entry["district"])), f"{float(entry.get('marks', 0)):.2f}",
                      _category(categories.get("development")), _category(categories.get("revenue")))
    return table


def _category(result: Any) -> str:
    if not isinstance(result, dict):
        return "-"
    return f"{float(result.get('marks', 0)):.2f} ({result.get('rank', '-')})"


def worst_fall(current: dict[str, Any], previous: dict[str, Any] | None) -> tuple[str, int, int] | None:
    """(district, rank before, rank now) of the district that fell the most places."""
    now, before = ranks_of(current), ranks_of(previous)
    falls = [(int(now[d]["rank"]) - int(before[d]["rank"]), d) for d in now if d in before]
    if not falls:
        return None
    places, district = max(falls, key=lambda f: (f[0], f[1]))
    if places <= 0:
        return None
    return district, int(before[district]["rank"]), int(now[district]["rank"])


def explanation(explained: dict[str, Any], scheme_names: dict[str, str], rows: int = 6) -> Table:
    """Each scheme's share of the change in composite marks, largest first, with its KPIs."""
    before, after = explained.get("before"), explained.get("after")
    table = Table(title=f"Composite marks {before} → {after} (change {explained.get('change')}): "
                        "each scheme's share", title_justify="left")
    for column in ("scheme", "marks before → after", "share of the change", "KPI that moved"):
        table.add_column(column)
    for item in (explained.get("schemes") or [])[:rows]:
        kpis = item.get("kpis") or []
        top = kpis[0] if kpis else None
        kpi = f"{top['kpi']}: {shown(top.get('before'))} → {shown(top.get('after'))}" if isinstance(top, dict) else "-"
        share = float(item.get("contribution") or 0)
        table.add_row(scheme_names.get(str(item.get("scheme")), str(item.get("scheme"))),
                      f"{shown(item.get('before'))} → {shown(item.get('after'))}",
                      Text(f"{share:+.4f}", style="red" if share < 0 else "green"), kpi)
    return table


def shown(value: Any) -> str:
    """A mark or score; a missing one means no accepted figures (which count as 0)."""
    return "not reported" if value is None else str(value)
