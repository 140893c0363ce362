"""Prometheus watching the real pipeline: Debian's `prometheus` scrapes the five services every
second while submissions flow through them and a person uses the console, and its HTTP API must
show the series an operator relies on, each service's /metrics must pass Prometheus' own linter
(`promtool check metrics`),
and the real consumer-lag rule (durations and thresholds shortened, see
prometheus_support) must fire while scoring cannot reach its database and clear after.

Everything runs on a dedicated Tansu and nx-27017, so the lag measured here is this module's.
The tests run in file order: the outage tests come last and need the scenario before them."""

from __future__ import annotations

import itertools
import re
import subprocess
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from anushravan.admin import create_topics, publish_catalog, publish_period_event
from anushravan.embedded import Server, start_nx, start_tansu
from shared.auth import add_key
from shared.catalog import Scheme, default_catalog_path, load_catalog
from shared.districts import load_districts
from shared.events.ingest import PROGRESS_SUBMITTED
from shared.topics import PROGRESS_SUBMITTED as SUBMITTED_TOPIC
from shared.users import add_user
from tests.e2e.prometheus_support import LAG_THRESHOLD, Prometheus, PrometheusApi, prometheus_binary
from tests.support.kafka import event_bytes
from tests.support.servers import ServiceProcess, service_env
from tests.support.tools import missing, tool, under_ci

BINARY = prometheus_binary()
DEBIAN_PROMETHEUS = "Debian package prometheus: make system-deps"
pytestmark = pytest.mark.skipif(
    BINARY is None and not under_ci(), reason=f"prometheus is not installed ({DEBIAN_PROMETHEUS})")

SERVICES = ("ingest", "scoring", "alerts", "reports", "console")
ANY = f"anushravan_({'|'.join(SERVICES)})"
PERSON, PASSWORD = "command-centre", "a-long-test-password"
TODAY, PREVIOUS, CURRENT = "2026-04-10", "2026-02", "2026-03"
DISTRICTS = [d.id for d in load_districts()]
SCENARIO = DISTRICTS[:8]  # jsy figures in both periods; the first four fall from A to D
DROPPED = SCENARIO[:4]
OUTAGE_SUBMISSIONS = 150


@dataclass
class Stack:
    kafka: str
    database: Server
    db_file: Path
    workdir: Path
    services: dict[str, ServiceProcess]
    prometheus: Prometheus
    api: PrometheusApi
    keys: dict[str, str]

    def explain(self) -> str:
        """The tails of every log, for failure messages."""
        logs = {n: p.log_path for n, p in self.services.items()}
        logs |= {"prometheus": self.prometheus.log_path}
        parts = []
        for name, path in logs.items():
            lines = path.read_text(errors="replace").splitlines()[-12:] if path.exists() else []
            parts.append(f"--- {name} log tail:\n" + "\n".join(line[:400] for line in lines))
        return "\n".join(parts)

    def stop_database(self) -> None:
        self.database.stop()

    def restart_database(self) -> None:
        self.database = start_nx(self.workdir, port=self.database.port, db_path=str(self.db_file))

    def post(self, service: str, path: str, key: str, body: dict[str, Any]) -> httpx.Response:
        return httpx.post(f"{self.services[service].url}{path}", json=body, timeout=15,
                          headers={"Authorization": f"Bearer {self.keys[key]}"})

    def get(self, service: str, path: str, key: str = "viewer") -> httpx.Response:
        return httpx.get(f"{self.services[service].url}{path}", timeout=15,
                         headers={"Authorization": f"Bearer {self.keys[key]}"})


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("prometheus-e2e")  # kept by pytest: the logs outlive a failure


def start_services(workdir: Path, kafka: str, database: str, keys_file: Path,
                   console_key: str) -> dict[str, ServiceProcess]:
    env = service_env(kafka, database, "prometheus_e2e", keys_file, {
        "ANUSHRAVAN_TODAY": TODAY, "ANUSHRAVAN_METRICS_INTERVAL_S": "1",
        "ANUSHRAVAN_MINUTES_DEBOUNCE_S": "0.2", "ANUSHRAVAN_RANK_PUBLISH_INTERVAL_S": "0.2"})
    services = {n: ServiceProcess(n, env, workdir / f"{n}.log").start() for n in SERVICES if n != "console"}
    for proc in services.values():
        proc.wait_ready(timeout=60)
    # The console reads the others, so it starts once their addresses are known.
    users = workdir / "users.yaml"
    add_user(users, PERSON, "state", PASSWORD)
    console = {f"ANUSHRAVAN_{n.upper()}_URL": services[n].url for n in ("scoring", "alerts", "reports")}
    console |= {"ANUSHRAVAN_USERS_FILE": str(users), "ANUSHRAVAN_CONSOLE_API_KEY": console_key}
    services["console"] = ServiceProcess("console", env | console, workdir / "console.log").start()
    return services


