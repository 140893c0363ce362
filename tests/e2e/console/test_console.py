"""The Command Centre console end to end, part 1: `anushravan demo --months 2 --keep` plays two
months through the real stack (Tansu, nx-27017, ingest, scoring, alerts, reports and the
console; tests/e2e/console/conftest.py); then people log in over HTTP and in headless Chromium,
as the issue's proof lists."""

from __future__ import annotations

import asyncio
import html
import re
from typing import Any

import httpx
import pytest

from anushravan.live.browser import log_in
from tests.e2e.console_support import (
    FOCUS,
    OTHER,
    PASSWORD,
    ROOT,
    SCREENSHOTS,
    ConsoleStack,
    eventually,
    need_browser,
    no_serious_violations,
    screenshot,
)
from tests.support.kafka import event_bytes, produce

OPEN_PERIOD = "2026-01"  # before the two months the demo plays and freezes: still open


# ---- in the browser ---------------------------------------------------------------------------

def test_the_overview_shows_the_75_districts_on_the_map_and_in_the_ranking(stack: ConsoleStack, browser: Any) -> None:
    browser.get(f"{stack.url}/")
    assert len(browser.find_elements("css selector", "svg.state-map a.district path")) == 75
    assert len(browser.find_elements("css selector", "table#ranking tbody tr")) == 75
    assert len(browser.find_elements("css selector", "table#heatmap tbody tr")) == 75
    assert browser.find_element("css selector", "html").get_attribute("lang") == "hi"
    no_serious_violations(browser)


def test_switching_to_english_is_remembered_for_the_user(stack: ConsoleStack, browser: Any) -> None:
    browser.get(f"{stack.url}/")
    browser.find_element("css selector", "button.lang-toggle").click()
    eventually(lambda: browser.find_element("css selector", "html").get_attribute("lang") == "en", 10, "English")
    browser.get(f"{stack.url}/")  # no ?lang: the choice was stored
    assert browser.find_element("css selector", "h1").text == "The state at a glance"
    screenshot(browser, "console-overview")


