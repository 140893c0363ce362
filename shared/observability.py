"""Logging and metrics, wired once per service process."""

from __future__ import annotations

import json
import logging
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class JsonFormatter(logging.Formatter):
    """One JSON object per line, so log shippers need no parsing rules."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key.startswith("ctx_"):
                out[key[4:]] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO", as_json: bool = True) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if as_json else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # FastStream logs every message at INFO, which costs a third of the throughput (STACK.md).
    for noisy in ("faststream", "aiokafka", "pymongo", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def log_context(**ctx: Any) -> dict[str, Any]:
    """`extra=` for a log call: fields that land as top-level JSON keys."""
    return {f"ctx_{k}": v for k, v in ctx.items()}


@dataclass
class ServiceMetrics:
    """The metrics every service has; domain metrics are added by each service's metrics.py."""

    service: str
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        p, r = f"anushravan_{self.service}", self.registry
        self.http_requests = Counter(f"{p}_http_requests", "HTTP requests by route template and status",
                                     ["route", "method", "status"], registry=r)
        self.http_refusals = Counter(f"{p}_http_refusals", "Requests refused before any work (shared/guard.py), "
                                     "by code", ["code"], registry=r)
        self.http_duration = Histogram(f"{p}_http_request_duration_seconds", "HTTP request duration",
                                       ["route", "method"], buckets=LATENCY_BUCKETS, registry=r)
        self.messages = Counter(f"{p}_messages_processed", "Kafka messages processed by outcome",
                                ["topic", "outcome"], registry=r)
        self.message_duration = Histogram(f"{p}_message_duration_seconds",
                                          "Time to process one consumed batch, per message",
                                          ["topic"], buckets=LATENCY_BUCKETS, registry=r)
        self.lag = Gauge(f"{p}_consumer_lag_messages", "High-water mark minus position",
                         ["topic", "partition"], registry=r)
        self.last_processed = Gauge(f"{p}_last_processed_timestamp_seconds",
                                    "Unix time of the last message processed", ["topic"], registry=r)
        self.dead_letters = Counter(f"{p}_dead_letters", "Messages sent to a dead-letter topic",
                                    ["topic"], registry=r)
        self.duplicates = Counter(f"{p}_duplicates_skipped", "Redelivered or repeated messages skipped",
                                  ["topic"], registry=r)
        self.ready = Gauge(f"{p}_ready", "1 when broker and database are reachable", registry=r)
        self.retries = Counter(f"{p}_infrastructure_retries", "Batches retried after a broker or "
                               "database failure", ["topic"], registry=r)
        # The standard process_*, python_info and python_gc_* series of every Python exporter
        # (memory, CPU, open files, restarts), which a registry of our own does not carry.
        ProcessCollector(registry=r)
        PlatformCollector(registry=r)
        GCCollector(registry=r)
