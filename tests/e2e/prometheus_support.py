"""Debian's Prometheus for end-to-end tests: the project's real alert rules with shortened
durations and thresholds, a configuration scraping the services every second, the server as
a child process on a loopback port, and a small client for its HTTP API.

What the test changes in deploy/prometheus/rules.yml — and nothing else; every expression
stays the real one:
- every `for:` of 5m or 2m becomes 3s (the rules are evaluated every second);
- AnushravanConsumerLagGrowing: the lag threshold `> 1000` becomes `> LAG_THRESHOLD` (a test
  publishes a few hundred messages, not a month's deadline flood);
- AnushravanConsumerStalled: "nothing processed for `> 600` s" becomes `> 5` s.
A rewrite that no longer matches its rule exactly once fails the test, so the rules cannot
drift away from what the test claims to check.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from anushravan.embedded import free_port, stop_pid, wait_for_port

RULES = Path(__file__).resolve().parents[2] / "deploy" / "prometheus" / "rules.yml"
LAG_THRESHOLD = 40
FOR_DURATIONS = {"5m": "3s", "2m": "3s"}


@dataclass(frozen=True)
class Rewrite:
    rule: str
    old: str
    new: str


THRESHOLDS = (
    Rewrite("AnushravanConsumerLagGrowing", ":sum > 1000", f":sum > {LAG_THRESHOLD}"),
    Rewrite("AnushravanConsumerStalled", ":min > 600", ":min > 5"),
)

Sample = dict[str, Any]


def prometheus_binary() -> str | None:
    return shutil.which("prometheus") or (
        "/usr/bin/prometheus" if Path("/usr/bin/prometheus").exists() else None)


def _rules(doc: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for group in doc["groups"]:
        yield from group["rules"]


def scaled_rules(source: Path = RULES) -> dict[str, Any]:
    """The rules file with the rewrites above applied; raises if one does not apply exactly once."""
    doc: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))
    for rule in _rules(doc):
        if "for" in rule:
            rule["for"] = FOR_DURATIONS[rule["for"]]
    by_name = {r.get("alert") or r.get("record"): r for r in _rules(doc)}
    for rewrite in THRESHOLDS:
        expr = by_name[rewrite.rule]["expr"]
        if expr.count(rewrite.old) != 1:
            raise ValueError(f"{rewrite.rule}: expected {rewrite.old!r} once in {expr!r}")
        by_name[rewrite.rule]["expr"] = expr.replace(rewrite.old, rewrite.new)
    return doc


def scrape_config(targets: Mapping[str, str], rules_file: Path) -> dict[str, Any]:
    """One job per service named after it, as in deploy/prometheus/prometheus.yml."""
    return {
        "global": {"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(rules_file)],
        "scrape_configs": [{"job_name": job, "static_configs": [{"targets": [target]}]}
                           for job, target in targets.items()],
    }


@dataclass
class Prometheus:
    """A Prometheus server on 127.0.0.1 with its data in a temporary directory."""

    workdir: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.workdir / "prometheus.log"

    def start(self, binary: str, targets: Mapping[str, str]) -> Prometheus:
        rules_file = self.workdir / "rules.yml"
        rules_file.write_text(yaml.safe_dump(scaled_rules(), sort_keys=False))
        config = self.workdir / "prometheus.yml"
        config.write_text(yaml.safe_dump(scrape_config(targets, rules_file), sort_keys=False))
        self.proc = subprocess.Popen(
            [binary, f"--config.file={config}", f"--storage.tsdb.path={self.workdir / 'data'}",
             f"--web.listen-address=127.0.0.1:{self.port}", "--log.level=warn"],
            stdout=self.log_path.open("ab"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for_port(self.port, self.proc, 30, "prometheus")
        deadline = time.monotonic() + 30
        while httpx.get(f"{self.url}/-/ready", timeout=2).status_code != 200:
            if time.monotonic() > deadline:
                raise TimeoutError(f"prometheus not ready: {self.log_path.read_text()[-2000:]}")
            time.sleep(0.1)
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            stop_pid(self.proc.pid, timeout=10)
            self.proc.wait()


class PrometheusApi:
    """Queries /api/v1; remembers the latest answers so that a failure can show them."""

    def __init__(self, url: str, explain: Callable[[], str] = lambda: "") -> None:
        self.url = url
        self.explain = explain
        # The latest answer to each of the last few distinct questions, newest last.
        self.history: dict[str, object] = {}

    def query(self, expr: str) -> list[Sample]:
        body = httpx.get(f"{self.url}/api/v1/query", params={"query": expr}, timeout=5).json()
        if body.get("status") != "success":
            raise AssertionError(f"query {expr!r} failed: {body}")
        result: list[Sample] = body["data"]["result"]
        self._remember(expr, [(s["metric"], s["value"][1]) for s in result])
        return result

    def values(self, expr: str, *by: str) -> dict[tuple[str, ...], float]:
        """The instant vector as {(label values of `by`...): value}."""
        return {tuple(s["metric"].get(b, "") for b in by): float(s["value"][1]) for s in self.query(expr)}

    def alerts(self, name: str) -> list[Sample]:
        body = httpx.get(f"{self.url}/api/v1/alerts", timeout=5).json()
        found = [a for a in body["data"]["alerts"] if a["labels"].get("alertname") == name]
        self._remember(f"/api/v1/alerts {name}", [(a["labels"], a["state"]) for a in found])
        return found

    def firing(self, alert: str, **labels: str) -> list[Sample]:
        """The firing instances of an alert whose labels include `labels`."""
        return [a for a in self.alerts(alert) if a["state"] == "firing"
                and all(a["labels"].get(k) == v for k, v in labels.items())]

    def wait_until(self, what: str, probe: Callable[[], Any], holds: Callable[[Any], bool],
                   timeout_s: float) -> Any:
        """Poll `probe` until `holds(result)`; on timeout fail with the evidence."""
        deadline = time.monotonic() + timeout_s
        while True:
            result = probe()
            if holds(result):
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout_s} s waiting for {what}; last: {result!r}\n"
                                     + self.evidence())
            time.sleep(0.5)

    def _remember(self, question: str, answer: object) -> None:
        self.history.pop(question, None)
        self.history[question] = answer
        while len(self.history) > 12:
            del self.history[next(iter(self.history))]

    def evidence(self) -> str:
        queries = "\n".join(f"  {q}\n    -> {r!r}"[:1500] for q, r in self.history.items())
        return f"--- latest Prometheus answers:\n{queries}\n{self.explain()}"
