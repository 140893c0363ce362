"""Building an `Alert`: the fields every rule fills the same way."""

from __future__ import annotations

from shared.catalog import Scheme
from shared.events.alerts import Alert, AlertType, Bilingual, Driver, Severity, Standing
from shared.events.scoring import CompositeEntry, PreviousResult, RankEntry, SchemeScored

from .identity import alert_id


def make_alert(
    type_: AlertType,
    *,
    district: str,
    scheme: Scheme | None,
    period: str,
    to_state: str,
    severity: Severity,
    message: Bilingual,
    now: str,
    previous: Standing | None = None,
    current: Standing | None = None,
    driver: Driver | None = None,
    provisional: bool = False,
) -> Alert:
    """An open alert; department and responsible officer come from the scheme, if any."""
    return Alert(
        alert_id=alert_id(type_, district, scheme.id if scheme else None, period, to_state),
        type=type_,
        severity=severity,
        status="open",
        district=district,
        scheme=scheme.id if scheme else None,
        department=scheme.department.id if scheme else None,
        period=period,
        previous=previous,
        current=current,
        driver=driver,
        officer=Bilingual(hi=scheme.officer.hi, en=scheme.officer.en) if scheme else None,
        message=message,
        provisional=provisional,
        raised_at=now,
    )


def standing_of_previous(previous: PreviousResult) -> Standing:
    """The previous period's final result as carried by `scheme.scored.v1`."""
    return Standing(
        period=previous.period, grade=previous.grade, rank=previous.rank, of=previous.of, marks=previous.marks
    )


def standing_of_scored(event: SchemeScored) -> Standing:
    """The district's standing as just scored (live, so its rank may still move)."""
    return Standing(period=event.period, grade=event.grade, rank=event.rank, of=event.of, marks=event.marks)


def standing_in_ranking(entry: RankEntry | CompositeEntry, period: str, of: int) -> Standing:
    """One district's place in a scheme or composite ranking (composites have no grade)."""
    grade = entry.grade if isinstance(entry, RankEntry) else None
    return Standing(period=period, grade=grade, rank=entry.rank, of=of, marks=entry.marks)
