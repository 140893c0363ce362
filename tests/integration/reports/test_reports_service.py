"""Acceptance of the reports service as a real process over TCP, with its own Tansu.

The other services are not running: the test publishes what they would have published
(the events of `golden_events.py`) and drives the minutes of Kanpur Nagar through January,
February and March 2026 over HTTP, then checks the March minutes state the facts of the real
meeting in Hindi and English, in every format.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from anushravan.admin import publish_catalog
from anushravan.commands.minutes import register
from services.reports.domain.inputs import SchemeStanding
from services.reports.domain.minutes import assemble
from services.reports.rendering import pdf_available
from services.reports.versions import content_of
from shared.catalog import Names
from shared.topics import MINUTES_PUBLISHED
from tests.integration.reports.golden_events import (
    DISTRICT,
    FEBRUARY_DIRECTIVES,
    JANUARY_DIRECTIVE,
    Event,
    comparable,
    february,
    january,
    march,
    scored,
    submitted,
)
from tests.integration.reports.reports_service import Reports, eventually, publish, reports_service
from tests.support.kafka import TopicReader
from tests.unit.reports.kanpur_march_2026 import JSY, kanpur_march_2026
from tests.unit.reports.test_reports_golden import ENGLISH_FACTS, HINDI_FACTS

MARCH = f"/v1/minutes/{DISTRICT}/2026-03"


@pytest.fixture(scope="module")
async def reports(tmp_path_factory: pytest.TempPathFactory, mongo_url: str) -> AsyncIterator[Reports]:
    async with reports_service(tmp_path_factory.mktemp("reports"), mongo_url, debounce_s=0.3) as service:
        yield service


async def hold_meeting(reports: Reports, period: str, events: list[Event], directives: dict[str, str],
                       items: int) -> None:
    """Events in, wait for the draft, type the directives, finalise."""
    await publish(reports.bootstrap, events)

    async def drafted() -> bool:
        doc = await reports.minutes(period)
        return doc is not None and sum(len(s["items"]) for s in doc["sections"]) == items

    await eventually(drafted, what=f"the {period} draft")
    put = await reports.http.put(f"/v1/minutes/{DISTRICT}/{period}/directives", json=directives)
    assert put.status_code == 200, put.text
    done = await reports.http.post(f"/v1/minutes/{DISTRICT}/{period}/finalize", json={"version": put.json()["version"]})
    assert done.status_code == 200 and done.json()["status"] == "final", done.text


@pytest.fixture(scope="module")
async def story(reports: Reports) -> dict[str, Any]:
    """January and February held and finalised; March drafted from all of its events."""
    await hold_meeting(reports, "2026-01", january(), {"2026-01:jsy": JANUARY_DIRECTIVE}, items=1)
    await hold_meeting(reports, "2026-02", february(), FEBRUARY_DIRECTIVES, items=2)
    await publish(reports.bootstrap, march())
    expected = comparable(assemble(kanpur_march_2026()))

    async def complete() -> dict[str, Any] | None:
        doc = await reports.minutes("2026-03")
        return doc if doc is not None and comparable(content_of(doc)) == expected else None

    return dict(await eventually(complete, timeout_s=40, what="the March minutes to state every fact"))


async def test_the_march_json_is_exactly_the_golden_assembly(story: dict[str, Any]) -> None:
    summary = story["summary"]
    assert (summary["best"]["rank"], summary["best"]["period"]) == (10, "2025-04")
    assert (summary["worst"]["rank"], summary["worst"]["period"]) == (59, "2025-11")
    assert summary["composite"] == {"rank": 45, "of": 75, "marks": 8.91}
    assert summary["most_bcd"]["department"] == "social-welfare" and summary["most_bcd"]["count"] == 4
    [scpm] = [i for s in story["sections"] for i in s["items"] if i["scheme"] == "sc-postmatric-scholarship"]
    assert (scpm["previous_rank"], scpm["previous_grade"], scpm["rank"], scpm["grade"]) == (53, "B", 71, "D")


@pytest.mark.parametrize(("lang", "facts"), [("hi", HINDI_FACTS), ("en", ENGLISH_FACTS)])
@pytest.mark.parametrize("fmt", ["md", "html"])
async def test_the_march_minutes_state_the_facts_of_the_real_meeting(
    reports: Reports, story: dict[str, Any], lang: str, fmt: str, facts: tuple[str, ...],
) -> None:
    response = await reports.http.get(MARCH, params={"lang": lang, "format": fmt})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith({"md": "text/markdown", "html": "text/html"}[fmt])
    assert [fact for fact in facts if fact not in response.text] == []


async def test_the_march_minutes_carry_the_items_and_directive_of_februarys_final_minutes(
    reports: Reports, story: dict[str, Any],
) -> None:
    items = {i["scheme"]: i for s in story["sections"] for i in s["items"]}
    assert (items["jsy"]["meetings"], items["jsy"]["previous_directive"]) == (3, FEBRUARY_DIRECTIVES["2026-02:jsy"])
    text = (await reports.http.get(MARCH, params={"format": "md"})).text
    assert "यह योजना लगातार 3 बैठकों से समीक्षा में है" in text and FEBRUARY_DIRECTIVES["2026-02:jsy"] in text


async def test_the_pdf_prints_hindi_with_an_embedded_devanagari_font(
    reports: Reports, story: dict[str, Any], tmp_path: Path,
) -> None:
    response = await reports.http.get(MARCH, params={"lang": "hi", "format": "pdf"})
    available, reason = pdf_available()
    if not available:
        assert response.status_code == 503
        assert response.json()["errors"][0]["code"] == "pdf_unavailable"
        pytest.skip(f"PDF unavailable here, and the service said so: {reason}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    if shutil.which("pdftoppm") is None or shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdftoppm, pdffonts) is not installed")
    (tmp_path / "m.pdf").write_bytes(response.content)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(tmp_path / "m.pdf"), str(tmp_path / "p")],
                   check=True, capture_output=True, timeout=60)
    [png] = list(tmp_path.glob("p*.png"))
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 5_000
    fonts = subprocess.run(["pdffonts", str(tmp_path / "m.pdf")], check=True, capture_output=True, text=True,
                           timeout=60).stdout
    rows = [line.split() for line in fonts.splitlines() if "Devanagari" in line]
    assert rows and all("yes" in row for row in rows)


async def test_the_booklet_lists_every_scheme_with_its_figures(reports: Reports, story: dict[str, Any]) -> None:
    hindi = await reports.http.get(f"/v1/booklet/{DISTRICT}/2026-03", params={"lang": "hi"})
    english = await reports.http.get(f"/v1/booklet/{DISTRICT}/2026-03", params={"lang": "en", "format": "html"})
    assert hindi.status_code == english.status_code == 200
    assert "जिला अनुश्रवण पुस्तिका" in hindi.text and "1,75,796" in hindi.text
    assert english.text.count("<tr class=") == 85 and "Post-matric Scholarship (Scheduled Castes)" in english.text


async def test_versions_accumulate_and_each_is_announced_once_on_minutes_published(
    reports: Reports, story: dict[str, Any],
) -> None:
    january_versions = await reports.versions("2026-01")
    assert [(v["version"], v["status"], v["trigger"]) for v in january_versions] == [
        (1, "draft", "events"), (2, "draft", "directives"), (3, "final", "finalize")]
    assert january_versions[2]["by"] == "cdo-kanpur" and january_versions[2]["finalized_from"] == 2
    def announced(reader: TopicReader) -> list[tuple[str, int, str]]:
        return [(e["data"]["period"], e["data"]["version"], e["data"]["status"])
                for e in reader.events("minutes.updated.v1")]

    expected = {("2026-01", 1, "draft"), ("2026-01", 2, "draft"), ("2026-01", 3, "final"),
                ("2026-03", story["version"], "draft")}
    async with TopicReader(reports.bootstrap, MINUTES_PUBLISHED) as reader:
        await reader.wait_for(lambda r: expected <= set(announced(r)), timeout_s=20, what="the versions announced")
    ids = [e["id"] for e in reader.events("minutes.updated.v1")]
    assert len(set(announced(reader))) == len(announced(reader)) and len(set(ids)) == len(ids)
    assert {r.key for r in reader.records} == {DISTRICT.encode()}


async def test_a_final_version_never_changes_and_refuses_directives_and_regeneration(
    reports: Reports, story: dict[str, Any],
) -> None:
    url = f"/v1/minutes/{DISTRICT}/2026-01"
    before = {fmt: (await reports.http.get(url, params={"format": fmt})).content for fmt in ("json", "md", "html")}
    refused = await regenerations(reports, "final")
    await publish(reports.bootstrap, [scored_jsy_january_again()])

    async def refused_again() -> bool:
        return await regenerations(reports, "final") > refused

    await eventually(refused_again, what="the refused regeneration")
    after = {fmt: (await reports.http.get(url, params={"format": fmt})).content for fmt in ("json", "md", "html")}
    assert after == before and [v["version"] for v in await reports.versions("2026-01")] == [1, 2, 3]
    put = await reports.http.put(f"{url}/directives", json={"2026-01:jsy": "late"})
    again = await reports.http.post(f"{url}/finalize")
    assert (put.status_code, put.json()["errors"][0]["code"]) == (409, "final")
    assert (again.status_code, again.json()["errors"][0]["code"]) == (409, "final")


def scored_jsy_january_again() -> Event:
    return scored(SchemeStanding(scheme=JSY, grade="C", rank=40, of=75, marks=4.0, kpis={"paid": 0.4}), "2026-01",
                  revision=2)


async def regenerations(reports: Reports, outcome: str) -> float:
    text = (await reports.http.get("/metrics")).text
    line = f'anushravan_reports_regenerations_total{{outcome="{outcome}"}} '
    return sum(float(x.split()[-1]) for x in text.splitlines() if x.startswith(line))


PENSION_DIRECTIVE = "वृद्धावस्था पेंशन के लम्बित आवेदन 15 दिवस में निस्तारित करायें।"


async def pension_pending(reports: Reports, pending: int) -> dict[str, Any] | None:
    doc = await reports.minutes("2026-03")
    items = [i for s in (doc or {}).get("sections", []) for i in s["items"] if i["scheme"] == "old-age-pension"]
    return doc if items and items[0]["figures"]["pending_bdo_sdm"] == pending else None


def pension_revision(revision: int, pending: int) -> list[Event]:
    standing = next(s for s in kanpur_march_2026().standings if s.scheme.id == "old-age-pension")
    figures = {**standing.figures, "pending_bdo_sdm": pending}
    return [submitted("old-age-pension", "2026-03", figures, revision), scored(standing, "2026-03", revision=revision)]


async def test_a_directive_is_a_new_version_and_survives_the_regenerations_after_it(
    reports: Reports, story: dict[str, Any],
) -> None:
    put = await reports.http.put(f"{MARCH}/directives", json={"2026-03:old-age-pension": PENSION_DIRECTIVE})
    assert put.status_code == 200 and put.json()["directives"] == {"2026-03:old-age-pension": PENSION_DIRECTIVE}
    await publish(reports.bootstrap, pension_revision(2, 3000))
    doc = await eventually(lambda: pension_pending(reports, 3000), what="the regeneration with revision 2")
    [item] = [i for s in doc["sections"] for i in s["items"] if i["scheme"] == "old-age-pension"]
    assert item["directive"] == PENSION_DIRECTIVE and doc["version"] > put.json()["version"]
    assert PENSION_DIRECTIVE in (await reports.http.get(MARCH, params={"format": "html"})).text


async def test_requests_are_refused_with_reasons(reports: Reports, story: dict[str, Any]) -> None:
    anonymous = await reports.http.get(MARCH, headers={"Authorization": ""})
    portal = await reports.http.get(MARCH, headers={"Authorization": f"Bearer {reports.keys['submitter']}"})
    unknown = await reports.http.get("/v1/minutes/atlantis/2026-03")
    nothing = await reports.http.get(f"/v1/minutes/{DISTRICT}/2024-01")
    item = await reports.http.put(f"{MARCH}/directives", json={"2026-03:no-such-scheme": "x", "2026-03:jsy": "y"})
    lang = await reports.http.get(MARCH, params={"lang": "fr"})
    viewer = {"Authorization": f"Bearer {reports.keys['viewer']}"}
    reader = await reports.http.put(f"{MARCH}/directives", json={"2026-03:jsy": "y"}, headers=viewer)
    final = await reports.http.post(f"{MARCH}/finalize", headers=viewer)
    assert (reader.status_code, final.status_code) == (403, 403)
    assert (await reports.http.get(MARCH, headers=viewer)).status_code == 200
    assert (anonymous.status_code, portal.status_code) == (401, 403)
    assert (unknown.status_code, unknown.json()["errors"][0]["code"]) == (404, "unknown_district")
    assert (nothing.status_code, nothing.json()["errors"][0]["code"]) == (404, "no_minutes")
    assert item.status_code == 422 and [(e["field"], e["code"]) for e in item.json()["errors"]] == [
        ("2026-03:no-such-scheme", "unknown_item")]
    assert lang.status_code == 422 and lang.json()["errors"][0]["field"] == "query.lang"


def test_the_cli_writes_the_minutes_the_service_serves(reports: Reports, story: dict[str, Any], tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)  # a second command keeps typer from flattening the group
    out = tmp_path / "minutes.md"
    result = CliRunner().invoke(app, ["minutes", DISTRICT, "2026-03", "--lang", "en", "--format", "md", "-o", str(out),
                                      "--url", reports.process.url, "--key", reports.keys["viewer"]])
    assert result.exit_code == 0, result.output
    assert [fact for fact in ENGLISH_FACTS if fact not in out.read_text(encoding="utf-8")] == []
    refused = CliRunner().invoke(app, ["minutes", "atlantis", "2026-03", "--url", reports.process.url,
                                       "--key", reports.keys["viewer"]])
    assert refused.exit_code == 1 and "unknown district 'atlantis'" in refused.output


async def test_the_metrics_count_versions_and_renders_by_format(reports: Reports, story: dict[str, Any]) -> None:
    text = (await reports.http.get("/metrics")).text
    assert any(line.startswith("anushravan_reports_versions_total ") for line in text.splitlines())
    assert 'anushravan_reports_renders_total{format="md"}' in text
    assert 'anushravan_reports_renders_total{format="json"}' in text


async def test_a_catalogue_change_reaches_the_open_draft_but_not_the_final_minutes(
    reports: Reports, story: dict[str, Any],
) -> None:
    officer = {"hi": "मुख्य चिकित्सा अधिकारी (नोडल)", "en": "Chief Medical Officer (Nodal)"}
    await publish_catalog(reports.bootstrap, [JSY.model_copy(update={"officer": Names(**officer)})])

    async def renamed() -> bool:
        doc = await reports.minutes("2026-03")
        return any(i["officer"] == officer for s in (doc or {}).get("sections", []) for i in s["items"])

    await eventually(renamed, what="the new officer in the March draft")
    february_final = await reports.minutes("2026-02") or {}
    [jsy] = [i for s in february_final["sections"] for i in s["items"] if i["scheme"] == "jsy"]
    assert (february_final["status"], jsy["officer"]["en"]) == ("final", "Chief Medical Officer")
