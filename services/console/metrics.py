"""The console's own metrics, beside the runtime's (HTTP, consumer, readiness)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge


class ConsoleMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        p = "anushravan_console"
        self.logins = Counter(f"{p}_logins", "Login attempts by outcome", ["outcome"], registry=registry)
        self.refusals = Counter(f"{p}_refusals", "Requests refused: no session, bad CSRF token, scope",
                                ["reason"], registry=registry)
        self.upstream = Counter(f"{p}_upstream_requests", "Reads of the other services by outcome",
                                ["service", "outcome"], registry=registry)
        self.cache = Counter(f"{p}_cache_lookups", "Upstream answers from the cache or not", ["outcome"],
                             registry=registry)
        self.live_streams = Gauge(f"{p}_live_streams", "Open Server-Sent Events streams", registry=registry)
        self.live_events = Counter(f"{p}_live_events", "Ranking changes sent to open pages", registry=registry)
