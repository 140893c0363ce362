"""The alerts HTTP API (CONTRACT §4): list and acknowledge alerts (one, or every alert matching a
filter), the district digest, and silences (admin only). `latest` is accepted for a period.

Changes are judged by `shared/authority/alerts.py` for the key and, when a console acts for a
person (shared/acting.py), for that person too; the acknowledger and a silence's creator are
who acted (the person, else the key), never a name from the body: the contract's v1 bodies
still carry `by`, which is accepted for compatibility and not used."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from services.alerts.domain.digest import digest
from services.alerts.domain.silences import MatcherLabel, Silence, silence_problems
from services.alerts.ports import Ack, AlertQuery, Catalog, Stores
from shared.acting import acting, authorise
from shared.auth import Principal
from shared.authority import Actor, decide
from shared.authority.alerts import AlertScope, may
from shared.districts import district_ids
from shared.events.alerts import Alert, AlertStatus, AlertType, Severity
from shared.events.envelope import iso
from shared.http import ApiError, error, require
from shared.latest import PERIOD_OR_LATEST, is_latest
from shared.params import PeriodPath, PeriodQuery
from shared.suggest import unknown

Viewer = Annotated[Principal, Depends(require("viewer"))]
Acting = Annotated[Actor, Depends(acting)]
IGNORED_BY = "not used: the acknowledger is who acted (the key, or the person a console acts for)"


class Acknowledgement(BaseModel):
    by: str
    note: str
    at: str
    key_id: str | None = Field(default=None, description="the API key that acknowledged")


class AlertView(Alert):
    """A stored alert: the contract's fields, why it is suppressed, and what happened to it."""

    inhibited_by: str | None = None
    silenced_by: str | None = None
    published: bool = False
    resolved_at: str | None = None
    acknowledged: Acknowledgement | None = Field(default=None, description="the latest acknowledgement")
    acknowledgements: list[Acknowledgement] = Field(default_factory=list, description="every one, oldest first")


def scope_of(alert: dict[str, Any]) -> AlertScope:
    return AlertScope(alert["district"], alert.get("department"))


class AckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    by: str | None = Field(default=None, max_length=200, description=IGNORED_BY, deprecated=True)
    note: str = Field(default="", max_length=2000)


class AckFilter(BaseModel):
    """Which alerts a bulk acknowledgement takes: every alert matching all the given fields."""

    model_config = ConfigDict(extra="forbid")
    district: str | None = Field(default=None, max_length=80)
    period: str | None = Field(default=None, pattern=PERIOD_OR_LATEST, description="YYYY-MM, or latest")
    type: AlertType | None = None
    scheme: str | None = Field(default=None, max_length=80)
    severity: Severity | None = None
    status: Literal["open", "acknowledged"] = Field(default="open", description="open, or re-acknowledge")

    def narrows(self) -> bool:
        return any(v is not None for v in (self.district, self.period, self.type, self.scheme))

    def matches(self, alert: dict[str, Any]) -> bool:
        return all(v is None or alert.get(k) == v for k, v in (("scheme", self.scheme), ("severity", self.severity)))


class BulkAckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    filter: AckFilter = Field(description="at least one of district, period, type or scheme")
    by: str | None = Field(default=None, max_length=200, description=IGNORED_BY, deprecated=True)
    note: str = Field(default="", max_length=2000)
    dry_run: bool = Field(default=False, description="count and list, acknowledge nothing")


class BulkAckAnswer(BaseModel):
    matched: int = Field(description="alerts the filter matches that the caller may acknowledge")
    acknowledged: int = Field(description="0 for a dry run")
    alert_ids: list[str]
    outside_scope: int = Field(default=0, description="alerts the filter matches outside the caller's scope "
                               "(another district's or department's): left as they are")


class SilenceRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    matchers: dict[MatcherLabel, Annotated[str, Field(max_length=200)]] = Field(
        description="exact labels: a known district, scheme and/or alert type")
    until: str = Field(max_length=64, description="ISO 8601 end time (UTC when no zone is given), within the "
                       "longest silence allowed (ANUSHRAVAN_SILENCE_MAX_DAYS, 90 days by default)")
    by: str | None = Field(default=None, max_length=200, description="not used: the creator is who acted",
                           deprecated=True)
    comment: str = Field(min_length=1, max_length=2000)


class SilenceView(BaseModel):
    id: str
    matchers: dict[MatcherLabel, str]
    until: str
    by: str
    comment: str
    created_at: str
    active: bool = Field(description="true until `until`")


def _invalid(exc: ValidationError) -> ApiError:
    # The only check not tied to one field is that the silence ends after it begins.
    return ApiError(422, [error(".".join(str(p) for p in e["loc"]) or "until", str(e["type"]), str(e["msg"]))
                          for e in exc.errors()])


def in_scope(actor: Actor, alert: dict[str, Any]) -> bool:
    return decide(lambda s: may(s, "acknowledge", scope_of(alert)), actor).allowed


