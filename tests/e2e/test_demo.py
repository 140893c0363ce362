"""`anushravan demo` in reduced size, as a new user runs it: a clean state directory, the
embedded stack, real processes. Then `anushravan watch` reads the alerts it produced."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from shared.numbers import ordinal

ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2026-03"
HINDI_NAME = "कानपुर नगर"


@dataclass
class DemoRun:
    output: str
    out: Path
    composite: dict[str, object]
    watched: str


def cli(args: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "anushravan.cli", *args], cwd=ROOT, env=env, timeout=timeout,
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRun]:
    base = tmp_path_factory.mktemp("demo")
    env = {k: v for k, v in os.environ.items()
           if k not in ("KAFKA_BOOTSTRAP_SERVERS", "MONGODB_URL", "ANUSHRAVAN_API_KEYS_FILE")}
    env.update({"ANUSHRAVAN_STATE_DIR": str(base / "state"), "COLUMNS": "220", "PYTHONUNBUFFERED": "1",
                "ANUSHRAVAN_STACK_FREE_PORTS": "true"})
    try:
        run = cli(["demo", "--months", "2", "--keep", "--out", str(base / "out")], env, timeout=900)
        assert run.returncode == 0, f"demo failed:\n{run.stdout[-6000:]}\n{run.stderr[-3000:]}"
        state = json.loads((base / "state" / "stack.json").read_text(encoding="utf-8"))
        response = httpx.get(f"{state['services']['scoring']['url']}/v1/composite/{PERIOD}",
                             headers={"Authorization": f"Bearer {state['secrets']['viewer']}"}, timeout=10)
        watched = cli(["watch", "--from-beginning", "--idle-exit", "3", "--bootstrap", state["kafka"]], env, 90)
        yield DemoRun(run.stdout, base / "out", response.json(), watched.stdout)
    finally:
        cli(["down"], env, timeout=120)


def kanpur_rank(run: DemoRun) -> int:
    ranks = run.composite["ranks"]
    assert isinstance(ranks, list)
    return next(int(r["rank"]) for r in ranks if r["district"] == "kanpur-nagar")


def test_the_demo_shows_the_command_centre_feed_with_alerts(demo: DemoRun) -> None:
    found = re.search(rf"(\d+) alerts for {PERIOD}", demo.output)
    assert found and int(found.group(1)) > 0, demo.output[-4000:]
    assert "Command Centre: alerts by district and severity" in demo.output


def test_the_demo_shows_the_composite_ranking_and_why_a_district_fell(demo: DemoRun) -> None:
    assert f"Composite ranking {PERIOD} (final" in demo.output
    assert "fall furthest" in demo.output and "each scheme's share" in demo.output


def test_the_final_composite_ranks_every_district(demo: DemoRun) -> None:
    assert demo.composite["final"] is True
    assert demo.composite["of"] == 75


@pytest.mark.parametrize("lang", ["hi", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_kanpur_nagar_minutes_name_the_district_and_its_composite_rank(demo: DemoRun, lang: str,
                                                                         fmt: str) -> None:
    text = (demo.out / f"minutes-kanpur-nagar-{PERIOD}.{lang}.{fmt}").read_text(encoding="utf-8")
    assert len(text) > 2000
    assert (HINDI_NAME if lang == "hi" else "Kanpur Nagar") in text
    # The composite rank as the minutes write it ("49वीं", "49th"); a bare \b49\b would also
    # match a figure, and \b does not separate a digit from a Devanagari letter.
    assert ordinal(kanpur_rank(demo), "hi" if lang == "hi" else "en") in text


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_the_monitoring_booklet_lists_the_schemes(demo: DemoRun, lang: str) -> None:
    text = (demo.out / f"booklet-kanpur-nagar-{PERIOD}.{lang}.html").read_text(encoding="utf-8")
    assert len(text) > 5000
    assert (HINDI_NAME if lang == "hi" else "Kanpur Nagar") in text
    assert ("अनुसूचित जाति दशमोत्तर छात्रवृत्ति" if lang == "hi" else "Post-matric Scholarship") in text


@pytest.mark.parametrize("name", ["minutes-kanpur-nagar-2026-03.hi.pdf", "booklet-kanpur-nagar-2026-03.en.pdf"])
def test_a_pdf_is_written_or_the_reason_is_printed(demo: DemoRun, name: str) -> None:
    path = demo.out / name
    if path.exists():
        assert path.read_bytes()[:5] == b"%PDF-" and path.stat().st_size > 10_000
    else:
        assert f"Not written: {name}" in demo.output


def test_watch_shows_the_alerts_with_running_counts(demo: DemoRun) -> None:
    assert re.search(r"^(CRITICAL|WARNING)\s", demo.watched, re.MULTILINE), demo.watched[-3000:]
    assert f"{HINDI_NAME} (Kanpur Nagar)" in demo.watched
    assert re.search(r"\d+ raised: \d+ critical", demo.watched)
