"""The console's pages are for people: they authenticate with the session cookie, never a bearer
key — without a session a page sends the browser to the login form, and the form, its assets
and the operations endpoints answer anyone (the guard of shared/guard.py lets them through)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.console.main import create_app
from services.console.settings import ConsoleSettings


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    # No lifespan: nothing connects to the (unreachable) broker and database.
    settings = ConsoleSettings(KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:1", MONGODB_URL="mongodb://127.0.0.1:1")
    yield TestClient(create_app(settings), follow_redirects=False)


@pytest.mark.parametrize(("path", "status", "kind"), [
    ("/login", 200, "text/html"), ("/static/console.css", 200, "text/css"), ("/healthz", 200, "application/json"),
])
def test_the_login_form_its_assets_and_health_need_no_key(client: TestClient, path: str, status: int,
                                                          kind: str) -> None:
    answer = client.get(path)
    assert (answer.status_code, answer.headers["content-type"].split(";")[0]) == (status, kind), answer.text[:200]


@pytest.mark.parametrize("path", ["/", "/districts/kanpur-nagar", "/events"])
def test_a_page_without_a_session_sends_the_browser_to_the_login_form_not_a_bearer_refusal(
    client: TestClient, path: str,
) -> None:
    answer = client.get(path)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login"), (path, answer.text[:200])
    assert "www-authenticate" not in answer.headers
