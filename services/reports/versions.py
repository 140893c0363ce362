"""A version of the minutes as it is stored: the assembled document, its number and status,
a hash of its content, and its Markdown and HTML in both languages rendered beside it, so
that a version reads the same forever, whatever later happens to the templates."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from services.reports.minutes_store import version_id
from services.reports.rankings import pair_key
from services.reports.rendering import LANGS, render_minutes
from shared.events.envelope import derived_id
from shared.events.reports import MINUTES_UPDATED

STORED_FORMATS = ("md", "html")
# Bookkeeping that is not part of the minutes a reader gets.
_PRIVATE = ("_id", "rendered", "published", "created_at_s", "dp")  # dp: the lookup key (minutes_store)
# About the version rather than what the minutes say.
_META = ("version", "status", "content_hash", "created_at", "trigger", "by", "via", "finalized_from")


def content_of(doc: Mapping[str, Any]) -> dict[str, Any]:
    """What the minutes say, without the version's numbering, status and provenance."""
    return {k: v for k, v in doc.items() if k not in _PRIVATE and k not in _META}


def content_hash(doc: Mapping[str, Any]) -> str:
    """What the minutes say, hashed: a regeneration that says the same adds no version."""
    said = json.dumps(content_of(doc), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(said.encode()).hexdigest()


def build_version(
    content: Mapping[str, Any], *, version: int, status: str, trigger: str, by: str | None,
    now: float, created_at: str, extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The document of one version: content, numbering, provenance and renderings."""
    doc: dict[str, Any] = {
        **content_of(content), **(extra or {}),
        "version": version, "status": status,
        "content_hash": content_hash(content),
        "created_at": created_at, "trigger": trigger, "by": by,
    }
    doc["rendered"] = render_all(doc)
    doc.update(_id=version_id(doc["district"], doc["period"], version), dp=pair_key(doc["district"], doc["period"]),
               created_at_s=now, published=False)
    return doc


def render_all(doc: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Markdown and HTML in every language (PDF is printed from the HTML on request)."""
    public = dict(doc)
    return {lang: {fmt: render_minutes(public, lang, fmt).decode("utf-8")  # type: ignore[arg-type]
                   for fmt in STORED_FORMATS} for lang in LANGS}


def public(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The minutes as the API and the JSON format give them (CONTRACT §3)."""
    return {k: v for k, v in doc.items() if k not in _PRIVATE}


def event_id(district: str, period: str, version: int) -> str:
    """The CloudEvents id of a version's `minutes.updated.v1`: re-publishing repeats it."""
    return derived_id(MINUTES_UPDATED, district, period, version)
