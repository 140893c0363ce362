"""The benchmark result as Markdown tables, for the README: `python -m bench.table [FILE]`
(default bench/results/latest.json). Every figure stands beside the raw ceiling of the same run."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

LATEST = Path(__file__).resolve().parent / "results" / "latest.json"


def _n(value: Any, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, float) and not value.is_integer():
        places = 2 if abs(value) < 10 else 1 if abs(value) < 100 else 0
        text = f"{value:,.{places}f}"
    else:
        text = f"{int(value):,}"
    return f"{text}{unit}"


def _share(value: Any) -> str:
    if value is None:
        return "—"
    percent = 100 * float(value)
    return f"{percent:.1f} %" if percent < 10 else f"{percent:.0f} %"


def raw(result: dict[str, Any]) -> list[str]:
    r = result.get("raw", {})
    return [
        "| raw ceiling (same run, same servers, no application) | value |", "|---|---|",
        f"| aiokafka produce (acks=all) | {_n(r.get('produce_msgs_per_s'))} msg/s |",
        f"| aiokafka consume → produce → commit | {_n(r.get('consume_produce_msgs_per_s'))} msg/s |",
        f"| produce → consume round trip p50 / p99 | {_n(r.get('roundtrip_p50_ms'))} / "
        f"{_n(r.get('roundtrip_p99_ms'))} ms |",
        f"| PyMongo insert, batches of 2,000 | {_n(r.get('db_insert_docs_per_s'))} docs/s |",
        f"| PyMongo, scoring's writes per submission (lookup + 2 inserts) | "
        f"{_n(r.get('db_scoring_pattern_per_s'))} /s |",
    ]


def services(result: dict[str, Any]) -> list[str]:
    s, i, a = result.get("scoring", {}), result.get("ingest", {}), result.get("alerts", {})
    rows = ["| service figure | value | against the ceiling | target |", "|---|---|---|---|"]
    if s and "error" not in s:
        rows += [
            f"| scoring: rank update, {_n(s.get('ranking_units'))} units | {_n(s.get('ranking_us_per_update'))} µs "
            "| — | < 50 µs |",
            f"| scoring: submissions/s with storage ({_n(s.get('service_submissions'))} waiting) | "
            f"{_n(s.get('service_submissions_per_s'))} | {_share(s.get('service_vs_db_ceiling'))} of the database "
            "ceiling | ≥ 5,000 |",
            f"| scoring: Kafka side alone (consume, score, publish) | {_n(s.get('kafka_side_submissions_per_s'))}/s | "
            f"{_share(s.get('kafka_side_vs_raw'))} of consume → produce; "
            f"{_share(s.get('kafka_side_vs_raw_same_submissions'))} of the same submissions relayed "
            f"({_n(s.get('raw_relay_same_submissions_msgs_per_s'))}/s) | ≥ 40 % |",
            f"| scoring: publish → scheme.scored.v1 at 500/s, p50 / p99 | {_n(s.get('latency_p50_ms'))} / "
            f"{_n(s.get('latency_p99_ms'))} ms | raw p99 {_n(s.get('raw_roundtrip_p99_ms'))} ms | p99 < 50 ms |",
            f"| scoring: RSS after the submissions | {_n(s.get('service_rss_mb_after'))} MiB | — | — |",
        ]
    if i and "error" not in i:
        rows += [
            f"| ingest: single submissions, 32 clients | {_n(i.get('single_concurrent32_per_s'))}/s "
            f"(p99 {_n(i.get('single_concurrent32_p99_ms'))} ms) | {_share(i.get('single_vs_raw'))} of produce | — |",
            f"| ingest: CSV batch of {_n(i.get('batch_lines'))} lines | {_n(i.get('batch_lines_per_s'))} lines/s | "
            f"{_share(i.get('batch_vs_raw'))} of produce | — |",
        ]
    if a and "error" not in a:
        rows += [
            f"| alerts: grade drop → alert, p50 / p99 | {_n(a.get('grade_drop_to_alert_p50_ms'))} / "
            f"{_n(a.get('grade_drop_to_alert_p99_ms'))} ms | {_n(a.get('p50_vs_raw_roundtrip'))} × raw p50 | "
            "p50 < 50 ms |",
        ]
    return rows


def console(result: dict[str, Any]) -> list[str]:
    c = result.get("console", {})
    if not c or "error" in c:
        return []
    return [
        f"| console figure ({_n(c.get('sessions'))} sessions, {_n(c.get('pages_per_s'))} pages/s, "
        f"{_n(c.get('errors'))} errors) | p50 / p95 / p99 | target |", "|---|---|---|",
        *(f"| {kind} page, {label} | {_n(c.get(f'{kind}_{where}_p50_ms'))} / {_n(c.get(f'{kind}_{where}_p95_ms'))} / "
          f"{_n(c.get(f'{kind}_{where}_p99_ms'))} ms | {'p95 < 300 ms' if where == 'server' else '—'} |"
          for kind in ("overview", "district") for where, label in (("server", "console's time"),
                                                                    ("client", "as the browser waits"))),
        f"| rank change published on Kafka → every open page's event stream ({_n(c.get('live_streams'))} open) "
        f"| {_n(c.get('live_delay_p50_ms'))} ms median, {_n(c.get('live_delay_max_ms'))} ms at most | < 2 s |",
        f"| console RSS after the load | {_n(c.get('console_rss_mb'))} MiB | < 150 MB |",
    ]


def pipeline(result: dict[str, Any]) -> list[str]:
    p = result.get("pipeline", {})
    if not p or "error" in p:
        return []
    rows = ["| offered /s | accepted /s | scored /s | alert p50 / p99 | minutes p50 / p99 | ingest batch p99 "
            "| lag at end of offer (scoring / alerts / reports) | RSS MiB (ingest / scoring / alerts / reports) |",
            "|---|---|---|---|---|---|---|---|"]
    for step in p.get("steps", []):
        lag, rss = step.get("lag_at_end_of_offer", {}), step.get("rss_mb", {})
        rows.append(
            f"| {_n(step['offered_per_s'])} | {_n(step['accepted_per_s'])} | {_n(step['scored_per_s'])} | "
            f"{_n(step.get('alert_p50_ms'))} / {_n(step.get('alert_p99_ms'))} ms | "
            f"{_n(step.get('minutes_p50_ms'))} / {_n(step.get('minutes_p99_ms'))} ms | "
            f"{_n(step.get('ingest_batch_p99_ms'))} ms | "
            f"{_n(lag.get('scoring'))} / {_n(lag.get('alerts'))} / {_n(lag.get('reports'))} | "
            f"{' / '.join(_n(rss.get(k)) for k in ('ingest', 'scoring', 'alerts', 'reports'))} |")
    rows.append("")
    rows.append(f"Sustained end to end: **{_n(p.get('sustained_submissions_per_s'))} submissions/s** "
                f"(raw produce ceiling of the same run: {_n(p.get('raw_produce_msgs_per_s'))} msg/s).")
    return rows


def render(result: dict[str, Any]) -> str:
    machine = result.get("machine", {})
    head = (f"Run of {result.get('started_at', '?')} on {machine.get('cpus', '?')} cores, Python "
            f"{machine.get('python', '?')}{' (--quick)' if result.get('quick') else ''}.")
    parts = [head, "", *raw(result), "", *services(result)]
    people = console(result)
    if people:
        parts += ["", *people]
    flow = pipeline(result)
    if flow:
        parts += ["", "Whole pipeline (ingest HTTP → scoring → alerts → reports), rising offered rate:", "", *flow]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else LATEST
    sys.stdout.write(render(json.loads(path.read_text())))