@pytest.fixture(scope="module")
async def stack(workdir: Path) -> AsyncIterator[Stack]:
    if BINARY is None:
        missing("prometheus", DEBIAN_PROMETHEUS)
    keys_file = workdir / "keys.yaml"
    keys = {"viewer": add_key(keys_file, "viewer", "viewer"),
            "health": add_key(keys_file, "health-portal", "submitter", ["medical-health"]),
            "console": add_key(keys_file, "console", "viewer")}
    kafka = start_tansu(workdir / "tansu")
    db_file = workdir / "nx.db"
    database = start_nx(workdir, db_path=str(db_file))
    services: dict[str, ServiceProcess] = {}
    prometheus = Prometheus(workdir / "prometheus")
    prometheus.workdir.mkdir()
    try:
        await create_topics(kafka.url)
        await publish_catalog(kafka.url, load_catalog(default_catalog_path()))
        services = start_services(workdir, kafka.url, database.url, keys_file, keys["console"])
        for proc in services.values():
            proc.wait_ready(timeout=60)
        prometheus.start(BINARY, {n: f"127.0.0.1:{p.port}" for n, p in services.items()})
        stack = Stack(kafka.url, database, db_file, workdir, services, prometheus,
                      PrometheusApi(prometheus.url), keys)
        stack.api.explain = stack.explain
        yield stack
        database = stack.database
    finally:
        prometheus.stop()
        for proc in services.values():
            proc.kill()
        database.stop()
        kafka.stop()


def jsy(district: str, period: str, paid: int, revision: int = 1) -> dict[str, Any]:
    """A JSY submission: marks are 10 × paid / 100 deliveries (95 → A, 20 → D)."""
    return {"submission_id": f"prom-jsy-{district}-{period}-r{revision}", "scheme": "jsy",
            "district": district, "period": period, "revision": revision,
            "values": {"beneficiaries_paid": paid, "institutional_deliveries": 100}}


def processed(stack: Stack, job: str, topic: str, errors_too: bool = False) -> float:
    """Messages of a topic the service has handled (by default: without an error)."""
    outcome = "" if errors_too else ', outcome!="error"'
    query = f'sum(anushravan_{job}_messages_processed_total{{topic="{topic}"{outcome}}})'
    return sum(stack.api.values(query).values())


@pytest.fixture(scope="module")
async def scenario(stack: Stack) -> Stack:
    """Last period every district earned an A and the period was frozen; this period four fell
    to D and one of them recovered with a second revision. Plus a duplicate and a refusal."""
    for district in SCENARIO:
        response = stack.post("ingest", "/v1/submissions", "health", jsy(district, PREVIOUS, 95))
        assert response.status_code == 202, (response.status_code, response.text)
    # The freeze must reach scoring after the figures it makes final (different topics).
    stack.api.wait_until("scoring to process last period's submissions",
                         lambda: processed(stack, "scoring", SUBMITTED_TOPIC), lambda n: n >= len(SCENARIO), 30)
    await publish_period_event(stack.kafka, "freeze", PREVIOUS)
    # Any outcome: a freeze that fails is dead-lettered, which a test below reports.
    stack.api.wait_until("scoring to process the freeze",
                         lambda: processed(stack, "scoring", "periods.events", errors_too=True), lambda n: n >= 1, 30)
    for district in SCENARIO:
        body = jsy(district, CURRENT, 20 if district in DROPPED else 95)
        assert stack.post("ingest", "/v1/submissions", "health", body).status_code == 202
    duplicate = stack.post("ingest", "/v1/submissions", "health", jsy(SCENARIO[-1], CURRENT, 95))
    assert duplicate.json().get("status") == "duplicate", duplicate.text
    negative = jsy(SCENARIO[0], CURRENT, -5, revision=9)
    assert stack.post("ingest", "/v1/submissions", "health", negative).status_code == 422
    recovered = stack.post("ingest", "/v1/submissions", "health", jsy(DROPPED[0], CURRENT, 95, revision=2))
    assert recovered.status_code == 202, recovered.text
    return stack


