"""The reports service's own metrics, registered beside the ones every service has."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from shared.observability import LATENCY_BUCKETS


@dataclass
class ReportsMetrics:
    """Versions written, documents rendered, regenerations by outcome, records set aside."""

    registry: CollectorRegistry

    def __post_init__(self) -> None:
        r = self.registry
        # No "minutes" in metric names: Prometheus reads it as a unit (promtool check metrics).
        self.versions = Counter("anushravan_reports_versions", "Versions of the review-meeting minutes "
                                "stored (drafts and finals)", registry=r)
        self.renders = Counter("anushravan_reports_renders", "Minutes and booklets rendered, by format",
                               ["format"], registry=r)
        self.regenerations = Counter("anushravan_reports_regenerations", "Draft regenerations by outcome: "
                                     "new_version, unchanged, final (refused), no_data, failed",
                                     ["outcome"], registry=r)
        self.regeneration_seconds = Histogram("anushravan_reports_regeneration_duration_seconds",
                                              "Time to load, assemble and render one draft",
                                              buckets=LATENCY_BUCKETS, registry=r)
        self.ignored = Counter("anushravan_reports_records_ignored", "Consumed records the reports "
                               "service has no use for, by topic and reason", ["topic", "reason"], registry=r)
        self.pending = Gauge("anushravan_reports_drafts_pending", "District-periods whose draft "
                             "waits to be regenerated (dirty marks in MongoDB)", registry=r)
        self.dead_drafts = Gauge("anushravan_reports_dead_drafts", "District-periods whose draft could not be "
                                 "prepared and was set aside with its reason (alert: AnushravanMinutesNotDrafted)",
                                 registry=r)
        self.pdf_lookups = Counter("anushravan_reports_pdf_lookups", "PDFs asked for, by kind (minutes, booklet) "
                                   "and outcome: hit (kept), printed, shared (another request printed it)",
                                   ["kind", "outcome"], registry=r)
        self.pdf_seconds = Histogram("anushravan_reports_pdf_print_duration_seconds", "Time to print one PDF, "
                                     "waiting for a worker included", buckets=LATENCY_BUCKETS, registry=r)
        self.pdf_prerendered = Counter("anushravan_reports_pdf_prerendered", "PDFs printed ahead of the "
                                       "meeting day for frozen periods' drafts", registry=r)
