"""The production deployment files beside Kubernetes (test_deploy_k8s.py): each passes its own
tool's check (promtool, amtool, docker-compose), and they agree with each other and with the
code (ports, metric names, runbooks, one pinned image, no published secret). A missing validator
skips its test on a developer's machine and fails it under CI=true (tests/support/tools.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from shared.auth import load_keys
from shared.users import load_users
from tests.support.tools import tool

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PROMETHEUS = DEPLOY / "prometheus"
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "anushravan-pipeline.json"
RUNBOOK_BASE = "https://github.com/anushravan/anushravan/blob/main/deploy/README.md"
# A key named like a secret with a literal value (an environment reference `${…}` is fine).
SECRET_LITERAL = re.compile(r"(?im)^[\s-]*[\w-]*?(?:\b|[_-])(password|token|secret|credentials)[ \t]*:[ \t]*(?!\$\{)\S")
GRAFANA_VARIABLES = {"$__rate_interval": "5m", "$__range": "1h", "$__interval": "1m",
                     "$job": ".*", "$instance": ".*", "$topic": ".*"}
PORTS = {"ingest": 8001, "scoring": 8002, "alerts": 8003, "reports": 8004, "console": 8005}
PINNED = re.compile(r"^[a-z0-9./-]+:v?\d+\.\d+(\.\d+)?$")

# The metrics the services publish (issue 7): anushravan_<service>_<generic> for every service,
# and the domain ones by full name.
GENERIC = {
    "http_requests_total", "http_request_duration_seconds", "messages_processed_total",
    "message_duration_seconds", "consumer_lag_messages", "last_processed_timestamp_seconds",
    "dead_letters_total", "duplicates_skipped_total", "ready", "http_refusals_total",
}
DOMAIN = {
    "anushravan_ingest_submissions_total", "anushravan_ingest_rejections_total",
    "anushravan_ingest_broker_ack_seconds", "anushravan_ingest_batch_lines",
    "anushravan_ingest_broker_unavailable_total", "anushravan_scoring_submissions_total",
    "anushravan_scoring_regrades_total", "anushravan_alerts_raised_total",
    "anushravan_alerts_published_total", "anushravan_reports_versions_total",
    "anushravan_reports_renders_total", "anushravan_reports_dead_drafts",
    "anushravan_console_logins_total", "anushravan_console_live_streams",
    "anushravan_console_upstream_requests_total",
}
# Every service, as the rules and the dashboard match them all at once.
ALTERNATIVES = "|".join(PORTS)
ANY_SERVICE = rf"anushravan_\({re.escape(ALTERNATIVES)}\)_([a-z_]+)"
ONE_SERVICE = r"(?<![:\w])anushravan_([a-z]+)_([a-z_]+)"
# The console's two secrets in compose: a volume of their own, written by `keys`, read by it only.
CONSOLE_SECRETS = "console-secrets:/etc/anushravan/console"


def _tool(name: str, package: str) -> str:
    return tool(name, f"Debian package {package}: make system-deps")


def _passes(*command: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})}, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _compose() -> dict[str, Any]:
    services: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    return services


def _alert_rules() -> list[dict[str, Any]]:
    groups = yaml.safe_load((PROMETHEUS / "rules.yml").read_text())["groups"]
    return [rule for group in groups for rule in group["rules"] if "alert" in rule]


def _dashboard() -> dict[str, Any]:
    dashboard: dict[str, Any] = json.loads(DASHBOARD.read_text())
    return dashboard


def _dashboard_queries() -> list[str]:
    return [t["expr"] for p in _dashboard()["panels"] for t in p.get("targets", [])]


def _project_version() -> str:
    version: str = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    return version


def _valid_promql(queries: list[str], tmp_path: Path) -> None:
    """promtool checks PromQL only inside rules: each query becomes a recording rule."""
    rules = []
    for number, query in enumerate(queries):
        for variable, value in GRAFANA_VARIABLES.items():
            query = query.replace(variable, value)
        rules.append({"record": f"dashboard:query_{number}", "expr": query})
    rules_file = tmp_path / "dashboard_rules.yml"
    rules_file.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    _passes(_tool("promtool", "prometheus"), "check", "rules", str(rules_file))


def test_prometheus_config_passes_promtool() -> None:
    _passes(_tool("promtool", "prometheus"), "check", "config", str(PROMETHEUS / "prometheus.yml"))


def test_alert_rules_pass_promtool() -> None:
    _passes(_tool("promtool", "prometheus"), "check", "rules", str(PROMETHEUS / "rules.yml"))


def test_alert_rules_fire_exactly_as_their_unit_tests_say() -> None:
    _passes(_tool("promtool", "prometheus"), "test", "rules", str(PROMETHEUS / "rules.test.yml"))


def test_alertmanager_config_passes_amtool() -> None:
    _passes(_tool("amtool", "prometheus-alertmanager"), "check-config",
            str(PROMETHEUS / "alertmanager.yml"))


@pytest.mark.parametrize(("labels", "receivers"), [
    ("severity=critical alertname=AnushravanIngestUnavailable job=ingest", "command-centre,on-call"),
    ("severity=warning alertname=AnushravanDeadLetters job=scoring", "operations"),
])
def test_critical_alerts_reach_the_command_centre_and_on_call_warnings_operations(
    labels: str, receivers: str,
) -> None:
    routed = _passes(_tool("amtool", "prometheus-alertmanager"), "config", "routes", "test",
                     f"--config.file={PROMETHEUS / 'alertmanager.yml'}", *labels.split())
    assert routed.strip() == receivers


def test_the_command_centre_webhook_reads_its_token_from_a_file_and_reports_resolutions() -> None:
    config = yaml.safe_load((PROMETHEUS / "alertmanager.yml").read_text())
    [receiver] = [r for r in config["receivers"] if r["name"] == "command-centre"]
    [webhook] = receiver["webhook_configs"]
    assert webhook["url"].startswith("https://") and webhook["send_resolved"] is True
    authorization = webhook["http_config"]["authorization"]
    assert authorization["type"] == "Bearer" and "credentials" not in authorization
    assert authorization["credentials_file"].startswith("/etc/alertmanager/secrets/")


def test_compose_file_passes_docker_compose_config() -> None:
    _passes(_tool("docker-compose", "docker-compose"), "-f", "docker-compose.yml", "config", "-q",
            env={"GRAFANA_ADMIN_PASSWORD": "test-only"})


def test_compose_refuses_to_start_grafana_without_its_password() -> None:
    compose = _tool("docker-compose", "docker-compose")
    env = {k: v for k, v in os.environ.items() if k != "GRAFANA_ADMIN_PASSWORD"}
    done = subprocess.run([compose, "-f", "docker-compose.yml", "config", "-q"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0 and "set GRAFANA_ADMIN_PASSWORD" in done.stderr, done.stderr


@pytest.mark.parametrize(("address", "published"), [(None, "127.0.0.1"), ("0.0.0.0", "0.0.0.0")])
def test_compose_publishes_the_service_ports_on_loopback_unless_told_otherwise(
    address: str | None, published: str,
) -> None:
    env = {"GRAFANA_ADMIN_PASSWORD": "test-only"} | ({"ANUSHRAVAN_PUBLISH_ADDRESS": address} if address else {})
    base = {k: v for k, v in os.environ.items() if k != "ANUSHRAVAN_PUBLISH_ADDRESS"}
    done = subprocess.run([_tool("docker-compose", "docker-compose"), "-f", "docker-compose.yml", "config"],
                          cwd=ROOT, env=base | env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    services = yaml.safe_load(done.stdout)["services"]
    for name, port in PORTS.items():
        assert [str(p) for p in services[name]["ports"]] == [f"{published}:{port}:{port}/tcp"], name
    # Every other published port (Kafka, MongoDB, the monitoring, any service added later)
    # stays on loopback unless it is one of the APIs.
    for name, service in services.items():
        for port in service.get("ports", []):
            assert str(port).startswith(f"{published}:" if name in PORTS else "127.0.0.1:"), (name, port)
    assert not address or all(str(p).startswith("127.0.0.1:") for p in services["kafka"]["ports"])


def test_every_dashboard_query_is_valid_promql(tmp_path: Path) -> None:
    _valid_promql(_dashboard_queries(), tmp_path)


def test_dashboard_variables_query_valid_promql_and_every_service_query_honours_them(tmp_path: Path) -> None:
    variables = {v["name"]: v for v in _dashboard()["templating"]["list"]}
    assert {"DS_PROMETHEUS", "job", "instance", "topic"} <= set(variables)
    label_queries = [re.fullmatch(r"label_values\((.+), (\w+)\)", variables[n]["query"]) for n in
                     ("job", "instance", "topic")]
    assert all(label_queries), label_queries
    _valid_promql([m[1] for m in label_queries if m], tmp_path)
    for query in _dashboard_queries():
        assert query.count('job=~"$job"') == query.count('instance=~"$instance"') >= 1, query
    topic_queries = [q for q in _dashboard_queries() if "_consumer_lag_messages" in q or "_dead_letters_total" in q]
    assert topic_queries and all('topic=~"$topic"' in q for q in topic_queries)


def test_dashboard_asks_for_its_datasource_on_import_and_finds_it_when_provisioned() -> None:
    dashboard = _dashboard()
    assert [(i["name"], i["type"], i["pluginId"]) for i in dashboard["__inputs"]] == [
        ("DS_PROMETHEUS", "datasource", "prometheus")]
    [variable] = [v for v in dashboard["templating"]["list"] if v["name"] == "DS_PROMETHEUS"]
    assert (variable["type"], variable["query"]) == ("datasource", "prometheus")
    panels = dashboard["panels"]
    sources = [p["datasource"] for p in panels if "datasource" in p]
    sources += [t["datasource"] for p in panels for t in p.get("targets", [])]
    sources += [v["datasource"] for v in dashboard["templating"]["list"] if v["type"] == "query"]
    assert sources and all(s == {"type": "prometheus", "uid": "${DS_PROMETHEUS}"} for s in sources)


def test_rules_and_dashboard_match_every_service_wherever_they_match_several() -> None:
    text = (PROMETHEUS / "rules.yml").read_text() + "\n".join(_dashboard_queries())
    text += json.dumps(_dashboard()["templating"])
    groups = re.findall(r"anushravan_\(([a-z|]+)\)_", text) + re.findall(r'job=~\\?"([a-z|]+)\\?"', text)
    assert groups and {g for g in groups} == {ALTERNATIVES}, set(groups)
    absent = re.findall(r'absent\(up\{job="([a-z]+)"\}\)', (PROMETHEUS / "rules.yml").read_text())
    assert absent == list(PORTS)


def test_rules_and_dashboard_use_only_metrics_the_services_publish() -> None:
    text = (PROMETHEUS / "rules.yml").read_text() + "\n".join(_dashboard_queries())
    for suffix in re.findall(ANY_SERVICE, text):
        assert re.sub(r"_(bucket|sum|count)$", "", suffix) in GENERIC, suffix
    for service, rest in re.findall(ONE_SERVICE, text):
        name = re.sub(r"_(bucket|sum|count)$", "", f"anushravan_{service}_{rest}")
        assert service in PORTS and (name in DOMAIN or name.removeprefix(f"anushravan_{service}_")
                                     in GENERIC), name


def test_prometheus_scrapes_every_service_on_its_port_as_a_job_of_its_name() -> None:
    config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    for name, port in PORTS.items():
        assert jobs[name]["dns_sd_configs"] == [{"names": [name], "type": "A", "port": port}]
    assert config["rule_files"] == ["rules.yml"]


def test_dashboard_shows_the_pipeline_from_ingest_to_minutes() -> None:
    queries = " ".join(_dashboard_queries())
    for shown in ("ingest_http_requests_total", "ingest_broker_ack_seconds_bucket",
                  "ingest_submissions_total", "ingest_rejections_total", "scoring_submissions_total",
                  "scoring_regrades_total", "_consumer_lag_messages", "_last_processed_timestamp_seconds",
                  "_dead_letters_total", "alerts_raised_total", "reports_versions_total"):
        assert shown in queries, shown


def test_dashboard_is_provisioned_from_the_mounted_folder_with_the_default_datasource() -> None:
    grafana = DEPLOY / "grafana" / "provisioning"
    datasource = yaml.safe_load((grafana / "datasources" / "prometheus.yaml").read_text())["datasources"][0]
    assert datasource["type"] == "prometheus" and datasource["isDefault"] is True
    provider = yaml.safe_load((grafana / "dashboards" / "anushravan.yaml").read_text())["providers"][0]
    mount = f"./deploy/grafana/dashboards:{provider['options']['path']}:ro"
    assert mount in _compose()["grafana"]["volumes"]


def test_every_alert_has_a_summary_a_description_and_an_absolute_runbook_url() -> None:
    for rule in _alert_rules():
        annotations = rule["annotations"]
        assert annotations["summary"] and annotations["description"], rule["alert"]
        assert re.fullmatch(re.escape(RUNBOOK_BASE) + r"#runbook-[a-z0-9-]+", annotations["runbook_url"]), rule
        assert "runbook" not in annotations, rule["alert"]
        assert rule["labels"]["severity"] in {"warning", "critical"}, rule["alert"]
    assert RUNBOOK_BASE in (PROMETHEUS / "rules.yml").read_text().split("groups:")[0]


def test_every_runbook_link_leads_to_a_heading_of_the_deploy_readme() -> None:
    text = (DEPLOY / "README.md").read_text()
    headings = re.findall(r"^#+\s+(.+?)\s*$", text, flags=re.MULTILINE)
    # GitHub's anchors: lower case, punctuation dropped, spaces as hyphens.
    anchors = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}
    for rule in _alert_rules():
        base, anchor = rule["annotations"]["runbook_url"].split("#")
        assert base == RUNBOOK_BASE and anchor in anchors, rule["alert"]


def test_every_compose_image_is_pinned_to_a_version() -> None:
    for name, service in _compose().items():
        assert PINNED.match(service["image"]), f"{name}: {service['image']}"


def test_compose_services_wait_for_topics_catalogue_and_keys_and_probe_readyz() -> None:
    compose = _compose()
    for name, port in PORTS.items():
        service = compose[name]
        assert service["command"] == ["serve", name]
        assert service["image"] == f"anushravan:{_project_version()}"
        assert service["environment"]["ANUSHRAVAN_HTTP_PORT"] == str(port)
        assert f"127.0.0.1:{port}/readyz" in " ".join(service["healthcheck"]["test"])
        conditions = {dep: spec["condition"] for dep, spec in service["depends_on"].items()}
        assert conditions == {"kafka": "service_healthy", "mongodb": "service_healthy",
                              "topics": "service_completed_successfully",
                              "catalog": "service_completed_successfully",
                              "keys": "service_completed_successfully"}


def test_compose_runs_the_production_settings() -> None:
    compose = _compose()
    assert compose["topics"]["command"] == ["topics", "create"]
    assert compose["catalog"]["command"] == ["catalog", "publish", "catalog/schemes.yaml"]
    assert "rs.initiate" in " ".join(compose["mongodb"]["healthcheck"]["test"])
    for name in PORTS:
        environment = compose[name]["environment"]
        assert environment["ANUSHRAVAN_KAFKA_IDEMPOTENCE"] == "true"
        assert "replicaSet=" in environment["MONGODB_URL"]
        keys_dir = str(Path(environment["ANUSHRAVAN_API_KEYS_FILE"]).parent)
        console = [f"{CONSOLE_SECRETS}:ro"] if name == "console" else []
        assert compose[name]["volumes"] == [f"api-keys:{keys_dir}:ro", *console], name
    # Only the one-shot that writes them and the console see the console's key and users.
    assert [n for n, s in compose.items() if any(CONSOLE_SECRETS in v for v in s.get("volumes", []))] == [
        "keys", "console"]
    for name in ("keys", "console"):
        assert str(Path(compose[name]["environment"]["ANUSHRAVAN_USERS_FILE"]).parent) == CONSOLE_SECRETS.split(":")[1]


def test_no_secret_is_published_with_the_deployment_files() -> None:
    texts = {p: p.read_text() for p in [ROOT / "docker-compose.yml", *DEPLOY.rglob("*.y*ml")]}
    assert texts and not list(DEPLOY.glob("keys*.yaml"))
    for path, text in texts.items():
        assert not re.search(r"\b[0-9a-f]{64}\b", text), f"{path}: a key hash"
        assert not re.search(r"^kind:\s*Secret\b", text, flags=re.MULTILINE), f"{path}: a Secret"
        literal = re.search(SECRET_LITERAL, text)
        assert not literal, f"{path}: {literal[0] if literal else ''}"


def _keys_command() -> str:
    """The first-start command of compose's `keys` one-shot, as the shell receives it."""
    keys = _compose()["keys"]
    assert keys["entrypoint"] == ["sh", "-c"]
    [script] = keys["command"]
    return str(script).replace("$$", "$")