ACCEPTED = 2 * len(SCENARIO) + 1  # both periods, and the recovering revision


def test_prometheus_scrapes_every_service_and_each_reports_ready(scenario: Stack) -> None:
    api = scenario.api
    api.wait_until("every service to be up", lambda: api.values('up', "job"),
                   lambda v: all(v.get((n,)) == 1 for n in SERVICES), 20)
    api.wait_until("every service to report ready == 1",
                   lambda: api.values(f'{{__name__=~"{ANY}_ready"}}', "job"),
                   lambda v: all(v.get((n,)) == 1 for n in SERVICES), 20)


def test_ingest_counts_requests_by_route_template_and_status(scenario: Stack) -> None:
    api = scenario.api
    query = 'sum by (route, method, status) (anushravan_ingest_http_requests_total)'
    by_route = api.wait_until(
        "ingest's submissions to be counted", lambda: api.values(query, "route", "method", "status"),
        lambda v: v.get(("/v1/submissions", "POST", "202")) == ACCEPTED + 1, 20)
    assert by_route.get(("/v1/submissions", "POST", "422")) == 1, api.evidence()
    scenario.get("scoring", f"/v1/rankings/jsy/{CURRENT}")
    scoring = api.wait_until(
        "scoring's ranking route to be counted by its template",
        lambda: api.values("sum by (route) (anushravan_scoring_http_requests_total)", "route"),
        lambda v: ("/v1/rankings/{scheme}/{period}",) in v, 20)
    routes = {r for (r,) in scoring} | {r for r, _, _ in by_route}
    assert not [r for r in routes if "jsy" in r or CURRENT in r or SCENARIO[0] in r], routes


def test_ingest_counts_submissions_by_outcome_and_refusals_by_reason(scenario: Stack) -> None:
    api = scenario.api
    outcomes = api.wait_until(
        "ingest's submission outcomes", lambda: api.values("anushravan_ingest_submissions_total", "outcome"),
        lambda v: v.get(("accepted",)) == ACCEPTED, 20)
    assert outcomes.get(("duplicate",)) == 1 and outcomes.get(("rejected",)) == 1, outcomes
    reasons = api.values("sum by (code) (anushravan_ingest_rejections_total)", "code")
    assert reasons == {("negative",): 1}, api.evidence()


def test_scoring_processes_and_scores_every_accepted_submission(scenario: Stack) -> None:
    api = scenario.api
    api.wait_until("scoring to process every accepted submission",
                   lambda: processed(scenario, "scoring", SUBMITTED_TOPIC), lambda n: n == ACCEPTED, 30)
    scored = api.wait_until(
        "scoring's domain counter of submissions",
        lambda: api.values("sum by (outcome) (anushravan_scoring_submissions_total)", "outcome"),
        lambda v: sum(v.values()) >= ACCEPTED, 20)
    assert scored.get(("scored",)) == ACCEPTED, scored
    regrades = api.wait_until(
        "the recovering revision to count as a regrade up",
        lambda: api.values("sum by (direction) (anushravan_scoring_regrades_total)", "direction"),
        lambda v: v.get(("up",), 0) >= 1, 20)
    assert set(regrades) <= {("up",), ("down",)}, regrades


def test_faststreams_own_series_are_served_from_the_same_registry(scenario: Stack) -> None:
    api = scenario.api
    published = api.wait_until(
        "ingest's FastStream publish counter",
        lambda: api.values("sum(anushravan_ingest_faststream_published_messages_total)"),
        lambda v: sum(v.values()) >= ACCEPTED, 20)
    received = api.values('sum by (handler) (anushravan_scoring_faststream_received_messages_total)', "handler")
    assert published and any(SUBMITTED_TOPIC in h for (h,) in received), api.evidence()


def test_nothing_is_dead_lettered_while_everything_is_healthy(scenario: Stack) -> None:
    api = scenario.api
    api.wait_until("every service's consumers to settle", lambda: processed(scenario, "scoring", SUBMITTED_TOPIC),
                   lambda n: n >= ACCEPTED, 30)
    dead = api.values(f'sum by (job, topic) ({{__name__=~"{ANY}_dead_letters_total"}})', "job", "topic")
    errors = api.values(f'sum by (job, topic) ({{__name__=~"{ANY}_messages_processed_total", outcome="error"}})',
                        "job", "topic")
    assert not any(dead.values()) and not any(errors.values()), f"{dead} {errors}\n{api.evidence()}"
    assert not api.alerts("AnushravanDeadLetters"), api.evidence()


