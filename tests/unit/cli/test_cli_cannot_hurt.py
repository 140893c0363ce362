"""A CLI that cannot hurt, through typer's runner: guarded periods, checked keys, whole messages,
the state directory named as it is, a running stack left alone, the environment in --help."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anushravan.cli import app, register_extensions
from anushravan.embedded import pid_alive
from anushravan.environment import VARIABLES
from shared.auth import load_keys

ROOT = Path(__file__).resolve().parents[3]
register_extensions()


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[tuple[CliRunner, dict[str, str | None]]]:
    env: dict[str, str | None] = {
        "ANUSHRAVAN_STATE_DIR": str(tmp_path / "state"), "ANUSHRAVAN_TODAY": "2026-12-04", "COLUMNS": "200",
        "KAFKA_BOOTSTRAP_SERVERS": None, "MONGODB_URL": None, "ANUSHRAVAN_API_KEYS_FILE": None}  # None: unset
    yield CliRunner(), env


def run(cli: tuple[CliRunner, dict[str, str | None]], *args: str) -> tuple[int, str]:
    runner, env = cli
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, " ".join(result.output.split())  # rich wraps; compare words


def test_help_lists_the_environment_variables_that_matter(cli: tuple[CliRunner, dict[str, str | None]]) -> None:
    code, out = run(cli, "--help")
    assert code == 0
    assert [name for name, _ in VARIABLES if name not in out] == []
    assert "<state dir>/api-keys.yaml" in out  # markup-looking text printed whole


def test_the_readme_documents_every_variable_of_the_help() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name, _ in VARIABLES if f"`{name}`" not in readme] == []


def test_a_deadline_for_a_month_that_has_not_ended_is_refused_before_anything_is_sent(
    cli: tuple[CliRunner, dict[str, str | None]],
) -> None:
    code, out = run(cli, "period", "deadline", "2026-12")
    assert code == 2 and "2026-12 has not ended (today is 2026-12-04)" in out and "--force --reason" in out
    code, out = run(cli, "period", "freeze", "2026-12")
    assert code == 2 and "refusing the freeze" in out
    code, out = run(cli, "period", "deadline", "2026-12", "--force")
    assert code == 2 and "--force needs --reason" in out
    # A month that has not even begun is no period one may name (shared/periods.py), forced or not.
    code, out = run(cli, "period", "deadline", "2030-01", "--force", "--reason", "drill")
    assert code == 2 and "2030-01 has not begun" in out


def test_a_month_that_has_ended_passes_the_guard_and_then_needs_a_broker(cli: tuple[CliRunner, dict[str, str | None]],
                                                                         tmp_path: Path) -> None:
    code, out = run(cli, "period", "deadline", "2026-11")
    assert code == 2 and f"no stack in {tmp_path / 'state'}" in out


def test_a_misspelt_department_is_refused_with_the_nearest_ids_and_nothing_is_written(
    cli: tuple[CliRunner, dict[str, str | None]], tmp_path: Path,
) -> None:
    code, out = run(cli, "keys", "add", "--role", "submitter", "--department", "social_welfare", "--id", "p")
    assert code == 1 and "unknown department 'social_welfare'; did you mean 'social-welfare'" in out
    assert not (tmp_path / "state" / "api-keys.yaml").exists()


def test_keys_are_added_listed_and_revoked(cli: tuple[CliRunner, dict[str, str | None]], tmp_path: Path) -> None:
    code, out = run(cli, "keys", "add", "--role", "submitter", "--department", "social-welfare", "--id", "portal")
    assert code == 0 and "re-read the keys file" in out
    secret = re.search(r"anu_[\w-]+", out)
    path = tmp_path / "state" / "api-keys.yaml"
    assert secret and load_keys(path).authenticate(secret.group(0)) is not None
    code, out = run(cli, "keys", "list", "--json")
    assert code == 0 and json.loads(out)[0]["id"] == "portal" and secret.group(0) not in out
    code, out = run(cli, "keys", "revoke", "portl")
    assert code == 1 and "did you mean 'portal'" in out
    code, _ = run(cli, "keys", "revoke", "portal")
    assert code == 0 and load_keys(path).authenticate(secret.group(0)) is None


def test_a_message_holding_markup_like_text_prints_whole(cli: tuple[CliRunner, dict[str, str | None]]) -> None:
    code, out = run(cli, "keys", "add", "--role", "submitter", "--department", "[bold]x[/bold]^[a-z0-9]+$")
    assert code == 1 and "'[bold]x[/bold]^[a-z0-9]+$'" in out


def test_status_names_the_state_directory_it_looked_in(cli: tuple[CliRunner, dict[str, str | None]],
                                                       tmp_path: Path) -> None:
    code, out = run(cli, "status")
    assert code == 1 and str(tmp_path / "state") in out and ".anushravan/" not in out


@pytest.fixture
def running_stack(tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A stack.json whose processes are alive: one `sleep` of ours stands for every process."""
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    state = tmp_path / "state"
    state.mkdir()
    procs = {name: {"pid": sleeper.pid, "url": f"http://127.0.0.1:1/{name}"} for name in ("ingest", "scoring")}
    (state / "stack.json").write_text(json.dumps({"kafka": "127.0.0.1:1", "mongodb": "mongodb://127.0.0.1:1/",
                                                  "keys_file": str(state / "api-keys.yaml"), "secrets": {},
                                                  "embedded": {}, "services": procs}))
    try:
        yield sleeper
    finally:
        sleeper.kill()
        sleeper.wait()


def test_demo_and_up_leave_a_running_stack_alone(cli: tuple[CliRunner, dict[str, str | None]],
                                                 running_stack: subprocess.Popen[bytes], tmp_path: Path) -> None:
    code, out = run(cli, "demo", "--months", "2")
    assert code == 1 and "a stack is already running" in out and "leaves that one alone" in out
    code, out = run(cli, "up", "--detach")
    assert code == 1 and "a stack is already running" in out
    assert pid_alive(running_stack.pid) and (tmp_path / "state" / "stack.json").exists()
