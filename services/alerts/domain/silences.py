"""Silences, as in Alertmanager: mute alerts matching exact labels for a bounded time.

Silenced alerts are still stored, but not published. A silence needs at least one matcher
(an empty one would mute everything), an end, a creator and a comment; a new one must name a
district, scheme and type that exist, and end within the longest silence allowed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, datetime, timedelta
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from shared.events.alerts import Alert, AlertType

MatcherLabel = Literal["district", "scheme", "type"]
ALERT_TYPES = frozenset(get_args(AlertType))


def instant(iso: str) -> datetime:
    """Parse an ISO 8601 time; one without a zone is taken as UTC, so all compare."""
    moment = datetime.fromisoformat(iso)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Silence(BaseModel):
    """Mutes every alert whose labels equal all of `matchers`, until `until`."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(min_length=1)
    matchers: dict[MatcherLabel, str]
    until: str
    by: str = Field(min_length=1)
    comment: str = Field(min_length=1)
    created_at: str

    @field_validator("matchers")
    @classmethod
    def _some_matchers(cls, matchers: dict[MatcherLabel, str]) -> dict[MatcherLabel, str]:
        if not matchers:
            raise ValueError("a silence needs at least one matcher (district, scheme or type)")
        if any(not value for value in matchers.values()):
            raise ValueError("a matcher needs a value")
        return matchers

    @field_validator("until", "created_at")
    @classmethod
    def _iso_time(cls, value: str) -> str:
        instant(value)
        return value

    @model_validator(mode="after")
    def _bounded(self) -> Silence:
        if instant(self.until) <= instant(self.created_at):
            raise ValueError("until must be later than created_at")
        return self

    def matches(self, alert: Alert) -> bool:
        """True when every matcher equals the alert's label (an alert without scheme never
        matches a scheme matcher)."""
        labels = {"district": alert.district, "scheme": alert.scheme, "type": alert.type}
        return all(labels[label] == value for label, value in self.matchers.items())

    def active(self, now: str) -> bool:
        """A silence mutes until its end, exclusive."""
        return instant(self.until) > instant(now)

    def ended(self, now: datetime) -> Silence:
        """This silence expired at `now` (as Alertmanager's expire: it stays listed, inactive). Its
        end stays after its creation even when a clock has stepped back."""
        end = max(now, instant(self.created_at) + timedelta(microseconds=1))
        return self.model_copy(update={"until": end.isoformat()}) if end < instant(self.until) else self


def silence_problems(silence: Silence, districts: Collection[str], schemes: Collection[str],
                     max_days: int) -> list[tuple[str, str, str]]:
    """(field, code, message) for each reason to refuse a new silence: a matcher that names no
    known district, scheme or alert type (it would never match, or match by accident later), or
    an end further than `max_days` after its creation."""
    known = {"district": (districts, "unknown_district"), "scheme": (schemes, "unknown_scheme"),
             "type": (ALERT_TYPES, "unknown_type")}
    problems = [(f"matchers.{label}", known[label][1], f"no {label} {value!r} is known")
                for label, value in sorted(silence.matchers.items()) if value not in known[label][0]]
    longest = timedelta(days=max_days)
    if instant(silence.until) - instant(silence.created_at) > longest:
        latest = (instant(silence.created_at) + longest).isoformat()
        problems.append(("until", "too_long", f"a silence lasts at most {max_days} days: until {latest} at the latest"))
    return problems


def silenced_by(alert: Alert, silences: Iterable[Silence], now: str) -> Silence | None:
    """The active silence that mutes `alert` (the one lasting longest), or None."""
    muting = [s for s in silences if s.active(now) and s.matches(alert)]
    return max(muting, key=lambda s: (instant(s.until), s.id), default=None)
