"""The Command Centre console end to end, part 2: the alerts desk, the minutes workflow and the
department desk, on the stack of tests/e2e/console/conftest.py (real Tansu, nx-27017 and the
five services), in headless Chromium and over HTTP — with the role matrix, CSRF on every form,
axe-core on every new page and the screenshots the README shows."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from anushravan.live.browser import log_in
from shared.authority.table import COLUMNS, subjects
from tests.e2e.console_desks_support import alerts, jsy, periods, person, post, publish, token
from tests.e2e.console_support import (
    FOCUS,
    OTHER,
    PASSWORD,
    ConsoleStack,
    eventually,
    no_serious_violations,
    screenshot,
)
from tests.support.kafka import event_bytes

FEED_PERIOD, SILENCED_PERIOD = "2025-11", "2025-10"  # open months the demo leaves empty
MINUTES_PERIOD = "2026-03"  # the demo's last month: frozen, its drafts waiting for the meeting
LIVE = f"entered_grade_d:mainpuri:jsy:{FEED_PERIOD}:D"
MUTED = f"entered_grade_d:mainpuri:jsy:{SILENCED_PERIOD}:D"


def css(driver: Any, selector: str) -> list[Any]:
    return list(driver.find_elements("css selector", selector))


# ---- the alerts desk -------------------------------------------------------------------------

def test_an_alert_published_on_kafka_appears_in_the_open_feed_and_is_acknowledged_as_the_user(
        stack: ConsoleStack, browser: Any) -> None:
    log_in(browser, stack.url, stack.user, stack.password)  # the Command Centre (role state)
    publish(stack, jsy("etah", FEED_PERIOD, 990))  # scored: the month now has a ranking to show
    eventually(lambda: FEED_PERIOD in periods(stack), 60, "the month's first ranking")
    browser.get(f"{stack.url}/alerts?period={FEED_PERIOD}&lang=en")
    browser.execute_script("window.notReloaded = true;")
    published = time.monotonic()
    publish(stack, jsy("mainpuri", FEED_PERIOD, 40))  # grade D with no grade before: entered_grade_d
    item = f"li[data-alert='{LIVE}']"
    eventually(lambda: css(browser, item), 30, "the alert in the open feed")
    print(f"alert in the open page {time.monotonic() - published:.2f} s after its figures were published")
    assert browser.execute_script("return window.notReloaded === true;")
    no_serious_violations(browser)
    css(browser, f"{item} details.act summary")[0].click()
    css(browser, f"{item} textarea")[0].send_keys("DM informed by phone")
    css(browser, f"{item} button.ack-button")[0].click()
    eventually(lambda: "done=acknowledged" in browser.current_url, 15, "the acknowledgement")
    assert "command-centre" in css(browser, f"{item} p.ack")[0].text
    [stored] = [a for a in alerts(stack, period=FEED_PERIOD) if a["alert_id"] == LIVE]
    assert stored["status"] == "acknowledged"
    assert (stored["acknowledged"]["by"], stored["acknowledged"]["key_id"], stored["acknowledged"]["note"]) == (
        "command-centre", "console", "DM informed by phone")


def test_a_silence_made_from_an_alert_mutes_the_next_matching_one_which_stays_in_sight(
        stack: ConsoleStack, browser: Any) -> None:
    log_in(browser, stack.url, "root", PASSWORD)
    browser.get(f"{stack.url}/alerts?period={FEED_PERIOD}&district=mainpuri&status=all&lang=en")
    css(browser, f"li[data-alert='{LIVE}'] a.minor-link")[0].click()
    eventually(lambda: "/alerts/silences/new" in browser.current_url, 10, "the silence form")
    ticked = {e.get_attribute("name"): e.get_attribute("value") for e in css(browser, "input[type=checkbox]:checked")}
    assert ticked == {"district": "mainpuri", "scheme": "jsy", "type": "entered_grade_d"}
    no_serious_violations(browser)
    css(browser, "#comment")[0].send_keys("District under special review")
    css(browser, "button.silence-button")[0].click()
    eventually(lambda: "done=silenced" in browser.current_url, 15, "the silence")
    no_serious_violations(browser)
    silence = css(browser, "li[data-silence]")[0].get_attribute("data-silence")

    publish(stack, jsy("mainpuri", SILENCED_PERIOD, 30))
    muted = eventually(lambda: [a for a in alerts(stack, period=SILENCED_PERIOD) if a["alert_id"] == MUTED], 60,
                       "the next matching alert")[0]
    assert (muted["status"], muted["silenced_by"], muted["published"]) == ("silenced", silence, False)
    browser.get(f"{stack.url}/alerts?period={SILENCED_PERIOD}&lang=en")  # shown as suppressed, not hidden
    shown = css(browser, f"li[data-alert='{MUTED}']")[0]
    assert "suppressed" in shown.get_attribute("class") and silence in shown.text

    browser.get(f"{stack.url}/alerts/silences?lang=en")
    css(browser, f"li[data-silence='{silence}'] button.expire-button")[0].click()
    eventually(lambda: "done=expired" in browser.current_url, 15, "the expiry")
    assert css(browser, f"li[data-silence='{silence}']")[0].get_attribute("data-active") == "false"


def test_the_alerts_desk_filters_from_the_url_groups_by_district_and_exports_csv_safely(
        stack: ConsoleStack, browser: Any) -> None:
    log_in(browser, stack.url, stack.user, stack.password)
    browser.get(f"{stack.url}/alerts?period={MINUTES_PERIOD}&severity=critical&lang=en")
    groups = css(browser, "section.alert-group")
    assert groups and all(li.get_attribute("class").startswith("alert sev-critical")
                          for li in css(browser, "li[data-alert]"))
    counts = [len(g.find_elements("css selector", "li[data-alert]")) for g in groups]
    assert counts == sorted(counts, reverse=True)  # all critical here: the district with most comes first
    no_serious_violations(browser)
    browser.get(f"{stack.url}/alerts?period={MINUTES_PERIOD}&division=kanpur&lang=en")  # one division's districts
    assert {g.get_attribute("data-district") for g in css(browser, "section.alert-group")} <= {
        "auraiya", "etawah", "farrukhabad", "kannauj", "kanpur-dehat", FOCUS}
    screenshot(browser, "console-alerts")
    browser.get(f"{stack.url}/alerts/digest/{FOCUS}?period={MINUTES_PERIOD}&lang=en")
    no_serious_violations(browser)
    with person(stack, stack.user) as client:
        answer = client.get(f"/alerts.csv?period={MINUTES_PERIOD}&district={FOCUS}")
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
        assert answer.headers["content-disposition"].startswith(
            f'attachment; filename="alerts-{MINUTES_PERIOD}-{FOCUS}.csv"')
        rows = answer.content.decode("utf-8-sig").splitlines()
        assert rows[0].startswith("alert_id,district,") and len(rows) > 1
        assert all(f",{FOCUS}," in r for r in rows[1:] if r.count(",") > 5)
        assert client.get("/alerts?type=rank_jump").status_code == 404


# ---- the minutes workflow --------------------------------------------------------------------

def test_directives_and_attendance_are_recorded_the_minutes_finalised_then_refused_for_edit(
        stack: ConsoleStack, browser: Any) -> None:
    url = f"{stack.url}/districts/{FOCUS}/minutes/{MINUTES_PERIOD}"
    log_in(browser, stack.url, "dm-kanpur-nagar", PASSWORD)
    browser.get(url + "?lang=en")
    first = css(browser, "#directives textarea[name^='item:']")[0]
    first.clear()
    first.send_keys("कारण बताओ नोटिस जारी किया जाये।")
    css(browser, "#general")[0].send_keys("All officers shall update the portal by the 25th.")
    css(browser, "button.save-directives")[0].click()
    eventually(lambda: "done=directives" in browser.current_url, 20, "the directives")
    css(browser, "#letter_number")[0].send_keys("102 / मा0मु0मं0समी0बै0कार्य / 2026-27")
    browser.execute_script("document.getElementById('issue_date').value = '2026-04-23';")
    css(browser, "input[name=officer_0]")[0].send_keys("जिला समाज कल्याण अधिकारी")
    browser.execute_script("document.querySelector('[name=department_0]').value = 'social-welfare';"
                           "document.querySelector('[name=attendance_0]').value = 'absent';")
    css(browser, "button.save-meeting")[0].click()
    eventually(lambda: "done=meeting" in browser.current_url, 20, "the meeting's record")
    no_serious_violations(browser)
    screenshot(browser, "console-minutes")

    versions = [int(v.text) for v in css(browser, "table.versions tbody td.num")]
    browser.get(f"{url}/compare?a={min(versions)}&b={max(versions)}&doc=hi&lang=en")
    assert css(browser, "ol.diff li.added ins") or css(browser, "ol.diff li.changed ins")
    no_serious_violations(browser)
    screenshot(browser, "console-minutes-compare")

    browser.get(f"{url}/finalize?lang=en")
    no_serious_violations(browser)
    css(browser, "input[name=confirm]")[0].click()
    css(browser, "button.finalize-button")[0].click()
    eventually(lambda: "done=finalized" in browser.current_url, 20, "the final copy")
    assert not css(browser, "textarea") and not css(browser, "#finalise")  # read-only now
    with stack.api("reports", "viewer") as reader:
        assert reader.get(f"/v1/minutes/{FOCUS}/{MINUTES_PERIOD}").json()["status"] == "final"

    with person(stack, "dm-kanpur-nagar") as client:
        again = post(client, f"/districts/{FOCUS}/minutes/{MINUTES_PERIOD}/directives",
                     {f"item:{MINUTES_PERIOD}:jsy": "late"})
        assert again.status_code == 409 and "final" in again.text
        pdf = client.get(f"/districts/{FOCUS}/documents/minutes?period={MINUTES_PERIOD}&lang=hi&format=pdf")
        md = client.get(f"/districts/{FOCUS}/documents/minutes?period={MINUTES_PERIOD}&lang=en&format=md&download=1")
        assert pdf.content.startswith(b"%PDF-") and md.headers["content-disposition"].startswith("attachment")
        assert "102 /" in md.text and "Directive (in Hindi): कारण बताओ नोटिस जारी किया जाये।" in md.text
    with stack.api("reports", "district") as own, stack.api("reports", "viewer") as reader:
        body = {f"{MINUTES_PERIOD}:jsy": "late"}
        assert own.put(f"/v1/minutes/{FOCUS}/{MINUTES_PERIOD}/directives", json=body).status_code == 409
        assert reader.put(f"/v1/minutes/{FOCUS}/{MINUTES_PERIOD}/directives", json=body).status_code == 403


# ---- the department desk ---------------------------------------------------------------------

def test_a_department_user_sees_exactly_its_departments_schemes(stack: ConsoleStack, browser: Any) -> None:
    with stack.api("scoring", "viewer") as scoring:
        own = {s["id"] for s in scoring.get("/v1/schemes").json() if s["department"]["id"] == "social-welfare"}
    refused = f"desks-refused-{time.time_ns()}"  # a portal's figures for a frozen month, straight to Kafka
    publish(stack, ("old-age-pension", event_bytes("progress.submitted.v1", {
        "submission_id": refused, "scheme": "old-age-pension", "district": OTHER, "period": MINUTES_PERIOD,
        "values": {"applications_received": -5, "pending_bdo_sdm": 1, "pending_dswo": 1}},
        source="portal/social-welfare")))
    log_in(browser, stack.url, "nodal-sw", PASSWORD)
    page = f"{stack.url}/departments/social-welfare?period={MINUTES_PERIOD}&lang=en"

    def refusal_shown() -> bool:
        browser.get(page)
        return any(refused in row.text for row in css(browser, "table.rejected tbody tr"))

    eventually(refusal_shown, 60, "the refused submission on the desk")
    assert {c.get_attribute("data-scheme") for c in css(browser, "div.scheme-card")} == own
    assert len(css(browser, "table#department-desk tbody tr")) == 75
    no_serious_violations(browser)
    screenshot(browser, "console-department")
    browser.get(f"{stack.url}/departments?lang=en")
    no_serious_violations(browser)
    browser.get(f"{stack.url}/alerts?period={MINUTES_PERIOD}&lang=en")
    shown = {li.get_attribute("data-department") for li in css(browser, "li[data-alert]")}
    assert shown == {"social-welfare"}
    with person(stack, "nodal-sw") as client:
        assert client.get("/departments/medical-health").status_code == 403
        assert client.get(f"/districts/{FOCUS}/minutes/{MINUTES_PERIOD}").status_code == 403
        csv = client.get(f"/departments/social-welfare?period={MINUTES_PERIOD}&format=csv")
        assert csv.status_code == 200 and {r.split(",")[0] for r in csv.text.splitlines()[1:]} == own
        listed = re.findall(r'data-department="([^"]+)"', client.get("/departments").text)
        assert listed == ["social-welfare"]
    with person(stack, "dm-agra") as client:
        assert client.get("/departments/social-welfare").status_code == 403
        assert client.get("/departments").status_code == 403
    with person(stack, stack.user) as client:
        assert len(re.findall(r'data-department="([^"]+)"', client.get("/departments").text)) > 10


# ---- CSRF on every form ------------------------------------------------------------------------

FORMS = [("/alerts/ack", {"alert": "x", "district": OTHER, "period": MINUTES_PERIOD}),
         ("/alerts/silences", {"district": OTHER, "comment": "forged"}),
         ("/alerts/silences/expire", {"silence": "x"}),
         (f"/districts/{OTHER}/minutes/2026-02/directives", {"general": "forged"}),
         (f"/districts/{OTHER}/minutes/2026-02/meeting", {"letter_number": "forged"}),
         (f"/districts/{OTHER}/minutes/2026-02/finalize", {"version": "1", "confirm": "yes"})]


@pytest.mark.parametrize(("path", "fields"), FORMS, ids=[f[0] for f in FORMS])
def test_every_form_without_its_csrf_token_is_refused_and_changes_nothing(
        stack: ConsoleStack, path: str, fields: dict[str, str]) -> None:
    with person(stack, "root") as client:
        before = client.get(f"/districts/{OTHER}/minutes/2026-02?lang=en").text.count("<tr>")
        for csrf in (None, "forged-token-forged-token-forged"):
            assert post(client, path, fields, csrf).status_code == 403
        assert client.get(f"/districts/{OTHER}/minutes/2026-02?lang=en").text.count("<tr>") == before


# ---- who may change what: the README's table, against the running services ------------------

def own_and_other_alerts(stack: ConsoleStack) -> tuple[dict[str, Any], dict[str, Any]]:
    found = [a for a in alerts(stack, period=MINUTES_PERIOD) if a["status"] in ("open", "acknowledged")]
    own = next(a for a in found if a["district"] == FOCUS and a.get("department") == "social-welfare")
    other = next(a for a in found if a["district"] not in (FOCUS,) and a.get("department") not in
                 (None, "social-welfare"))
    return own, other


def api_call(stack: ConsoleStack, column: str, own: bool, headers: dict[str, str],
             alert: dict[str, Any]) -> httpx.Response:
    """The column's change through the service's API, judged harmlessly: what is allowed fails
    after the authorisation (422, 409) or changes nothing that matters (an acknowledgement)."""
    district, period = (FOCUS if own else OTHER), "2026-02"
    calls = {
        "submit": ("ingest", "POST", "/v1/submissions", {"submission_id": "matrix", "district": district,
                   "scheme": "old-age-pension" if own else "jsy", "period": "2026-01", "values": {}}),
        "acknowledge": ("alerts", "POST", f"/v1/alerts/{alert['alert_id']}/ack", {"note": "role matrix"}),
        "silence": ("alerts", "POST", "/v1/silences", {"matchers": {"district": district},
                                                       "until": "2000-01-01T00:00:00Z", "comment": "matrix"}),
        "directives": ("reports", "PUT", f"/v1/minutes/{district}/{period}/directives", {f"{period}:none": "x"}),
        "meeting": ("reports", "PUT", f"/v1/minutes/{district}/{period}/meeting",
                    {"present": [{"officer": "CMO", "department": "atlantis"}]}),
        "finalize": ("reports", "POST", f"/v1/minutes/{district}/{period}/finalize", {"version": 999_999}),
    }
    service, method, path, body = calls[column]
    return httpx.request(method, stack.service(service) + path, json=body, headers=headers, timeout=60)


KEY_SECRETS = {"submitter": "submitter:social-welfare", "viewer": "viewer", "admin": "admin", "district": "district"}
PEOPLE = {"state": "command-centre", "admin": "root", "district": "dm-kanpur-nagar", "department": "nodal-sw"}


def expected(cell: str, own: bool) -> bool:
    return cell == "yes" or (cell != "no" and own)


def test_every_role_may_make_exactly_the_changes_the_readme_table_gives_it(stack: ConsoleStack) -> None:
    from shared.acting import headers_for
    from shared.authority.table import cell

    own_alert, other_alert = own_and_other_alerts(stack)
    seen: list[str] = []
    for subject in subjects():
        if subject.kind == "key":
            headers = {"Authorization": f"Bearer {stack.state['secrets'][KEY_SECRETS[subject.role]]}"}
        else:  # through the console's key, naming the person as the console does
            person_subject = subject.__class__("person", PEOPLE[subject.role], subject.role, subject.district,
                                               subject.departments)
            headers = {"Authorization": f"Bearer {stack.state['secrets']['console']}", **headers_for(person_subject)}
        for column in COLUMNS:
            for own in (True, False):
                answer = api_call(stack, column.key, own, headers, own_alert if own else other_alert)
                allowed = answer.status_code != 403
                seen.append(f"{subject.kind} {subject.role} {column.key} {'own' if own else 'other'}: "
                            f"{answer.status_code}")
                assert allowed is expected(cell(column, subject), own), (seen[-1], answer.text[:300])
                assert answer.status_code in (200, 201, 202, 403, 409, 422), (seen[-1], answer.text[:300])
    print("\n".join(seen))


Form = Callable[[bool, dict[str, Any]], tuple[str, dict[str, str]]]
CONSOLE_FORMS: dict[str, Form] = {
    "acknowledge": lambda own, a: ("/alerts/ack", {"alert": a["alert_id"], "district": a["district"],
                                                   "department": a.get("department") or "",
                                                   "period": MINUTES_PERIOD, "note": "role matrix"}),
    "silence": lambda own, a: ("/alerts/silences", {"district": FOCUS, "days": "1", "comment": ""}),
    "directives": lambda own, a: (f"/districts/{FOCUS if own else OTHER}/minutes/2026-02/directives", {}),
    "meeting": lambda own, a: (f"/districts/{FOCUS if own else OTHER}/minutes/2026-02/meeting",
                               {"officer_0": "CMO", "department_0": "atlantis"}),
    "finalize": lambda own, a: (f"/districts/{FOCUS if own else OTHER}/minutes/2026-02/finalize",
                                {"version": "999999", "confirm": "yes"}),
}


def test_every_person_may_make_exactly_those_changes_through_the_consoles_forms(stack: ConsoleStack) -> None:
    from shared.authority.table import cell

    own_alert, other_alert = own_and_other_alerts(stack)
    for subject in [s for s in subjects() if s.kind == "person"]:
        with person(stack, PEOPLE[subject.role]) as client:
            csrf = token(client)
            for column in COLUMNS:
                if column.key == "submit":
                    continue  # the console has no form to submit figures (the API refuses people: above)
                for own in (True, False):
                    path, fields = CONSOLE_FORMS[column.key](own, own_alert if own else other_alert)
                    answer = post(client, path, fields, csrf)
                    allowed = answer.status_code != 403
                    assert allowed is expected(cell(column, subject), own), (
                        subject.role, column.key, own, answer.status_code, re.sub(r"<[^>]+>", " ", answer.text)[-400:])