def alerts_router(stores: Callable[[], Stores], catalog: Catalog, clock: Callable[[], datetime]) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["alerts"])

    async def latest(period: str | None, district: str | None) -> tuple[bool, str | None]:
        """(whether there is anything to look at, the period): `latest` is the latest period with
        an alert (of the district when given); with none raised yet, a filter matches nothing."""
        if period is None or not is_latest(period):
            return True, period
        found = await stores().alerts.latest_period(district)
        return found is not None, found

    @router.get("/alerts", response_model=list[AlertView], summary="Alerts, newest first")
    async def list_alerts(
        _: Viewer, period: PeriodQuery, district: str | None = None,
        type: AlertType | None = None, status: AlertStatus | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> list[dict[str, Any]]:
        anything, period = await latest(period, district)
        return await stores().alerts.find(AlertQuery(district, period, type, status, limit)) if anything else []

    @router.post("/alerts:ack", response_model=BulkAckAnswer, summary="Acknowledge every alert matching a filter",
                 responses={422: {"description": "a filter that narrows nothing"}})
    async def acknowledge_matching(body: BulkAckRequest, actor: Acting) -> BulkAckAnswer:
        authorise(lambda s: may(s, "acknowledge"), actor)
        wanted = body.filter
        if not wanted.narrows():
            raise ApiError(422, [error("filter", "too_broad", "name at least one of district, period, type or "
                                       "scheme: acknowledging every alert at once is refused")])
        anything, period = await latest(wanted.period, wanted.district)
        query = AlertQuery(wanted.district, period, wanted.type, wanted.status, 100_000)
        found = await stores().alerts.find(query) if anything else []
        matched = [a for a in found if wanted.matches(a)]
        ids = [a["alert_id"] for a in matched if in_scope(actor, a)]
        outside = len(matched) - len(ids)
        if body.dry_run:
            return BulkAckAnswer(matched=len(ids), acknowledged=0, alert_ids=ids, outside_scope=outside)
        ack = Ack(actor.by, body.note, clock(), actor.key.id)
        # One by one through the same acknowledgement as a single alert's, so each is recorded alike.
        done = [i for i in ids if await stores().alerts.acknowledge(i, ack) is not None]
        return BulkAckAnswer(matched=len(ids), acknowledged=len(done), alert_ids=done, outside_scope=outside)

    @router.post("/alerts/{alert_id}/ack", response_model=AlertView,
                 summary="Acknowledge an alert (each acknowledgement is kept, oldest first)",
                 responses={403: {"description": "outside the caller's scope"},
                            409: {"description": "the alert is resolved"}})
    async def acknowledge(alert_id: Annotated[str, Path(max_length=300)], body: AckRequest,
                          actor: Acting) -> dict[str, Any]:
        store = stores().alerts
        found = await store.get(alert_id)
        if found is None:
            raise ApiError(404, [error("alert_id", "not_found", f"no alert {alert_id!r}")])
        authorise(lambda s: may(s, "acknowledge", scope_of(found)), actor)
        done = await store.acknowledge(alert_id, Ack(actor.by, body.note, clock(), actor.key.id))
        if done is None:
            raise ApiError(409, [error("status", "conflict", f"a {found['status']} alert cannot be acknowledged")])
        return done

    @router.get("/digest/{district}/{period}", summary="The district's open alerts of a period, by department")
    async def district_digest(district: str, period: PeriodPath, _: Viewer) -> dict[str, Any]:
        if district not in district_ids():
            raise ApiError(404, [error("district", "not_found", unknown("district", district, district_ids()))])
        anything, found_period = await latest(period, district)
        if not anything:
            raise ApiError(404, [error("period", "not_found", f"no alert has been raised yet for {district!r}")])
        period = found_period or period
        found = await stores().alerts.find(AlertQuery(district=district, period=period, limit=100_000))
        names = {s.department.id: s.department.name for s in catalog.schemes.values()}
        return digest(district, period, [Alert.read(doc) for doc in found], names)

    return router


def silences_router(stores: Callable[[], Stores], catalog: Catalog, clock: Callable[[], datetime],
                    max_days: int) -> APIRouter:
    router = APIRouter(prefix="/v1/silences", tags=["silences"])

    def view(silence: Silence, now: str) -> SilenceView:
        return SilenceView(**silence.model_dump(), active=silence.active(now))

    @router.post("", status_code=201, response_model=SilenceView, summary="Silence matching alerts until a time")
    async def create(body: SilenceRequest, actor: Acting) -> SilenceView:
        authorise(lambda s: may(s, "silence"), actor)
        now = iso(clock())
        try:
            silence = Silence(id=uuid.uuid4().hex, created_at=now, **body.model_dump(exclude={"by"}), by=actor.by)
        except ValidationError as exc:
            raise _invalid(exc) from None
        problems = silence_problems(silence, district_ids(), catalog.schemes.keys(), max_days)
        if problems:
            raise ApiError(422, [error(*problem) for problem in problems])
        await stores().silences.add(silence, actor.key.id)
        return view(silence, now)

    @router.get("", response_model=list[SilenceView], summary="Every silence, newest first")
    async def list_silences(actor: Acting) -> list[SilenceView]:
        authorise(lambda s: may(s, "silence"), actor)
        now = iso(clock())
        return [view(s, now) for s in await stores().silences.all()]

    @router.post("/{silence_id}:expire", response_model=SilenceView, summary="End a silence now (it stays listed)",
                 responses={404: {"description": "no such silence"}})
    async def expire(silence_id: Annotated[str, Path(max_length=100)], actor: Acting) -> SilenceView:
        authorise(lambda s: may(s, "silence"), actor)
        now = clock()
        expired = await stores().silences.expire(silence_id, now, actor.by)
        if expired is None:
            raise ApiError(404, [error("silence_id", "not_found", f"no silence {silence_id!r}")])
        return view(expired, iso(now))

    @router.delete("/{silence_id}", status_code=204, summary="Remove a silence")
    async def remove(silence_id: Annotated[str, Path(max_length=100)], actor: Acting) -> Response:
        authorise(lambda s: may(s, "silence"), actor)
        if not await stores().silences.remove(silence_id):
            raise ApiError(404, [error("silence_id", "not_found", f"no silence {silence_id!r}")])
        return Response(status_code=204)

    return router