def test_consumer_lag_is_reported_per_partition_and_is_zero_once_caught_up(scenario: Stack) -> None:
    api = scenario.api
    lag = api.wait_until(
        "scoring's lag on each of the 6 partitions of progress.submitted to be 0",
        lambda: api.values(f'anushravan_scoring_consumer_lag_messages{{topic="{SUBMITTED_TOPIC}"}}', "partition"),
        lambda v: set(v) == {(str(p),) for p in range(6)} and not any(v.values()), 30)
    assert len(lag) == 6
    per_topic = api.values("job_topic:anushravan_consumer_lag_messages:sum", "job", "topic")
    assert ("alerts", "scores.updated") in per_topic and ("reports", "scores.updated") in per_topic, per_topic


def test_last_processed_timestamps_are_recent(scenario: Stack) -> None:
    api = scenario.api
    ages = api.wait_until(
        "last-processed timestamps of scoring, alerts and reports",
        lambda: api.values("job_topic:anushravan_last_processed_age_seconds:min", "job", "topic"),
        lambda v: {("scoring", SUBMITTED_TOPIC), ("alerts", "scores.updated"), ("reports", "scores.updated")}
        <= set(v), 30)
    for (job, topic), age in ages.items():
        assert 0 <= age < 120, (job, topic, age)


def test_grade_drops_raise_alerts_counted_by_type_and_severity(scenario: Stack) -> None:
    api = scenario.api
    raised = api.wait_until(
        "a critical grade_drop alert for each district that fell from A to D",
        lambda: api.values("sum by (type, severity) (anushravan_alerts_raised_total)", "type", "severity"),
        lambda v: v.get(("grade_drop", "critical")) == len(DROPPED), 30)
    assert raised.get(("entered_grade_d", "critical")) == len(DROPPED), raised
    assert sum(n for (type_, _), n in raised.items() if type_ == "recovered") == 1, raised


def test_reports_count_minutes_versions_and_renders_by_format(scenario: Stack) -> None:
    api = scenario.api
    api.wait_until("a minutes version for the districts that fell",
                   lambda: api.values("sum(anushravan_reports_versions_total)"),
                   lambda v: sum(v.values()) >= 1, 30)
    response = scenario.get("reports", f"/v1/minutes/{DROPPED[1]}/{CURRENT}?lang=en&format=md")
    assert response.status_code == 200, response.text
    api.wait_until("the markdown render to be counted",
                   lambda: api.values("sum by (format) (anushravan_reports_renders_total)", "format"),
                   lambda v: v.get(("md",), 0) >= 1, 20)


def test_the_console_counts_a_persons_login_and_its_reads_of_the_apis(scenario: Stack) -> None:
    with httpx.Client(base_url=scenario.services["console"].url, timeout=30, follow_redirects=False) as person:
        form = person.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert token, form.text[:300]
        # The cookies are Secure: a client on plain http sends them only when told to.
        login = person.post("/login", data={"username": PERSON, "password": PASSWORD, "csrf": token[1]},
                            headers={"Cookie": f"anushravan_login={form.cookies['anushravan_login']}"})
        assert login.status_code == 303, login.text[:300]
        overview = person.get(f"/?period={CURRENT}",
                              headers={"Cookie": f"anushravan_session={login.cookies['anushravan_session']}"})
        assert overview.status_code == 200, overview.text[:300]
    api = scenario.api
    api.wait_until("the console's login to be counted",
                   lambda: api.values("sum by (outcome) (anushravan_console_logins_total)", "outcome"),
                   lambda v: v.get(("ok",), 0) >= 1, 20)
    api.wait_until("the console's reads of scoring to be counted",
                   lambda: api.values("sum by (service, outcome) (anushravan_console_upstream_requests_total)",
                                      "service", "outcome"),
                   lambda v: v.get(("scoring", "ok"), 0) >= 1, 20)


@pytest.mark.parametrize("service", SERVICES)
def test_each_services_metrics_pass_promtools_linter_and_carry_the_process_collectors(
    scenario: Stack, service: str,
) -> None:
    promtool = tool("promtool", DEBIAN_PROMETHEUS)
    response = httpx.get(f"{scenario.services[service].url}/metrics", timeout=15)
    assert response.status_code == 200, response.text
    linted = subprocess.run([promtool, "check", "metrics"], input=response.text, capture_output=True,
                            text=True, timeout=60, check=False)
    assert linted.returncode == 0, f"{service}: {linted.stdout}{linted.stderr}"
    names = {line.split()[2] for line in response.text.splitlines() if line.startswith("# TYPE ")}
    assert {"process_resident_memory_bytes", "process_cpu_seconds_total", "process_open_fds", "python_info",
            "python_gc_collections_total"} <= names, sorted(names)