def test_a_district_page_draws_its_chart_and_opens_its_minutes(stack: ConsoleStack, browser: Any) -> None:
    browser.get(f"{stack.url}/")
    browser.find_element("css selector", f"table#ranking tr[data-district='{FOCUS}'] a").click()
    eventually(lambda: f"/districts/{FOCUS}" in browser.current_url, 10, "the district page")
    path = browser.find_element("css selector", "svg.line-chart path.series").get_attribute("d")
    assert path.startswith("M") and "L" in path  # two months drawn
    assert len(browser.find_elements("css selector", "#rank-chart-t")) == 1
    no_serious_violations(browser)
    screenshot(browser, "console-district")
    pdf = browser.find_element("css selector", "a[data-document='minutes-hi-pdf']").get_attribute("href")
    opened = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(async r => done([r.status, r.headers.get('content-type'),"
        " new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5))]));", pdf)
    assert opened == [200, "application/pdf", "%PDF-"]
    browser.find_element("css selector", "a[data-document='minutes-en-html']").click()
    assert "Kanpur Nagar" in eventually(lambda: browser.page_source if "Kanpur Nagar" in browser.page_source else "",
                                         20, "the minutes in English")


def test_a_scheme_page_ranks_every_district_with_thresholds(stack: ConsoleStack, browser: Any) -> None:
    browser.get(f"{stack.url}/schemes/jsy")
    assert len(browser.find_elements("css selector", "table#scheme-ranking tbody tr")) == 75
    assert browser.find_elements("css selector", "svg.bar-chart line.threshold")
    no_serious_violations(browser)


def submission(district: str, paid: int, revision: int) -> tuple[str, bytes]:
    data = {"submission_id": f"console-e2e-{district}-r{revision}", "scheme": "jsy", "district": district,
            "period": OPEN_PERIOD, "revision": revision,
            "values": {"beneficiaries_paid": paid, "institutional_deliveries": 1000}}
    return "jsy", event_bytes("progress.submitted.v1", data, source="portal/medical-health")


def ranked(stack: ConsoleStack, district: str) -> int | None:
    answer = httpx.get(f"{stack.scoring}/v1/composite/{OPEN_PERIOD}",
                       headers={"Authorization": f"Bearer {stack.viewer_key}"}, timeout=10)
    rows = answer.json().get("ranks", []) if answer.status_code == 200 else []
    return next((r["rank"] for r in rows if r["district"] == district), None)


def test_a_rank_change_published_on_kafka_reaches_an_open_overview_without_reload(
        stack: ConsoleStack, browser: Any) -> None:
    asyncio.run(produce(stack.kafka, "progress.submitted",
                        [submission(OTHER, 900, 1), submission("lucknow", 700, 1), submission(FOCUS, 300, 1)]))
    eventually(lambda: ranked(stack, FOCUS) == 3, 60, "the first ranking of the open period")
    browser.get(f"{stack.url}/?period={OPEN_PERIOD}")
    row = f"table#ranking tr[data-district='{FOCUS}'] td"
    assert browser.find_element("css selector", row).text == "3"
    browser.execute_script("window.notReloaded = true;")
    asyncio.run(produce(stack.kafka, "progress.submitted", [submission(FOCUS, 1000, 2)]))
    eventually(lambda: browser.find_element("css selector", row).text == "1", 30, "the new rank on the open page")
    assert browser.execute_script("return window.notReloaded === true;")


def test_logging_out_ends_the_session_and_a_district_user_is_kept_to_its_district(
        stack: ConsoleStack, browser: Any) -> None:
    browser.get(f"{stack.url}/")
    browser.find_element("css selector", "button.logout").click()
    eventually(lambda: "/login" in browser.current_url, 10, "the login page")
    browser.get(f"{stack.url}/")
    assert "/login" in browser.current_url
    log_in(browser, stack.url, "dm-agra", PASSWORD)
    browser.get(f"{stack.url}/districts/{FOCUS}")
    assert browser.find_element("css selector", "h1").text.startswith("403")
    assert "आगरा" in browser.find_element("css selector", "p.notice").text or OTHER in browser.page_source
    no_serious_violations(browser)
    browser.get(f"{stack.url}/districts/{OTHER}")
    assert browser.find_elements("css selector", "svg.line-chart")


# ---- over HTTP ---------------------------------------------------------------------------------

def test_the_console_serves_health_readiness_and_metrics(stack: ConsoleStack) -> None:
    with stack.client() as client:
        assert client.get("/healthz").json()["service"] == "console"
        ready = client.get("/readyz").json()
        assert ready["status"] == "ready" and {"database", "broker", "scoring", "reports"} <= ready["checks"].keys()
        assert "anushravan_console_logins_total" in client.get("/metrics").text


def test_forms_without_their_csrf_token_are_refused_and_logged(stack: ConsoleStack) -> None:
    since = len(stack.log.read_text(encoding="utf-8").splitlines())
    with stack.client() as client:
        refused = client.post("/login", data={"username": stack.user, "password": stack.password})
        assert refused.status_code == 403 and "anushravan_session" not in refused.cookies
        assert stack.login(client, stack.user, stack.password).status_code == 303
        assert client.post("/logout", data={}).status_code == 403
        assert client.post("/logout", data={"csrf": "forged-token-forged-token"}).status_code == 403
        assert client.get("/").status_code == 200  # still logged in
    reasons = [line.get("reason") for line in stack.log_lines(since) if line.get("message") == "request refused"]
    assert reasons.count("csrf") >= 3


@pytest.mark.parametrize("cookie", ["x" * 43, "not a session; drop table", "é" * 30, ""])
def test_a_tampered_session_cookie_is_refused_never_a_500(stack: ConsoleStack, cookie: str) -> None:
    with stack.client() as client:
        answer = client.get("/districts/agra", headers={"Cookie": f"anushravan_session={cookie}".encode()})
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=%2Fdistricts%2Fagra")


@pytest.mark.parametrize(("path", "named"), [
    ("/districts/atlantis", "atlantis"), ("/schemes/no-such-scheme", "no-such-scheme"),
    ("/?period=2019-01", "2019-01"), ("/?period=garbage", "garbage"), ("/no/such/page", "/no/such/page"),
    ("/districts/agra?scheme=nothing", "nothing")])
def test_unknown_districts_schemes_and_periods_get_a_404_page_naming_them(
        stack: ConsoleStack, path: str, named: str) -> None:
    with stack.client() as client:
        stack.login(client, stack.user, stack.password)
        answer = client.get(path)
        assert answer.status_code == 404 and f"'{named}'" in html.unescape(answer.text) and "<html" in answer.text


def test_a_district_user_is_refused_other_districts_and_their_documents(stack: ConsoleStack) -> None:
    with stack.client() as client:
        assert stack.login(client, "dm-agra", PASSWORD).status_code == 303
        assert client.get("/").status_code == 200
        assert client.get(f"/districts/{FOCUS}").status_code == 403
        assert client.get(f"/districts/{FOCUS}/documents/minutes?lang=hi&format=html").status_code == 403
        own = client.get(f"/districts/{OTHER}/documents/booklet?lang=en&format=html")
        assert own.status_code == 200 and "Agra" in own.text


def test_a_department_user_sees_only_its_departments_schemes(stack: ConsoleStack) -> None:
    with stack.client() as client:
        assert stack.login(client, "nodal-sw", PASSWORD).status_code == 303
        assert client.get("/schemes/jsy").status_code == 403
        assert client.get("/schemes/sc-postmatric-scholarship").status_code == 200
        page = client.get(f"/districts/{FOCUS}?lang=en").text
        assert "Social Welfare" in page and "Janani Suraksha Yojana" not in page
        assert client.get(f"/districts/{FOCUS}/documents/minutes").status_code == 403


def test_failed_logins_lock_the_name_out_even_with_the_right_password(stack: ConsoleStack) -> None:
    with stack.client() as client:
        for _ in range(5):
            assert stack.login(client, "locked-out", "wrong password!").status_code == 401
        locked = stack.login(client, "locked-out", PASSWORD)
        assert locked.status_code == 429 and "anushravan_session" not in locked.cookies
        assert stack.login(client, "dm-agra", PASSWORD).status_code == 303  # others are not locked out


def test_scoring_serves_the_dashboard_reads_the_console_uses(stack: ConsoleStack) -> None:
    headers = {"Authorization": f"Bearer {stack.viewer_key}"}
    with httpx.Client(base_url=stack.scoring, headers=headers, timeout=30) as scoring:
        periods = scoring.get("/v1/periods").json()
        assert periods["latest"] == "2026-03" and {"2026-02", "2026-03"} <= {p["period"] for p in periods["periods"]}
        card = scoring.get("/v1/scorecard/2026-03").json()
        assert len(card["districts"]) == 75 and card["districts"][FOCUS]
        months = scoring.get(f"/v1/history/{FOCUS}/2025-26").json()["months"]
        assert [m["period"] for m in months][-2:] == ["2026-02", "2026-03"] and all(m["final"] for m in months[-2:])
        assert scoring.get(f"/v1/history/{FOCUS}/2025-26/jsy").json()["months"]
        assert scoring.get("/v1/history/atlantis/2025-26").status_code == 404
        assert scoring.get("/v1/scorecard/2019-01").status_code == 404


def test_the_demo_wrote_the_console_screenshots_and_named_its_address(stack: ConsoleStack) -> None:
    assert re.search(r"Console: http://127\.0\.0\.1:\d+ — user command-centre, password \S+", stack.output)
    need_browser()
    for name in ("console-overview.png", f"console-district-{FOCUS}.png"):
        assert (stack.out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_screenshots_are_committed_where_the_readme_shows_them() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in re.findall(r"docs/screenshots/([\w-]+\.png)", readme):
        assert (SCREENSHOTS / name).exists(), name
    assert "docs/screenshots/console-overview.png" in readme
