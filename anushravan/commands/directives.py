"""`anushravan directives`, `meeting` and `finalize`: turning a district's draft minutes into the
final copy — a directive per item, the meeting's record (letter number, issue date, officers
present and absent), then the final version, which is immutable."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.console import Console
from rich.table import Table

from anushravan.commands.ranking import label
from anushravan.operator import Api, JsonOption, KeyOption, connect, print_json
from anushravan.output import cell, fail, note
from shared.latest import LATEST

District = Annotated[str, typer.Argument(help="District id, e.g. kanpur-nagar")]
Period = Annotated[str, typer.Argument(help="YYYY-MM, or latest")]


def latest_minutes(api: Api, district: str, period: str) -> dict[str, Any]:
    found: dict[str, Any] = api.json("GET", f"/v1/minutes/{district}/{period}", params={"format": "json"})
    return found


def items(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for s in doc.get("sections", []) for i in s.get("items", [])]


def directive_pairs(given: list[str], doc: dict[str, Any]) -> dict[str, str]:
    """`ITEM=TEXT` pairs; ITEM is an item id or a scheme id of these minutes."""
    by_scheme = {i["scheme"]: i["item_id"] for i in items(doc)}
    pairs: dict[str, str] = {}
    for text in given:
        item, sep, directive = text.partition("=")
        if not sep or not directive.strip():
            raise fail(f"--set {text!r}: expected ITEM=TEXT (ITEM: an item id or a scheme id)", 2)
        pairs[by_scheme.get(item.strip(), item.strip())] = directive.strip()
    return pairs


def officer(text: str) -> dict[str, Any]:
    """"designation@department" (department optional) → an officer of the meeting's record."""
    designation, _, department = text.rpartition("@") if "@" in text else (text, "", "")
    return {"officer": designation.strip(), **({"department": department.strip()} if department.strip() else {})}


def register(app: typer.Typer) -> None:
    console = Console(highlight=False)

    @app.command("directives")
    def directives(
        district: District, period: Period = LATEST,
        set_: Annotated[list[str] | None, typer.Option("--set", help="ITEM=TEXT (ITEM: item or scheme id); "
                                                                     "repeat for more")] = None,
        key: Annotated[str | None, KeyOption] = None, as_json: Annotated[bool, JsonOption] = False,
    ) -> None:
        """List the items of the latest minutes with their directives, or set directives (--set)."""
        api = connect("reports", key, "admin" if set_ else "viewer")
        doc = latest_minutes(api, district, period)
        if set_:
            answer = api.json("PUT", f"/v1/minutes/{district}/{doc['period']}/directives",
                              body=directive_pairs(set_, doc))
            if as_json:
                print_json(answer)
                return
            note(console, f"Version {answer['version']} of {district} {answer['period']} ({answer['status']}): "
                          f"{len(answer['directives'])} item(s) with a directive.")
            return
        if as_json:
            print_json([{k: i.get(k) for k in ("item_id", "scheme", "grade", "rank", "directive")} for i in items(doc)])
            return
        table = Table(title=f"Minutes of {district} for {doc['period']}, version {doc['version']} ({doc['status']})")
        for column in ("item id", "scheme", "grade", "rank", "directive"):
            table.add_column(column, overflow="fold")
        for i in items(doc):
            table.add_row(cell(i["item_id"]), cell(label(i.get("name"), i["scheme"])), cell(i.get("grade")),
                          cell(i.get("rank")), cell(i.get("directive")))
        console.print(table)

    @app.command("meeting")
    def meeting(
        district: District, period: Period = LATEST,
        letter_number: Annotated[str | None, typer.Option(help="पत्रांक, e.g. '102 / मा0मु0मं0समी0बै0कार्य / 2026-27'")]
            = None,
        issue_date: Annotated[str | None, typer.Option(help="Date of issue, YYYY-MM-DD")] = None,
        present: Annotated[list[str] | None, typer.Option(help="'designation[@department]'; repeat")] = None,
        absent: Annotated[list[str] | None, typer.Option(help="'designation[@department]', absent without leave")]
            = None,
        on_leave: Annotated[list[str] | None, typer.Option(help="'designation[@department]', absent on leave")]
            = None,
        file: Annotated[Path | None, typer.Option(help="YAML/JSON with letter_number, issue_date, present, "
                                                       "absent (officer, name, department, on_leave)")] = None,
        key: Annotated[str | None, KeyOption] = None, as_json: Annotated[bool, JsonOption] = False,
    ) -> None:
        """Record the meeting for the final copy: letter number, issue date, officers present and absent
        (replaces what was recorded before)."""
        record: dict[str, Any] = yaml.safe_load(file.read_text(encoding="utf-8")) if file else {}
        if issue_date:
            try:
                date.fromisoformat(issue_date)
            except ValueError:
                raise fail(f"--issue-date {issue_date!r}: expected YYYY-MM-DD", 2) from None
        record.update({k: v for k, v in (("letter_number", letter_number), ("issue_date", issue_date)) if v})
        record.setdefault("present", []).extend(officer(p) for p in present or [])
        record.setdefault("absent", []).extend([*(officer(a) for a in absent or []),
                                                *({**officer(a), "on_leave": True} for a in on_leave or [])])
        api = connect("reports", key, "admin")
        answer = api.json("PUT", f"/v1/minutes/{district}/{period}/meeting", body=record)
        if as_json:
            print_json(answer)
            return
        note(console, f"Version {answer['version']} of {district} {answer['period']}: letter number "
                      f"{record.get('letter_number') or '—'}, issued {record.get('issue_date') or '—'}, "
                      f"{len(record['present'])} present, {len(record['absent'])} absent.")

    @app.command("finalize")
    def finalize(
        district: District, period: Period = LATEST,
        version: Annotated[int | None, typer.Option(min=1, help="Only if this is still the latest version")] = None,
        yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False,
        key: Annotated[str | None, KeyOption] = None, as_json: Annotated[bool, JsonOption] = False,
    ) -> None:
        """Make the latest version of the minutes final: from then on they cannot be changed."""
        api = connect("reports", key, "admin")
        doc = latest_minutes(api, district, period)
        meeting_record = doc.get("meeting") or {}
        missing = [name for name, field in (("letter number", "letter_number"), ("issue date", "issue_date"))
                   if not meeting_record.get(field)]
        empty = [i["item_id"] for i in items(doc) if not i.get("directive")]
        if missing:
            note(console, f"Not recorded: {', '.join(missing)} ('anushravan meeting' records them); the final "
                          "copy will print without them.", style="yellow")
        if empty:
            note(console, f"{len(empty)} item(s) without a directive: {', '.join(empty)}", style="yellow")
        if not yes and not typer.confirm(f"Finalise version {doc['version']} of {district} {doc['period']}?"):
            raise typer.Exit(1)
        answer = api.json("POST", f"/v1/minutes/{district}/{doc['period']}/finalize",
                          body={"version": version or doc["version"]})
        if as_json:
            print_json(answer)
            return
        note(console, f"Final: version {answer['version']} of {district} {answer['period']} "
                      f"(from version {answer.get('finalized_from')}).")