def outage_submissions(schemes: list[Scheme]) -> list[tuple[str, bytes]]:
    """Valid submissions of this period for other schemes and districts, keyed by scheme so
    that they spread over the partitions."""
    def values(scheme: Scheme) -> dict[str, int]:
        # Good figures (nothing pending, 95 of 100 done), so the outage does not flood alerts.
        figures = {f: 100 for f in scheme.input_fields}
        for kpi in scheme.kpis:
            figures |= {f: 0 if kpi.kind == "inverse_ratio" else 95 for f in kpi.numerator_fields}
            figures |= {kpi.value: 99} if kpi.value else {}
        return figures

    pairs = itertools.islice(itertools.product(DISTRICTS[len(SCENARIO):], schemes), OUTAGE_SUBMISSIONS)
    return [(s.id, event_bytes(PROGRESS_SUBMITTED, {
        "submission_id": f"prom-outage-{s.id}-{d}", "scheme": s.id, "district": d, "period": CURRENT,
        "revision": 1, "values": values(s)}, source="portal/prometheus-test")) for d, s in pairs]


async def publish_one_by_one(bootstrap: str, items: list[tuple[str, bytes]]) -> None:
    # One record per produce request: Tansu reports a partition's end offset as the start of
    # its last record batch plus one (STACK.md), so batched records would hide the lag.
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
    await producer.start()
    try:
        for key, value in items:
            await producer.send_and_wait(SUBMITTED_TOPIC, value, key=key.encode())
    finally:
        await producer.stop()


@pytest.fixture(scope="module")
async def outage(scenario: Stack) -> float:
    """The database stops; submissions keep arriving on Kafka. Returns how many messages
    scoring had processed before."""
    before = processed(scenario, "scoring", SUBMITTED_TOPIC)
    scenario.stop_database()
    schemes = [s for s in load_catalog(default_catalog_path()) if s.id != "jsy"]
    await publish_one_by_one(scenario.kafka, outage_submissions(schemes))
    return before


SCORING_LAG = f'job_topic:anushravan_consumer_lag_messages:sum{{job="scoring", topic="{SUBMITTED_TOPIC}"}}'
WHERE = {"job": "scoring", "topic": SUBMITTED_TOPIC}


def test_the_lag_rule_fires_while_scoring_cannot_reach_its_database(scenario: Stack, outage: float) -> None:
    api = scenario.api
    api.wait_until("AnushravanConsumerLagGrowing to fire for scoring on progress.submitted",
                   lambda: api.firing("AnushravanConsumerLagGrowing", **WHERE), bool, 40)
    # Above the threshold, and never more than was published (each partition counted once).
    assert LAG_THRESHOLD < sum(api.values(SCORING_LAG).values()) <= OUTAGE_SUBMISSIONS, api.evidence()
    api.wait_until("AnushravanServiceNotReady to fire for scoring",
                   lambda: api.firing("AnushravanServiceNotReady", job="scoring"), bool, 20)
    api.wait_until("AnushravanConsumerStalled to fire for scoring on progress.submitted",
                   lambda: api.firing("AnushravanConsumerStalled", **WHERE), bool, 20)
    assert processed(scenario, "scoring", SUBMITTED_TOPIC) == outage, api.evidence()


def test_lag_falls_back_and_every_service_is_ready_once_the_database_returns(
    scenario: Stack, outage: float,
) -> None:
    api = scenario.api
    scenario.restart_database()
    api.wait_until("scoring to catch up: its lag on progress.submitted back to 0",
                   lambda: api.values(SCORING_LAG), lambda v: list(v.values()) == [0.0], 45)
    api.wait_until("every service ready again", lambda: api.values(f'{{__name__=~"{ANY}_ready"}}', "job"),
                   lambda v: all(v.get((n,)) == 1 for n in SERVICES), 20)
    api.wait_until("scoring to count the outage's submissions as processed",
                   lambda: processed(scenario, "scoring", SUBMITTED_TOPIC),
                   lambda n: n == outage + OUTAGE_SUBMISSIONS, 10)
    api.wait_until("AnushravanConsumerLagGrowing to stop firing",
                   lambda: api.firing("AnushravanConsumerLagGrowing", **WHERE), lambda a: not a, 10)
