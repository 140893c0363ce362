"""One stack for both console modules (part 1's pages, part 2's desks): `anushravan demo
--months 2 --keep` in a state directory of its own, with the people and keys the tests log in
and call with, and one headless Chromium. Package scope: it stops after the last console test
(tests/conftest.py keeps both modules on one worker, one after the other)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest

from anushravan.live.browser import chromium, log_in
from anushravan.live.screens import WIDE
from tests.e2e.console_support import FOCUS, OTHER, PASSWORD, ConsoleStack, cli, need_browser

# People of every role (the demo adds the state's `command-centre`), and a district's own key.
PEOPLE = (["dm-agra", "--role", "district", "--district", OTHER],
          ["dm-kanpur-nagar", "--role", "district", "--district", FOCUS],
          ["nodal-sw", "--role", "department", "--department", "social-welfare"],
          ["root", "--role", "admin"],
          ["locked-out", "--role", "state"])


@pytest.fixture(scope="package")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleStack]:
    base = tmp_path_factory.mktemp("console")
    env = {k: v for k, v in os.environ.items()
           if k not in ("KAFKA_BOOTSTRAP_SERVERS", "MONGODB_URL", "ANUSHRAVAN_API_KEYS_FILE", "ANUSHRAVAN_USERS_FILE")}
    env.update({"ANUSHRAVAN_STATE_DIR": str(base / "state"), "COLUMNS": "200", "PYTHONUNBUFFERED": "1",
                "ANUSHRAVAN_STACK_FREE_PORTS": "true"})
    try:
        run = cli(["demo", "--months", "2", "--keep", "--out", str(base / "out")], env, timeout=900)
        assert run.returncode == 0, f"demo failed:\n{run.stdout[-6000:]}\n{run.stderr[-3000:]}"
        state = json.loads((base / "state" / "stack.json").read_text(encoding="utf-8"))
        for args in PEOPLE:
            added = cli(["users", "add", *args, "--file", state["users_file"]], env, 60, stdin=PASSWORD + "\n")
            assert added.returncode == 0, added.stderr
        district_key = cli(["keys", "add", "--role", "district", "--district", FOCUS, "--id", "kanpur-systems",
                            "--quiet", "--file", state["keys_file"]], env, 60)
        assert district_key.returncode == 0, district_key.stderr
        state["secrets"]["district"] = district_key.stdout.strip()
        user, password = next(iter(state["logins"].items()))
        yield ConsoleStack(state["services"]["console"]["url"], state["kafka"], state["services"]["scoring"]["url"],
                           state["secrets"]["viewer"], user, password, base / "out", run.stdout,
                           base / "state" / "logs" / "console.log", env, state)
    finally:
        cli(["down"], env, timeout=120)


@pytest.fixture(scope="package")
def browser(stack: ConsoleStack) -> Iterator[Any]:
    need_browser()
    with chromium(WIDE, 1000) as driver:
        log_in(driver, stack.url, stack.user, stack.password)
        yield driver
