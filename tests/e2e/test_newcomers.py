"""What newcomers met, on a real stack: `anushravan up` (embedded Tansu and nx-27017, the four
services as processes), realistic months loaded with `simulate --send`, then the CLI and the
HTTP APIs as a portal developer, a Command Centre operator and a district's CDO use them."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from shared.events.envelope import encode, make_event
from shared.events.ingest import PROGRESS_SUBMITTED

ROOT = Path(__file__).resolve().parents[2]
LAST = "2026-03"  # the simulation's last month (DEFAULT_UNTIL), played and frozen
OPEN = "2026-04"  # a month that has ended and is not frozen


@dataclass
class Stack:
    env: dict[str, str]
    state_dir: Path
    tmp: Path

    def cli(self, *args: str, timeout: float = 300, check: bool = True) -> subprocess.CompletedProcess[str]:
        run = subprocess.run([sys.executable, "-m", "anushravan.cli", *args], cwd=ROOT, env=self.env,
                             capture_output=True, text=True, timeout=timeout, check=False)
        if check:
            assert run.returncode == 0, f"anushravan {' '.join(args)}:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
        return run

    def json(self, *args: str) -> Any:
        return json.loads(self.cli(*args, "--json").stdout)

    @property
    def state(self) -> dict[str, Any]:
        return json.loads((self.state_dir / "stack.json").read_text(encoding="utf-8"))

    def url(self, service: str) -> str:
        return str(self.state["services"][service]["url"])

    def get(self, service: str, path: str, key: str | None = None, **params: str) -> httpx.Response:
        secret = key or self.state["secrets"]["viewer"]
        return httpx.get(f"{self.url(service)}{path}", params=params, timeout=60,
                         headers={"Authorization": f"Bearer {secret}"})

    def send(self, service: str, method: str, path: str, body: Any, key: str | None = None) -> httpx.Response:
        secret = key or self.state["secrets"]["admin"]
        return httpx.request(method, f"{self.url(service)}{path}", json=body, timeout=60,
                             headers={"Authorization": f"Bearer {secret}"})


def words(text: str) -> str:
    return " ".join(text.split())


def eventually(check: Callable[[], Any], timeout: float = 30.0, every: float = 0.3) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(every)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("newcomers")
    env = {k: v for k, v in os.environ.items()
           if k not in ("KAFKA_BOOTSTRAP_SERVERS", "MONGODB_URL", "ANUSHRAVAN_API_KEYS_FILE", "ANUSHRAVAN_API_KEY")}
    env.update({"ANUSHRAVAN_STATE_DIR": str(tmp / "state"), "ANUSHRAVAN_STACK_FREE_PORTS": "true",
                "ANUSHRAVAN_TODAY": "2026-12-04", "COLUMNS": "200", "PYTHONUNBUFFERED": "1"})
    s = Stack(env, tmp / "state", tmp)
    try:
        s.cli("up", "--detach", timeout=180)
        s.cli("simulate", "--send", "--districts", "10", "--months", "2", timeout=600)
        yield s
    finally:
        s.cli("down", timeout=120, check=False)


def test_status_prints_every_address_and_where_the_keys_are(stack: Stack) -> None:
    out = words(stack.cli("status").stdout)
    for name in ("kafka", "mongodb", "ingest", "scoring", "alerts", "reports"):
        assert name in out
    for service in ("ingest", "scoring", "alerts", "reports"):
        assert stack.url(service) in out
    assert f"Keys file (SHA-256 only): {stack.state_dir / 'api-keys.yaml'}" in out
    assert str(stack.state_dir / "generated-keys.json") in out


def test_a_key_added_while_running_works_reads_the_catalogue_and_the_outcome_its_receipt_links_to(
    stack: Stack,
) -> None:
    secret = stack.cli("keys", "add", "--role", "submitter", "--department", "women-child-development",
                       "--id", "icds-portal", "--quiet").stdout.strip()
    catalogue = eventually(lambda: stack.get("scoring", "/v1/schemes", secret).status_code == 200, 10)
    assert catalogue, "the new key was not accepted without a restart"
    assert stack.get("scoring", "/v1/districts", secret).status_code == 200
    figures = {"submission_id": "icds-agra-2026-04", "scheme": "icds-nutrition", "district": "agra",
               "period": OPEN, "values": {"children_measured_percent": 848.49}}
    answer = stack.send("ingest", "POST", "/v1/submissions", figures, secret)
    assert answer.status_code == 202, answer.text
    outcome_path = answer.json()["receipt"]["outcome"]
    assert outcome_path == "/v1/submissions/icds-agra-2026-04" and outcome_path in answer.json()["receipt"]["next"]

    def quarantined() -> dict[str, Any] | None:
        found = stack.get("scoring", outcome_path, secret)
        return found.json() if found.status_code == 200 else None

    outcome = eventually(quarantined)
    assert outcome and outcome["status"] == "quarantined" and outcome["counts"] is True
    assert "848.49" in outcome["reasons"][0]["message"]
    scores = stack.get("scoring", outcome["scores"], secret)
    assert scores.status_code == 200
    assert {s["department"] for s in scores.json()["schemes"]} == {"women-child-development"}


def test_a_submitter_sees_only_its_departments_submissions(stack: Stack) -> None:
    secret = stack.cli("keys", "add", "--role", "submitter", "--department", "medical-health", "--id", "hmis",
                       "--quiet").stdout.strip()
    assert eventually(lambda: stack.get("scoring", "/v1/schemes", secret).status_code == 200, 10)
    theirs = stack.get("scoring", "/v1/submissions/icds-agra-2026-04", secret)
    assert theirs.status_code == 404 and "icds-agra" in theirs.text  # the same answer as for no submission
    assert stack.get("scoring", "/v1/submissions/icds-agra-2026-04").status_code == 200  # a viewer reads it
    assert stack.get("scoring", f"/v1/composite/{LAST}", secret).status_code == 403


def test_a_submission_scoring_refuses_is_answered_as_rejected_with_its_reasons(stack: Stack) -> None:
    figures = {"submission_id": "late-portal-1", "scheme": "jsy", "district": "agra", "period": LAST,
               "values": {"institutional_deliveries": 100, "beneficiaries_paid": 50}}

    async def publish() -> None:  # a portal publishing straight to Kafka, into a frozen month
        producer = AIOKafkaProducer(bootstrap_servers=stack.state["kafka"], acks="all")
        await producer.start()
        try:
            await producer.send_and_wait("progress.submitted", encode(make_event(PROGRESS_SUBMITTED, "portal/hmis",
                                                                                 figures)), key=b"jsy")
        finally:
            await producer.stop()

    asyncio.run(publish())
    found = eventually(lambda: stack.get("scoring", "/v1/submissions/late-portal-1").status_code == 200)
    assert found
    outcome = stack.get("scoring", "/v1/submissions/late-portal-1").json()
    assert outcome["status"] == "rejected" and outcome["reasons"][0]["code"] == "period_frozen"


def test_a_revoked_key_is_refused_without_a_restart(stack: Stack) -> None:
    secret = stack.cli("keys", "add", "--role", "viewer", "--id", "short-lived", "--quiet").stdout.strip()
    assert eventually(lambda: stack.get("scoring", "/v1/schemes", secret).status_code == 200, 10)
    stack.cli("keys", "revoke", "short-lived")
    assert eventually(lambda: stack.get("scoring", "/v1/schemes", secret).status_code == 401, 10)
    assert eventually(lambda: stack.get("alerts", "/v1/alerts", secret).status_code == 401, 10)


def test_rankings_carry_names_the_previous_rank_and_the_movement(stack: Stack) -> None:
    composite = stack.json("ranking")
    assert composite["period"] == LAST and composite["final"] is True and composite["previous"]["period"] == "2026-02"
    rows = {r["district"]: r for r in composite["ranks"]}
    assert rows["kanpur-nagar"]["name"] == {"hi": "कानपुर नगर", "en": "Kanpur Nagar"}
    assert all(r["previous_rank"] is not None for r in rows.values())
    assert sum(r["movement"]["places"] for r in rows.values()) == 0  # the same ten districts both months
    scheme = stack.json("ranking", "sc-postmatric-scholarship", "--period", LAST)
    assert scheme["scheme"] == "sc-postmatric-scholarship" and scheme["ranks"][0]["name"]["en"]
    table = words(stack.cli("ranking", "--top", "3").stdout)
    assert "Composite ranking 2026-03 (final" in table and "previous" in table and "movement" in table
    assert stack.get("scoring", "/v1/composite/latest").json() == stack.get("scoring", f"/v1/composite/{LAST}").json()


def test_explain_gives_the_rank_before_and_after_with_the_marks(stack: Stack) -> None:
    explained = stack.json("explain", "kanpur-nagar")
    assert explained["period"] == LAST and explained["previous_period"] == "2026-02"
    before, after = explained["rank"]["before"], explained["rank"]["after"]
    assert before["period"] == "2026-02" and after["period"] == LAST
    assert {"rank", "of", "marks"} <= before.keys() and after["of"] == 10
    assert after["marks"] == explained["after"] and before["marks"] == explained["before"]
    assert explained["schemes"][0]["name"]["en"]
    out = words(stack.cli("explain", "kanpur-nagar", LAST).stdout)
    assert f"composite {after['rank']} of 10 ({after['marks']} marks)" in out


def test_unknown_ids_are_answered_with_the_nearest_known_ones(stack: Stack) -> None:
    wrong = stack.cli("explain", "kanpur", check=False)
    assert wrong.returncode == 1 and "did you mean 'kanpur-dehat' or 'kanpur-nagar'" in words(wrong.stderr)
    scheme = stack.cli("ranking", "sc-postmatric", check=False)
    assert scheme.returncode == 1 and "did you mean 'sc-postmatric-scholarship'" in words(scheme.stderr)
    silence = stack.cli("silence", "add", "--district", "kanpur", "--for", "1d", "--comment", "x", check=False)
    assert silence.returncode == 2 and "did you mean" in silence.stderr


def test_late_figures_resolve_their_missed_deadline_alerts(stack: Stack) -> None:
    resolved = stack.json("alerts", "--type", "missed_deadline", "--status", "resolved", "--period", LAST)
    assert resolved, "the simulation's late department should have resolved its missed deadlines"
    for alert in resolved[:5]:
        scores = stack.get("scoring", f"/v1/districts/{alert['district']}/{LAST}").json()["schemes"]
        assert any(s["scheme"] == alert["scheme"] and s["status"] == "scored" for s in scores)


def test_a_deadline_of_a_month_that_has_not_ended_is_refused_forced_audited_and_acknowledged_in_bulk(
    stack: Stack,
) -> None:
    refused = stack.cli("period", "deadline", "2026-12", check=False)
    assert refused.returncode == 2 and "2026-12 has not ended" in words(refused.stderr)
    begun = stack.cli("period", "deadline", "2030-01", "--force", "--reason", "x", check=False)
    assert begun.returncode == 2 and "2030-01 has not begun" in words(begun.stderr)  # no period one may name
    assert stack.get("alerts", "/v1/alerts", period="2026-12").json() == []
    stack.cli("period", "deadline", "2026-12", "--force", "--reason", "drill of the deadline path",
              "--by", "cc-operator")
    [entry, *_] = stack.json("period", "history")
    assert (entry["action"], entry["period"], entry["forced"], entry["reason"], entry["by"], entry["status"]) == (
        "period.deadline", "2026-12", True, "drill of the deadline path", "cc-operator", "published")
    raised = eventually(lambda: len(stack.get("alerts", "/v1/alerts", period="2026-12", limit="1000").json()) >= 10)
    assert raised
    answer = stack.json("ack", "--type", "missed_deadline", "--period", "2026-12", "--note", "drill")
    assert answer["matched"] == answer["acknowledged"] > 0
    assert stack.get("alerts", "/v1/alerts", period="2026-12", status="open").json() == []


def test_the_final_copy_is_complete_and_its_pdfs_copy_out_intact(stack: Stack) -> None:
    stack.cli("meeting", "kanpur-nagar", LAST, "--letter-number", "102 / मा0मु0मं0समी0बै0कार्य / 2026-27",
              "--issue-date", "2026-04-23", "--absent", "जिला समाज कल्याण अधिकारी@social-welfare",
              "--present", "Chief Medical Officer@medical-health")
    items = stack.json("directives", "kanpur-nagar", LAST)
    first = items[0]
    stack.cli("directives", "kanpur-nagar", LAST, "--set", f"{first['scheme']}=कारण बताओ नोटिस जारी किया जाये।")
    stack.cli("finalize", "kanpur-nagar", LAST, "--yes")
    hindi = stack.cli("minutes", "kanpur-nagar", LAST).stdout
    assert "अन्तिम" in hindi and "……" not in hindi
    assert "पत्रांक 102 / मा0मु0मं0समी0बै0कार्य / 2026-27" in hindi and "दिनांक: 23 अप्रैल, 2026" in hindi
    assert "जिला समाज कल्याण अधिकारी बिना अवकाश स्वीकृत कराये अनुपस्थित पाये गये।" in hindi
    english = stack.cli("minutes", "kanpur-nagar", LAST, "--lang", "en").stdout
    assert "Directive (in Hindi): कारण बताओ नोटिस जारी किया जाये।" in english
    assert not re.search(r"\(score [\d.]+", english)
    again = stack.send("reports", "PUT", f"/v1/minutes/kanpur-nagar/{LAST}/meeting", {"letter_number": "103"})
    assert again.status_code == 409
    names = [(i.get("name") or {}) for i in stack.json("directives", "kanpur-nagar", LAST)]
    for lang, district in (("hi", "कानपुर नगर"), ("en", "Kanpur Nagar")):
        pdf = stack.tmp / f"minutes-{lang}.pdf"
        stack.cli("minutes", "kanpur-nagar", "latest", "--lang", lang, "--format", "pdf", "-o", str(pdf))
        copied = words(pdftotext(pdf))
        assert district in copied
        missing = [n[lang] for n in names if n and words(n[lang]) not in copied]
        assert missing == [], f"not copied out intact from the {lang} PDF: {missing}"


def test_the_booklet_command_writes_the_pdf(stack: Stack) -> None:
    target = stack.tmp / "booklet.pdf"
    stack.cli("booklet", "kanpur-nagar", "--lang", "en", "-o", str(target))
    assert target.read_bytes()[:5] == b"%PDF-" and "Kanpur Nagar" in pdftotext(target)


def test_up_again_keeps_the_keys_added_and_the_generated_secrets(stack: Stack) -> None:
    before = stack.state["secrets"]
    secret = stack.cli("keys", "add", "--role", "viewer", "--id", "kept", "--quiet").stdout.strip()
    stack.cli("down", timeout=120)
    stack.cli("up", "--detach", timeout=180)
    assert stack.state["secrets"] == before
    assert stack.get("scoring", "/v1/schemes", secret).status_code == 200
    assert "kept" in [k["id"] for k in stack.json("keys", "list")]


def pdftotext(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        message = "pdftotext (poppler-utils) is not installed: scripts/system-deps.sh installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return subprocess.run([tool, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True,
                          timeout=60).stdout
