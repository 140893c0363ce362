"""The console's end-to-end stack: `anushravan demo --months 2 --keep` in a state directory of
its own (real Tansu, nx-27017 and the five services), its logins, and headless Chromium."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from anushravan.live.browser import missing

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "a long test password"
FOCUS, OTHER = "kanpur-nagar", "agra"
SCREENSHOTS = ROOT / "docs" / "screenshots"


def cli(args: list[str], env: dict[str, str], timeout: float,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "anushravan.cli", *args], cwd=ROOT, env=env, timeout=timeout,
                          capture_output=True, text=True, check=False, input=stdin)


def need_browser() -> None:
    """Skip with the reason locally; under CI=true a missing browser or axe-core fails."""
    reason = missing() or (None if AXE.exists() else f"axe-core is not installed ({AXE}; run make browser-deps)")
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests need it under CI: {reason}")
        pytest.skip(reason)


@dataclass
class ConsoleStack:
    url: str
    kafka: str
    scoring: str
    viewer_key: str
    user: str
    password: str
    out: Path
    output: str
    log: Path
    env: dict[str, str]
    state: dict[str, Any] = field(default_factory=dict)  # stack.json, with the district key's secret

    def service(self, name: str) -> str:
        return str(self.state["services"][name]["url"])

    def api(self, name: str, key: str) -> httpx.Client:
        """A client of a service with one of the stack's keys (`admin`, `viewer`, `console`,
        `district`, `submitter:<department>`)."""
        return httpx.Client(base_url=self.service(name), timeout=60,
                            headers={"Authorization": f"Bearer {self.state['secrets'][key]}"})

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, follow_redirects=False)

    def login(self, client: httpx.Client, user: str, password: str) -> httpx.Response:
        """Log in as a browser would (form, CSRF cookie); the session cookie is returned in a header
        our client keeps itself (httpx does not send Secure cookies over plain http)."""
        form = client.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert token, form.text[:500]
        answer = client.post("/login", data={"username": user, "password": password, "csrf": token.group(1)},
                             headers={"Cookie": f"anushravan_login={form.cookies['anushravan_login']}"})
        if answer.status_code == 303:
            client.headers["Cookie"] = f"anushravan_session={answer.cookies['anushravan_session']}"
        return answer

    def log_lines(self, since: int = 0) -> list[dict[str, Any]]:
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()[since:]
        return [json.loads(line) for line in lines if line.startswith("{")]


def eventually(check: Callable[[], Any], timeout: float = 30.0, what: str = "it") -> Any:
    """`check()` once it is true. A page element read while the browser replaces the page is
    asked again, not failed (selenium's StaleElementReferenceException)."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = check()
        except (StaleElementReferenceException, NoSuchElementException):
            found = None
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    """Serious and critical violations of axe-core on the page shown."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e)}]));")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n.get("target") for n in v.get("nodes", [])][:3]}
            for v in result if v.get("impact") in ("serious", "critical")]


def no_serious_violations(driver: Any) -> None:
    violations = axe_violations(driver)
    assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)


def screenshot(driver: Any, name: str) -> None:
    """The page as shown, wide and on a 360-px phone, where the README shows it."""
    from anushravan.live.browser import full_page_screenshot
    from anushravan.live.screens import PHONE, WIDE

    full_page_screenshot(driver, SCREENSHOTS / f"{name}.png", WIDE)
    full_page_screenshot(driver, SCREENSHOTS / f"{name}-360.png", PHONE)
