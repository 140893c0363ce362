"""Hostile input through the whole pipeline (ingest → scoring → alerts, reports), on real
servers: what is accepted is scored, a period that is no period is refused at every door, one
unencodable line refuses only itself, two departments may use one submission id, a lower
revision is told it is superseded, and a directive cannot forge Markdown structure."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt

from shared.events.ingest import PROGRESS_REJECTED
from shared.submission_rules import MAX_VALUE
from shared.topics import PERIODS_EVENTS, PROGRESS_SUBMITTED, dlq
from tests.integration.hostile_stack import PERIOD, Stack, catalogue, hostile_stack
from tests.integration.reports.reports_service import eventually
from tests.support.kafka import TopicReader, event_bytes, produce
from tests.support.servers import ROOT

SCHEMES = catalogue()
SCHOLARSHIP, JSY, MGNREGA = SCHEMES["sc-postmatric-scholarship"], SCHEMES["jsy"], SCHEMES["mgnrega"]


@pytest.fixture(scope="module")
async def stack(mongo_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:
    async with hostile_stack(tmp_path_factory.mktemp("hostile-input"), mongo_url, "hostile_input") as live:
        yield live


def submission(scheme_id: str, sid: str, district: str, value: float = 100.0, **changes: Any) -> dict[str, Any]:
    scheme = SCHEMES[scheme_id]
    return {"submission_id": sid, "scheme": scheme_id, "district": district, "period": PERIOD,
            "values": {f: value for f in scheme.input_fields}, **changes}


def ndjson(*docs: dict[str, Any] | str) -> bytes:
    return b"".join((d if isinstance(d, str) else json.dumps(d)).encode() + b"\n" for d in docs)


async def scores(stack: Stack, district: str) -> dict[str, dict[str, Any]]:
    answer = await stack.call("scoring", "GET", f"/v1/districts/{district}/{PERIOD}", key="viewer")
    return {s["scheme"]: s for s in answer.json()["schemes"]} if answer.status_code == 200 else {}


def codes(answer: Any) -> set[tuple[str, str]]:
    return {(e["field"], e["code"]) for e in answer.json()["errors"]}


async def test_figures_at_the_bound_are_accepted_and_scored_and_beyond_it_refused(stack: Stack) -> None:
    at_bound = submission(SCHOLARSHIP.id, "bound-1", "agra", MAX_VALUE)
    accepted = await stack.call("ingest", "POST", "/v1/submissions", "social-welfare", at_bound)
    assert accepted.status_code == 202, accepted.text
    beyond = await stack.call("ingest", "POST", "/v1/submissions", "social-welfare",
                              submission(SCHOLARSHIP.id, "bound-2", "aligarh", 1e308))
    assert beyond.status_code == 422 and ("values.pending_pfms", "too_large") in codes(beyond)

    scored = await eventually(lambda: scores(stack, "agra"), what="the bound's score")
    assert scored[SCHOLARSHIP.id]["submission_id"] == "bound-1"
    assert scored[SCHOLARSHIP.id]["status"] in ("scored", "quarantined")
    assert await stack.metric("scoring", "anushravan_scoring_dead_letters_total") == 0


async def test_one_line_that_cannot_be_encoded_refuses_only_itself(stack: Stack) -> None:
    lone = '{"submission_id": "enc-2", "scheme": "jsy", "district": "bareilly", "period": "2026-03", ' \
           '"values": {"beneficiaries_paid": 1, "institutional_deliveries": 2}, "submitted_by": "\\ud800"}'
    body = ndjson(submission(JSY.id, "enc-1", "bareilly"), lone, submission(JSY.id, "enc-3", "banda"))
    answer = await stack.call("ingest", "POST", "/v1/submissions:batch", "medical-health", body, "application/x-ndjson")
    assert answer.status_code == 200, answer.text
    assert answer.json()["accepted"] == 2
    [refused] = answer.json()["rejected"]
    assert (refused["line"], [(e["field"], e["code"]) for e in refused["errors"]]) == (
        2, [("submitted_by", "unencodable_text")])

    single = await stack.call("ingest", "POST", "/v1/submissions", "medical-health",
                              b'{"submission_id": "\\ud800", "scheme": "jsy", "district": "banda", "period": "2026-03",'
                              b' "values": {"beneficiaries_paid": 1, "institutional_deliveries": 2}}')
    assert single.status_code == 422 and codes(single) == {("submission_id", "unencodable_text")}


async def test_two_departments_may_use_one_submission_id_and_learn_nothing_of_each_other(stack: Stack) -> None:
    ours = await stack.call("ingest", "POST", "/v1/submissions", "social-welfare",
                            submission(SCHOLARSHIP.id, "shared-1", "kanpur-dehat"))
    theirs = await stack.call("ingest", "POST", "/v1/submissions", "medical-health",
                              submission(JSY.id, "shared-1", "kanpur-dehat"))
    assert (ours.status_code, theirs.status_code) == (202, 202)
    assert theirs.json()["status"] == "accepted" and theirs.json()["receipt"]["first_received_at"] is None
    # A portal publishing straight to Kafka is kept apart just the same.
    direct = submission(MGNREGA.id, "shared-1", "kanpur-dehat", timely_payment_percent=90)
    direct["values"]["timely_payment_percent"] = 90.0
    await produce(stack.kafka, PROGRESS_SUBMITTED, [(MGNREGA.id, event_bytes("progress.submitted.v1", direct))])

    async def all_three() -> dict[str, dict[str, Any]] | None:
        found = await scores(stack, "kanpur-dehat")
        return found if {SCHOLARSHIP.id, JSY.id, MGNREGA.id} <= set(found) else None

    found = await eventually(all_three, what="three departments' submissions under one id")
    assert {found[s]["submission_id"] for s in (SCHOLARSHIP.id, JSY.id, MGNREGA.id)} == {"shared-1"}
    again = await stack.call("ingest", "POST", "/v1/submissions", "social-welfare",
                             submission(SCHOLARSHIP.id, "shared-1", "kanpur-dehat", 7.0))
    assert again.status_code == 409 and codes(again) == {("submission_id", "submission_conflict")}
    assert "medical" not in again.text and "jsy" not in again.text


async def test_a_lower_revision_after_a_higher_one_is_answered_as_superseded(stack: Stack) -> None:
    higher = await stack.call("ingest", "POST", "/v1/submissions", "medical-health",
                              submission(JSY.id, "rev-b", "agra", revision=2))
    assert higher.json()["receipt"]["superseded_by_revision"] is None
    lower = await stack.call("ingest", "POST", "/v1/submissions", "medical-health",
                             submission(JSY.id, "rev-a", "agra", revision=1))
    assert lower.status_code == 202 and lower.json()["receipt"]["superseded_by_revision"] == 2
    assert lower.json()["receipt"]["next"].startswith("superseded") and "queued for scoring:" not in lower.text
    batch = await stack.call("ingest", "POST", "/v1/submissions:batch", "medical-health",
                             ndjson(submission(JSY.id, "rev-d", "agra", revision=1),
                                    submission(JSY.id, "rev-c", "agra", revision=3)), "application/x-ndjson")
    assert [(s["line"], s["superseded_by_revision"]) for s in batch.json()["superseded"]] == [(1, 3)]


PERIODS = ["0000-01", "2018-03", "٢٠٢٦-03", "2026-04", "2026-3"]


@pytest.mark.parametrize("period", PERIODS)
async def test_a_period_that_is_no_period_is_refused_at_every_http_door(stack: Stack, period: str) -> None:
    sent = await stack.call("ingest", "POST", "/v1/submissions", "medical-health",
                            submission(JSY.id, f"bad-period-{period}", "agra", period=period))
    assert sent.status_code == 422 and "period" in {f for f, _ in codes(sent)}
    batch = await stack.call("ingest", "POST", "/v1/submissions:batch", "medical-health",
                             ndjson(submission(JSY.id, f"bad-line-{period}", "agra", period=period)),
                             "application/x-ndjson")
    assert [e["field"] for e in batch.json()["rejected"][0]["errors"]] == ["period"]
    for service, path in [("scoring", f"/v1/composite/{period}"), ("scoring", f"/v1/rankings/jsy/{period}"),
                          ("scoring", f"/v1/districts/agra/{period}/explain"),
                          ("reports", f"/v1/minutes/agra/{period}"), ("reports", f"/v1/booklet/agra/{period}"),
                          ("alerts", f"/v1/digest/agra/{period}")]:
        answer = await stack.call(service, "GET", path, key="viewer")
        assert (answer.status_code, [e["field"] for e in answer.json()["errors"]]) == (422, ["path.period"]), path
    listed = await stack.call("alerts", "GET", "/v1/alerts", key="viewer", period=period)
    assert listed.status_code == 422


async def test_a_period_that_is_no_period_is_refused_on_kafka_and_on_the_command_line(stack: Stack) -> None:
    direct = submission(JSY.id, "kafka-0000", "agra", period="0000-01")
    await produce(stack.kafka, PROGRESS_SUBMITTED, [(JSY.id, event_bytes("progress.submitted.v1", direct))])
    await produce(stack.kafka, PERIODS_EVENTS, [("0000-01", event_bytes("period.frozen.v1", {"period": "0000-01"})),
                                                ("0000-01", event_bytes("period.deadline_passed.v1",
                                                                        {"period": "0000-01"}))])
    async with TopicReader(stack.kafka, "progress.rejected", dlq(PERIODS_EVENTS)) as reader:
        def refused(r: TopicReader) -> bool:
            return any(e["data"]["submission_id"] == "kafka-0000" for e in r.events(PROGRESS_REJECTED))

        def dead_letters(r: TopicReader) -> set[str]:
            return {dict(rec.headers)["x-consumer-group"].decode() for rec in r.records
                    if rec.topic == dlq(PERIODS_EVENTS)}

        await reader.wait_for(lambda r: refused(r) and len(dead_letters(r)) >= 4, 60, "refusals and dead letters")
        [event] = [e for e in reader.events(PROGRESS_REJECTED) if e["data"]["submission_id"] == "kafka-0000"]
        assert [r["code"] for r in event["data"]["reasons"]] == ["period_before_first_year"]
        # The freeze is refused by every consumer that acts on it, the deadline by alerts.
        assert dead_letters(reader) == {"ingest", "scoring", "reports", "alerts-rankings"}
    alerts = (await stack.call("alerts", "GET", "/v1/alerts", key="viewer", limit=1000)).json()
    assert not [a for a in alerts if a["period"] == "0000-01"]

    for period in ("0000-01", "٢٠٢٦-03", "2026-04"):
        cli = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "anushravan.cli", "period", "freeze",
                                                       period], cwd=ROOT, capture_output=True, text=True,
                                      env={**stack.env, "PATH": "/usr/bin:/bin"}, timeout=120)
        assert cli.returncode == 2 and "period" in cli.stderr.lower(), cli.stderr


FORGERY = ("Report by Friday\n# Forged heading\n[click here](http://evil.example) <img src=x onerror=alert(1)>\n"
           "- a bullet\n| a | b |\n|---|---|\n**bold**")


async def test_a_directive_with_markdown_structure_stays_text_in_the_minutes(stack: Stack) -> None:
    half_pending = submission(SCHOLARSHIP.id, "md-1", "banda", 0.0)
    half_pending["values"] = {**half_pending["values"], "applications_received": 100.0, "pending_pfms": 50.0}
    assert (await stack.call("ingest", "POST", "/v1/submissions", "social-welfare", half_pending)).status_code == 202

    async def drafted() -> list[dict[str, Any]]:
        answer = await stack.call("reports", "GET", f"/v1/minutes/banda/{PERIOD}", key="viewer", format="json")
        sections = answer.json()["sections"] if answer.status_code == 200 else []
        return [i for s in sections for i in s["items"] if i["scheme"] == SCHOLARSHIP.id]

    [item] = await eventually(drafted, 90, "the scholarship in the minutes of Banda")
    put = await stack.call("reports", "PUT", f"/v1/minutes/banda/{PERIOD}/directives", "admin",
                           {item["item_id"]: FORGERY})
    assert put.status_code == 200, put.text
    markdown = await stack.call("reports", "GET", f"/v1/minutes/banda/{PERIOD}", key="viewer", format="md", lang="en")
    tokens = MarkdownIt("commonmark").enable(["table"]).parse(markdown.text)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or ()}
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert not [h for h in headings if "Forged" in h]
    assert not kinds & {"link_open", "image", "html_inline", "html_block", "table_open", "bullet_list_open"}
    visible = "".join(c.content for t in tokens for c in t.children or () if c.type == "text")
    assert "# Forged heading [click here](http://evil.example) <img src=x onerror=alert(1)>" in visible
    assert "**bold**" in visible
    disposition = markdown.headers["content-disposition"]
    version = put.json()["version"]
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"minutes-banda-{PERIOD}-v{version}-en.md"
