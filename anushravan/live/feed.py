"""The Command Centre's view of alerts: one coloured line per alert, running counts, and
alerts grouped by district and severity."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rich.table import Table
from rich.text import Text

from shared.districts import load_districts

SEVERITY_STYLE = {"critical": "bold red", "warning": "yellow"}
SEVERITY_ORDER = ("critical", "warning")


@cache
def district_names() -> dict[str, tuple[str, str]]:
    """District id → (Hindi, English) name."""
    return {d.id: (d.name.hi, d.name.en) for d in load_districts()}


def district_label(district: str | None) -> str:
    hi, en = district_names().get(district or "", (district or "-", district or "-"))
    return f"{hi} ({en})"


def alert_line(alert: dict[str, Any], resolved: bool = False) -> Text:
    """`CRITICAL grade_drop 2026-03 कानपुर नगर (Kanpur Nagar) · scheme — English | हिन्दी`."""
    severity = str(alert.get("severity") or "warning")
    style = "green" if resolved else SEVERITY_STYLE.get(severity, "cyan")
    message = alert.get("message") or {}
    line = Text()
    line.append(f"{'RESOLVED' if resolved else severity.upper():<8} ", style=style)
    line.append(f"{alert.get('type', '?'):<20} ", style="bold")
    line.append(f"{alert.get('period', '')} {district_label(alert.get('district'))}")
    if alert.get("scheme"):
        line.append(f" · {alert['scheme']}", style="cyan")
    if isinstance(message, dict):
        line.append(f" — {message.get('en', '')}")
        if message.get("hi"):
            line.append(f" | {message['hi']}", style="dim")
    return line


@dataclass
class AlertTally:
    """Running counts of what the Command Centre has seen."""

    raised: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    resolved: int = 0

    def add(self, alert: dict[str, Any], resolved: bool = False) -> None:
        if resolved:
            self.resolved += 1
            return
        self.raised[str(alert.get("severity"))] += 1
        self.types[str(alert.get("type"))] += 1

    def summary(self) -> Text:
        text = Text(f"{sum(self.raised.values())} raised: ")
        for severity in SEVERITY_ORDER:
            text.append(f"{self.raised[severity]} {severity}  ", style=SEVERITY_STYLE[severity])
        text.append(f"{self.resolved} resolved", style="green")
        if self.types:
            text.append("  ·  " + ", ".join(f"{t} {n}" for t, n in self.types.most_common()), style="dim")
        return text


def settled(alerts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The alerts without provisional ones whose final counterpart has arrived (same type,
    district and scheme): at the freeze the final judgement replaces the early warning."""
    final = {(a.get("type"), a.get("district"), a.get("scheme")) for a in alerts if not a.get("provisional")}
    return [a for a in alerts
            if not (a.get("provisional") and (a.get("type"), a.get("district"), a.get("scheme")) in final)]


def by_district(alerts: list[dict[str, Any]], limit: int = 12) -> Table:
    """Districts with the most critical, then warning alerts, each with its alerts in short."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for alert in settled(alerts):
        groups.setdefault(str(alert.get("district")), []).append(alert)

    def weight(item: tuple[str, list[dict[str, Any]]]) -> tuple[int, int, str]:
        sev = Counter(str(a.get("severity")) for a in item[1])
        return (-sev["critical"], -sev["warning"], item[0])

    table = Table(title="Command Centre: alerts by district and severity", title_justify="left")
    for column in ("district", "critical", "warning", "what happened"):
        table.add_column(column, no_wrap=column != "what happened")
    for district, items in sorted(groups.items(), key=weight)[:limit]:
        sev = Counter(str(a.get("severity")) for a in items)
        ordered = sorted(items, key=lambda a: (a.get("severity") != "critical", str(a.get("type"))))
        what = Text()
        for alert in ordered[:4]:
            what.append(f"• {_short(alert)}\n", style=SEVERITY_STYLE.get(str(alert.get("severity")), ""))
        if len(ordered) > 4:
            what.append(f"… and {len(ordered) - 4} more", style="dim")
        table.add_row(district_label(district), str(sev["critical"]), str(sev["warning"]), what)
    return table


def _short(alert: dict[str, Any]) -> str:
    message = alert.get("message")
    if isinstance(message, dict) and message.get("en"):
        return str(message["en"])
    return f"{alert.get('type')} {alert.get('scheme') or ''}".strip()
