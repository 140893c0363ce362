"""The production deployment files: each passes its own tool's check (promtool, amtool,
docker-compose), and they agree with each other and with the code (ports, topics, partitions,
metric names, one pinned image)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from shared.topics import PROGRESS_SUBMITTED, SCORES_UPDATED, TOPICS

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PROMETHEUS = DEPLOY / "prometheus"
K8S = DEPLOY / "k8s"
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "anushravan-pipeline.json"
PORTS = {"ingest": 8001, "scoring": 8002, "alerts": 8003, "reports": 8004}
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
    "anushravan_alerts_published_total", "anushravan_reports_minutes_versions_total",
    "anushravan_reports_renders_total", "anushravan_reports_dead_drafts",
}
ANY_SERVICE = r"anushravan_\(ingest\|scoring\|alerts\|reports\)_([a-z_]+)"
ONE_SERVICE = r"(?<![:\w])anushravan_([a-z]+)_([a-z_]+)"


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package}; `make` installs it)")
    return path


def _passes(*command: str, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})}, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def _compose() -> dict[str, Any]:
    services: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    return services


def _k8s(name: str) -> dict[str, dict[str, Any]]:
    """The objects of one manifest file, by kind (each file holds one object of a kind)."""
    docs = [d for d in yaml.safe_load_all((K8S / name).read_text()) if d]
    return {d["kind"]: d for d in docs}


def _container(workload: dict[str, Any]) -> dict[str, Any]:
    """The one container of a Deployment or Job."""
    containers: list[dict[str, Any]] = workload["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return containers[0]


def _alert_rules() -> list[dict[str, Any]]:
    groups = yaml.safe_load((PROMETHEUS / "rules.yml").read_text())["groups"]
    return [rule for group in groups for rule in group["rules"] if "alert" in rule]


def _dashboard_queries() -> list[str]:
    panels = json.loads(DASHBOARD.read_text())["panels"]
    return [t["expr"] for p in panels for t in p.get("targets", [])]


def _project_version() -> str:
    version: str = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    return version


def test_prometheus_config_passes_promtool() -> None:
    _passes(_tool("promtool", "prometheus"), "check", "config", str(PROMETHEUS / "prometheus.yml"))


def test_alert_rules_pass_promtool() -> None:
    _passes(_tool("promtool", "prometheus"), "check", "rules", str(PROMETHEUS / "rules.yml"))


def test_alert_rules_fire_exactly_as_their_unit_tests_say() -> None:
    _passes(_tool("promtool", "prometheus"), "test", "rules", str(PROMETHEUS / "rules.test.yml"))


def test_alertmanager_config_passes_amtool() -> None:
    _passes(_tool("amtool", "prometheus-alertmanager"), "check-config",
            str(PROMETHEUS / "alertmanager.yml"))


def test_compose_file_passes_docker_compose_config() -> None:
    _passes(_tool("docker-compose", "docker-compose"), "-f", "docker-compose.yml", "config", "-q",
            env={"GRAFANA_ADMIN_PASSWORD": "test-only"})


def test_every_dashboard_query_is_valid_promql(tmp_path: Path) -> None:
    promtool = _tool("promtool", "prometheus")
    grafana_variables = {"$__rate_interval": "5m", "$__range": "1h", "$__interval": "1m"}
    rules = []
    for number, query in enumerate(_dashboard_queries()):
        for variable, value in grafana_variables.items():
            query = query.replace(variable, value)
        rules.append({"record": f"dashboard:query_{number}", "expr": query})
    rules_file = tmp_path / "dashboard_rules.yml"
    rules_file.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    _passes(promtool, "check", "rules", str(rules_file))


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
                  "_dead_letters_total", "alerts_raised_total", "reports_minutes_versions_total"):
        assert shown in queries, shown


def test_dashboard_reads_the_provisioned_datasource_from_the_mounted_folder() -> None:
    grafana = DEPLOY / "grafana" / "provisioning"
    datasource = yaml.safe_load((grafana / "datasources" / "prometheus.yaml").read_text())["datasources"][0]
    panels = json.loads(DASHBOARD.read_text())["panels"]
    assert {p["datasource"]["uid"] for p in panels if "datasource" in p} == {datasource["uid"]}
    provider = yaml.safe_load((grafana / "dashboards" / "anushravan.yaml").read_text())["providers"][0]
    mount = f"./deploy/grafana/dashboards:{provider['options']['path']}:ro"
    assert mount in _compose()["grafana"]["volumes"]


def test_every_alert_has_a_summary_a_description_and_a_runbook_anchor() -> None:
    for rule in _alert_rules():
        annotations = rule["annotations"]
        assert annotations["summary"] and annotations["description"], rule["alert"]
        assert re.fullmatch(r"deploy/README\.md#runbook-[a-z0-9-]+", annotations["runbook"]), rule["alert"]
        assert rule["labels"]["severity"] in {"warning", "critical"}, rule["alert"]


def test_every_runbook_link_leads_to_a_heading() -> None:
    for rule in _alert_rules():
        path, anchor = rule["annotations"]["runbook"].split("#")
        text = (ROOT / path).read_text()
        headings = re.findall(r"^#+\s+(.+?)\s*$", text, flags=re.MULTILINE)
        # GitHub's anchors: lower case, punctuation dropped, spaces as hyphens.
        assert anchor in {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def test_every_compose_image_is_pinned_to_a_version() -> None:
    for name, service in _compose().items():
        assert PINNED.match(service["image"]), f"{name}: {service['image']}"


def test_the_services_and_jobs_run_one_image_tagged_with_the_project_version() -> None:
    compose = _compose()
    images = {compose[name]["image"] for name in (*PORTS, "topics", "catalog")}
    assert images == {f"anushravan:{_project_version()}"}
    k8s_images = {_container(_k8s(f"{name}.yaml")["Deployment"])["image"] for name in PORTS}
    job_images = {_container(job)["image"] for job in _jobs()}
    assert k8s_images | job_images == images


def test_compose_services_wait_for_topics_and_catalogue_and_probe_readyz() -> None:
    compose = _compose()
    for name, port in PORTS.items():
        service = compose[name]
        assert service["command"] == ["serve", name]
        assert service["environment"]["ANUSHRAVAN_HTTP_PORT"] == str(port)
        assert f"127.0.0.1:{port}/readyz" in " ".join(service["healthcheck"]["test"])
        conditions = {dep: spec["condition"] for dep, spec in service["depends_on"].items()}
        assert conditions == {"kafka": "service_healthy", "mongodb": "service_healthy",
                              "topics": "service_completed_successfully",
                              "catalog": "service_completed_successfully"}


def test_compose_runs_the_production_settings() -> None:
    compose = _compose()
    assert compose["topics"]["command"] == ["topics", "create"]
    assert compose["catalog"]["command"] == ["catalog", "publish", "catalog/schemes.yaml"]
    assert "rs.initiate" in " ".join(compose["mongodb"]["healthcheck"]["test"])
    for name in PORTS:
        environment = compose[name]["environment"]
        assert environment["ANUSHRAVAN_KAFKA_IDEMPOTENCE"] == "true"
        assert "replicaSet=" in environment["MONGODB_URL"]
        assert "./deploy/keys.example.yaml:/etc/anushravan/keys.yaml:ro" in compose[name]["volumes"]
    assert (ROOT / "deploy" / "keys.example.yaml").exists()


def test_example_keys_are_hashes_with_roles_and_the_k8s_secret_carries_the_same() -> None:
    example = yaml.safe_load((DEPLOY / "keys.example.yaml").read_text())
    for key in example["keys"]:
        assert re.fullmatch(r"[0-9a-f]{64}", key["sha256"]), key["id"]
        assert key["role"] in {"submitter", "viewer", "admin"}
    secret = _k8s("config.yaml")["Secret"]
    assert yaml.safe_load(secret["stringData"]["keys.yaml"]) == example


@pytest.mark.parametrize("name", sorted(PORTS))
def test_each_k8s_service_file_has_account_deployment_and_service_of_one_name(name: str) -> None:
    objects = _k8s(f"{name}.yaml")
    assert set(objects) == {"ServiceAccount", "Deployment", "Service"}
    assert {o["metadata"]["name"] for o in objects.values()} == {name}
    assert objects["Service"]["spec"]["ports"][0]["port"] == PORTS[name]
    pod = objects["Deployment"]["spec"]["template"]["spec"]
    assert pod["serviceAccountName"] == name and pod["securityContext"]["runAsNonRoot"] is True


@pytest.mark.parametrize("name", sorted(PORTS))
def test_each_k8s_deployment_is_probed_limited_and_locked_down(name: str) -> None:
    container = _container(_k8s(f"{name}.yaml")["Deployment"])
    assert container["args"] == ["serve", name]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    for bound in ("requests", "limits"):
        assert set(container["resources"][bound]) == {"cpu", "memory"}
    _assert_locked_down(container)


def _assert_locked_down(container: dict[str, Any]) -> None:
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    mounts = {m["mountPath"] for m in container["volumeMounts"]}
    keys_file = _k8s("config.yaml")["ConfigMap"]["data"]["ANUSHRAVAN_API_KEYS_FILE"]
    assert {"/tmp", str(Path(keys_file).parent)} <= mounts
    assert {"configMapRef": {"name": "anushravan-config"}} in container["envFrom"]


def _jobs() -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all((K8S / "jobs.yaml").read_text()) if d and d["kind"] == "Job"]


def test_k8s_jobs_create_the_topics_and_publish_the_catalogue_in_the_image() -> None:
    commands = [_container(job)["args"] for job in _jobs()]
    assert commands == [["topics", "create"], ["catalog", "publish", "catalog/schemes.yaml"]]
    assert (ROOT / "catalog" / "schemes.yaml").exists()
    for job in _jobs():
        _assert_locked_down(_container(job))


def test_keda_scales_scoring_and_alerts_on_their_lag_up_to_the_partition_count() -> None:
    scaled = {d["metadata"]["name"]: d for d in yaml.safe_load_all((K8S / "keda.yaml").read_text()) if d}
    expected = {"scoring": ("scoring", PROGRESS_SUBMITTED), "alerts": ("alerts", SCORES_UPDATED)}
    assert set(scaled) == set(expected)
    for name, (group, topic) in expected.items():
        trigger = scaled[name]["spec"]["triggers"][0]["metadata"]
        assert (trigger["consumerGroup"], trigger["topic"]) == (group, topic)
        assert scaled[name]["spec"]["scaleTargetRef"]["name"] == name
        assert scaled[name]["spec"]["maxReplicaCount"] == TOPICS[topic][0]
        assert "replicas" not in _k8s(f"{name}.yaml")["Deployment"]["spec"]
