"""Settings, read from the environment with the names of CONTRACT §5."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ServiceName = Literal["ingest", "scoring", "alerts", "reports", "console"]
DEFAULT_PORTS: dict[str, int] = {"ingest": 8001, "scoring": 8002, "alerts": 8003, "reports": 8004,
                                 "console": 8005}


class Settings(BaseSettings):
    """One settings object for every service; each reads what it needs."""

    model_config = SettingsConfigDict(
        env_prefix="ANUSHRAVAN_", extra="ignore", frozen=True, populate_by_name=True,
    )

    kafka_bootstrap_servers: str | None = Field(
        default=None, validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS"),
        description="the broker; unset means the embedded broker",
    )
    mongodb_url: str | None = Field(default=None, validation_alias=AliasChoices("MONGODB_URL"))
    mongodb_database: str = Field(
        default="anushravan", min_length=1, validation_alias=AliasChoices("MONGODB_DATABASE"),
    )
    api_keys_file: Path | None = Field(
        default=None, validation_alias=AliasChoices("ANUSHRAVAN_API_KEYS_FILE"),
    )
    # Apache Kafka supports the idempotent producer; the embedded Tansu rejects it (STACK.md).
    kafka_idempotence: bool = False
    # Tansu answers a waiting fetch only when this expires, so it is every hop's latency floor.
    fetch_max_wait_ms: int = Field(default=20, ge=1, le=10_000)
    max_batch_records: int = Field(default=500, ge=1, le=20_000)
    # Majority and journaled in production; the embedded server is a single node.
    mongodb_write_concern: Literal["majority", "1"] = "majority"
    mongodb_journal: bool = True
    # Replicas of each topic created by `anushravan topics create` / `up`: 3 on a production cluster.
    topic_replication_factor: int = Field(default=1, ge=1, le=10)
    # `anushravan up` / `demo`: put the services on free ports instead of 8001–8004.
    stack_free_ports: bool = False
    http_host: str = "127.0.0.1"
    http_port: int | None = Field(default=None, ge=1, le=65535)
    log_level: str = "INFO"
    log_json: bool = True
    state_dir: Path = Path(".anushravan")
    # The latest period that may be named is this month (tests pin it).
    today: str | None = Field(default=None, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    # The earliest period that may be named is April of this year (`shared/periods.py`).
    first_financial_year: int = Field(default=2018, ge=1947, le=9998)
    rank_publish_interval_s: float = Field(default=1.0, ge=0.0, le=60.0)
    rank_drop_threshold: int = Field(default=10, ge=1, le=10_000)
    minutes_debounce_s: float = Field(default=2.0, ge=0.0, le=600.0)
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_batch_lines: int = Field(default=20_000, ge=1)
    rate_limit_per_minute: int = Field(default=600, ge=1)
    # Ingest: a 10,000-line CSV is about 1 MiB, so a batch may be larger than one submission.
    max_batch_body_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    # Ingest: how long to wait for the broker's acknowledgement before answering 503.
    ingest_ack_timeout_s: float = Field(default=5.0, gt=0.0, le=60.0)
    # Ingest: events of a batch in flight at once; an unacknowledged chunk stops the rest.
    ingest_publish_chunk: int = Field(default=1000, ge=1, le=100_000)
    # Alerts: fetch wait of the alert path (scores.updated); unset = fetch_max_wait_ms.
    alerts_fetch_max_wait_ms: int | None = Field(default=None, ge=1, le=10_000)
    # Alerts: how long a deadline waits for scores.updated to be stored before retrying.
    alerts_deadline_wait_s: float = Field(default=30.0, gt=0.0, le=600.0)
    # Reports: the meeting is held on this day of the month after the period (the real minutes: 16th).
    minutes_meeting_day: int = Field(default=16, ge=1, le=28)
    # Reports: a draft under a steady stream of changes is regenerated at least this often.
    minutes_max_wait_s: float = Field(default=30.0, ge=0.0, le=3600.0)
    # Reports: YAML with the general instructions and signature of the minutes (unset: defaults).
    minutes_texts_file: Path | None = None
    # Reports: PDFs are printed in this many worker processes (or threads) off the event loop
    # (services/reports/printing.py), kept per version in `reports_rendered` (at most
    # `pdf_cache_max` documents, least recently used out first), and printed ahead for a frozen
    # period's drafts once quiet this long (0: never ahead, only on request).
    pdf_workers: int = Field(default=2, ge=1, le=16)
    pdf_executor: Literal["process", "thread"] = "process"
    pdf_cache_max: int = Field(default=1200, ge=10, le=1_000_000)
    pdf_prerender_after_s: float = Field(default=30.0, ge=0.0, le=86_400.0)
    # HTTP limits before any work (`shared/limits.py`; the reverse proxy's are in deploy/proxy/).
    http_max_header_bytes: int = Field(default=16 * 1024, ge=1024, le=1024 * 1024)
    http_max_json_body_bytes: int = Field(default=64 * 1024, ge=1024)
    http_header_timeout_s: float = Field(default=10.0, gt=0.0, le=300.0)
    http_body_idle_timeout_s: float = Field(default=15.0, gt=0.0, le=600.0)
    http_body_timeout_s: float = Field(default=120.0, gt=0.0, le=3600.0)
    http_limit_concurrency: int = Field(default=1000, ge=1)
    # Per replica, in memory: GET/HEAD per key and per client address; failed authentications
    # per client address. The client address is the proxy's unless it is trusted below.
    http_reads_per_minute_per_key: int = Field(default=1200, ge=1)
    http_reads_per_minute_per_address: int = Field(default=2400, ge=1)
    http_failed_auth_per_minute_per_address: int = Field(default=60, ge=1)
    http_forwarded_allow_ips: str = "127.0.0.1"
    # Alerts: the longest a silence may last.
    silence_max_days: int = Field(default=90, ge=1, le=3660)
    # Observability: how often consumer lag and the ready gauge are refreshed (tests: 1 s).
    metrics_interval_s: float = Field(default=5.0, ge=0.1, le=300.0)

    def port_for(self, service: str) -> int:
        return self.http_port or DEFAULT_PORTS[service]

    @property
    def bootstrap(self) -> str:
        if not self.kafka_bootstrap_servers:
            raise RuntimeError("KAFKA_BOOTSTRAP_SERVERS is not set and no embedded broker is running")
        return self.kafka_bootstrap_servers

    @property
    def mongo_url(self) -> str:
        if not self.mongodb_url:
            raise RuntimeError("MONGODB_URL is not set and no embedded database is running")
        return self.mongodb_url
