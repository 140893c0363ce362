"""What the alerts desk shows (`/alerts`): the period's alerts the visitor may see, filtered as
the URL says, grouped by district with counts, each with what may be done with it; a district's
digest; the silences; and the same view as CSV."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from services.console.domain import alert_desk as desk
from services.console.domain.access import Viewer, may_change, sees_alert
from services.console.domain.csv_export import csv_text
from services.console.reads import Reads
from services.console.texts import Texts
from shared.catalog import Scheme
from shared.districts import load_districts, load_divisions

ACKNOWLEDGEABLE = frozenset({"open", "acknowledged"})
CSV_HEADER = ("alert_id", "district", "district_name", "division", "department", "scheme", "scheme_name", "type",
              "severity", "status", "suppressed", "suppressed_by", "period", "provisional", "previous_grade",
              "grade", "previous_rank", "rank", "of", "message", "raised_at", "acknowledged_by", "acknowledged_at",
              "acknowledgement_note")


def known(schemes: Sequence[Scheme]) -> desk.Known:
    return desk.Known(frozenset(d.id for d in load_districts()), frozenset(d.id for d in load_divisions()),
                      frozenset(s.department.id for s in schemes), frozenset(s.id for s in schemes))


def divisions_of() -> dict[str, str]:
    return {d.id: d.division for d in load_districts()}


async def visible_alerts(reads: Reads, viewer: Viewer, period: str, wanted: desk.DeskFilter) -> list[dict[str, Any]]:
    """The period's alerts on the viewer's desk that the filter keeps, newest first."""
    division = divisions_of()
    return [a for a in await reads.alerts(period)
            if sees_alert(viewer, a["district"], a.get("department")) and wanted.keeps(a, division)]


async def alerts_view(reads: Reads, schemes: Sequence[Scheme], viewer: Viewer, period: str,
                      wanted: desk.DeskFilter) -> dict[str, Any]:
    shown = await visible_alerts(reads, viewer, period, wanted)
    districts = {d.id: d for d in load_districts()}
    return {
        "groups": desk.grouped(shown), "counts": desk.counts(shown), "total": len(shown), "filter": wanted,
        "districts": districts, "divisions": load_divisions(), "schemes": {s.id: s for s in schemes},
        "departments": sorted({s.department.id: s.department for s in schemes}.values(), key=lambda d: d.id),
        "types": desk.TYPES, "severities": desk.SEVERITIES, "statuses": desk.STATUSES,
        "may_ack": {a["alert_id"] for a in shown if a["status"] in ACKNOWLEDGEABLE and may_change(
            viewer, "acknowledge", a["district"], a.get("department")).allowed},
        "may_silence": may_change(viewer, "silence").allowed, "suppression": desk.suppression,
        "matchers": desk.silence_matchers,
        "district_choices": list(districts.values()),
    }


def csv_rows(alerts: Sequence[Mapping[str, Any]], schemes: Mapping[str, Scheme], t: Texts) -> list[list[object]]:
    districts = {d.id: d for d in load_districts()}
    rows: list[list[object]] = []
    for a in alerts:
        unit, scheme = districts.get(a["district"]), schemes.get(a.get("scheme") or "")
        why = desk.suppression(a)
        before, now = a.get("previous") or {}, a.get("current") or {}
        ack = a.get("acknowledged") or {}
        rows.append([a["alert_id"], a["district"], getattr(unit.name, t.lang) if unit else "",
                     unit.division if unit else "", a.get("department"), a.get("scheme"),
                     getattr(scheme.name, t.lang) if scheme else "", a["type"], a["severity"], a["status"],
                     why[0] if why else "", why[1] if why else "", a["period"], a.get("provisional"),
                     before.get("grade"), now.get("grade"), before.get("rank"), now.get("rank"), now.get("of"),
                     (a.get("message") or {}).get(t.lang), a.get("raised_at"), ack.get("by"), ack.get("at"),
                     ack.get("note")])
    return rows


def alerts_csv(alerts: Sequence[Mapping[str, Any]], schemes: Mapping[str, Scheme], t: Texts) -> str:
    return csv_text(CSV_HEADER, csv_rows(alerts, schemes, t))


def csv_name(period: str, wanted: desk.DeskFilter) -> str:
    """`alerts-2026-03.csv`, or with the filter's values: `alerts-2026-03-kanpur-nagar-critical.csv`."""
    parts = [v for k, v in wanted.params().items() if k != "status"]
    return "-".join(["alerts", period, *parts]) + ".csv"


async def digest_view(reads: Reads, viewer: Viewer, district: str, period: str) -> dict[str, Any]:
    """The district's open alerts of the period by department (a department user: its own)."""
    found = await reads.digest(district, period) or {"departments": [], "total": 0}
    groups = [g for g in found.get("departments", [])
              if viewer.role != "department" or g.get("department") in viewer.departments]
    return {"digest": found, "groups": groups, "total": sum(len(g.get("alerts", [])) for g in groups)}