def _first_start(tmp_path: Path) -> tuple[dict[str, str], Path, Path, Path]:
    """The `keys` one-shot's environment as compose gives it, with its volumes in tmp_path."""
    compose = _compose()["keys"]["environment"]
    keys_file, users_file = tmp_path / "keys" / "keys.yaml", tmp_path / "console" / "users.yaml"
    console_key = tmp_path / "console" / "api-key"
    for volume in (keys_file.parent, users_file.parent):
        volume.mkdir()  # the volumes exist, empty, at the first start
    assert {"ANUSHRAVAN_API_KEYS_FILE", "ANUSHRAVAN_USERS_FILE", "CONSOLE_API_KEY_FILE"} <= set(compose)
    env = {**os.environ, "ANUSHRAVAN_API_KEYS_FILE": str(keys_file), "ANUSHRAVAN_USERS_FILE": str(users_file),
           "CONSOLE_API_KEY_FILE": str(console_key),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return env, keys_file, console_key, users_file


def _start(env: dict[str, str]) -> str:
    done = subprocess.run(["sh", "-c", _keys_command()], env=env, capture_output=True, text=True,
                          timeout=120, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_compose_generates_an_admin_key_at_the_first_start_and_keeps_the_file_after(tmp_path: Path) -> None:
    env, keys_file, _, _ = _first_start(tmp_path)
    first = _start(env)
    [secret] = re.findall(r"^(anu_[A-Za-z0-9_-]{24,})$", first, flags=re.MULTILINE)
    principal = load_keys(keys_file).authenticate(secret)
    assert principal is not None and principal.role == "admin", first
    stored = keys_file.read_text()
    assert "exists, kept" in _start(env) and keys_file.read_text() == stored


def test_compose_generates_the_consoles_key_unprinted_and_a_first_login_printed_once(tmp_path: Path) -> None:
    env, keys_file, console_key, users_file = _first_start(tmp_path)
    first = _start(env)
    key = console_key.read_text().removesuffix("\n")  # one line; the console's entrypoint drops the newline
    principal = load_keys(keys_file).authenticate(key)
    assert principal is not None
    assert (principal.key_id, principal.role, principal.acts_for_users) == ("console", "admin", True)
    assert key not in first and "\n" not in key and console_key.stat().st_mode & 0o077 == 0
    [password] = re.findall(r"user command-centre \(role state\), password (\S+)$", first, flags=re.MULTILINE)
    user = load_users(users_file).authenticate("command-centre", password)
    assert user is not None and user.role == "state"
    files = {p: p.read_text() for p in (keys_file, console_key, users_file)}
    again = _start(env)
    assert password not in again and {p: p.read_text() for p in files} == files
    # A lost console key file gets a new key; the old one, whose secret nobody has, is revoked.
    console_key.unlink()
    _start(env)
    assert [k.id for k in load_keys(keys_file).keys].count("console") == 1
    renewed = console_key.read_text().removesuffix("\n")
    assert load_keys(keys_file).authenticate(key) is None and load_keys(keys_file).authenticate(renewed) is not None


def test_the_console_container_hands_its_key_from_the_file_to_the_setting_and_refuses_to_start_without(
    tmp_path: Path,
) -> None:
    console = _compose()["console"]
    stub = tmp_path / "bin" / "anushravan"
    stub.parent.mkdir()
    stub.write_text('#!/bin/sh\nprintf "%s|%s" "$ANUSHRAVAN_CONSOLE_API_KEY" "$*"\n')
    stub.chmod(0o755)
    key_file = tmp_path / "api-key"
    key_file.write_text("anu_the-console-s-key\n")
    command = [str(part).replace("$$", "$") for part in [*console["entrypoint"], *console["command"]]]
    env = {**os.environ, "CONSOLE_API_KEY_FILE": str(key_file),
           "PATH": f"{stub.parent}{os.pathsep}{os.environ['PATH']}"}
    # The console reads the file the `keys` one-shot writes.
    assert console["environment"]["CONSOLE_API_KEY_FILE"] == _compose()["keys"]["environment"]["CONSOLE_API_KEY_FILE"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout) == (0, "anu_the-console-s-key|serve console"), done.stderr
    key_file.unlink()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0 and "serve console" not in done.stdout
