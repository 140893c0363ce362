"""The README's quick start, followed from a clean copy of the repository: its commands, as they
stand in the README (between the `quickstart` markers), run by bash in a directory holding only
the tracked files — `make install` builds the virtual environment there, `anushravan up` starts
a stack, and the block ends with `anushravan down`.

The only difference from a reader's shell is ANUSHRAVAN_STACK_FREE_PORTS=true, so that the test
runs beside other stacks (a reader's stack takes ports 8001–8004)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"<!-- quickstart -->\s*```bash\n(.*?)```\s*<!-- /quickstart -->", re.S)


def quick_start(readme: Path) -> str:
    found = BLOCK.search(readme.read_text(encoding="utf-8"))
    assert found, "README.md has no quick start between <!-- quickstart --> markers"
    return found.group(1)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tracked files, as a clone has them (no .venv, no state, no outputs)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("the quick start test copies the tracked files of a git checkout; git or .git is missing")
    target = tmp_path_factory.mktemp("clone") / "anushravan"
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    try:
        yield target
    finally:
        if (target / ".venv" / "bin" / "anushravan").exists():  # a block that failed half-way
            subprocess.run([str(target / ".venv" / "bin" / "anushravan"), "down"], cwd=target, timeout=120,
                           check=False, capture_output=True)


def test_the_quick_start_runs_as_written_from_a_clean_clone(clone: Path) -> None:
    script = quick_start(clone / "README.md")
    assert script.splitlines()[0].startswith("make install")
    env = {k: v for k, v in os.environ.items()
           if k not in ("KAFKA_BOOTSTRAP_SERVERS", "MONGODB_URL", "ANUSHRAVAN_API_KEYS_FILE", "ANUSHRAVAN_API_KEY",
                        "ANUSHRAVAN_STATE_DIR", "VIRTUAL_ENV")}
    env.update({"ANUSHRAVAN_STACK_FREE_PORTS": "true", "COLUMNS": "200"})
    run = subprocess.run(["bash", "-eu", "-c", script], cwd=clone, env=env, capture_output=True, text=True,
                         timeout=1800, check=False)
    out = run.stdout
    assert run.returncode == 0, f"quick start failed:\n{out[-5000:]}\n{run.stderr[-5000:]}"
    assert "Composite ranking 2026-03 (final" in " ".join(out.split())
    assert "Kanpur Nagar" in out and (clone / "kanpur-nagar.md").stat().st_size > 2000
    assert any(s["id"] == "old-age-pension" for s in json.loads((clone / "schemes.json").read_text()))
    outcome = json.loads(out.strip().splitlines()[-2])  # the last curl, before 'down' says what it stopped
    assert outcome["submission_id"] == "my-portal-1" and outcome["status"] == "scored" and outcome["grade"]
    assert "Stopped:" in out.splitlines()[-1]
