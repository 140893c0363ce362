"""Acting for a person over HTTP: the console calls the services with its own key, marked
`acts_for_users: true` in the keys file, and names the person it acts for in four headers.
The service then judges the action as that person *and* as the key (shared/authority.py) and
records the person as `by`, and the key as `via`.

    X-Anushravan-User              the person's login name (users file id)
    X-Anushravan-User-Role         state | admin | district | department
    X-Anushravan-User-District     the district of a `district` user
    X-Anushravan-User-Departments  the departments of a `department` user, comma-separated

A key without the mark that sends any of them is refused (403); headers that do not describe a
person are refused with 422 naming the header. Routes that do not act for people refuse the
headers too (`shared.http.require`), so nobody mistakes a key's action for a person's.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping

from fastapi import Request

from shared.auth import ROLES, Principal
from shared.authority import PERSON_ROLES, USER_ID, Actor, Rule, Subject, decide
from shared.districts import SLUG, district_ids
from shared.http import ACTING_HEADERS, ApiError, asks_to_act, error, principal_of, require
from shared.suggest import unknown

USER, ROLE, DISTRICT, DEPARTMENTS = ACTING_HEADERS
MAX_DEPARTMENTS = 50


def headers_for(person: Subject) -> dict[str, str]:
    """The headers that name `person` (what the console sends)."""
    out = {USER: person.id, ROLE: person.role}
    if person.district:
        out[DISTRICT] = person.district
    if person.departments:
        out[DEPARTMENTS] = ",".join(sorted(person.departments))
    return out


def _invalid(header: str, message: str) -> ApiError:
    return ApiError(422, [error(header, "invalid_delegation", message)])


def person_of(headers: Mapping[str, str]) -> Subject:
    """The person the headers name; ApiError 422 naming the header that does not fit."""
    user, role = headers.get(USER) or "", headers.get(ROLE) or ""
    district, departments = headers.get(DISTRICT), headers.get(DEPARTMENTS)
    if not re.match(USER_ID, user):
        raise _invalid(USER, "the person acted for: a login name of lower-case letters, digits, '.', '_', '-'")
    if role not in PERSON_ROLES:
        raise _invalid(ROLE, f"must be one of {', '.join(PERSON_ROLES)}")
    if (role == "district") != (district is not None):
        raise _invalid(DISTRICT, "a district user names exactly one district; other roles name none")
    if district is not None and district not in district_ids():
        raise _invalid(DISTRICT, unknown("district", district, district_ids()))
    names = [d.strip() for d in (departments or "").split(",") if d.strip()]
    if (role == "department") != bool(names):
        raise _invalid(DEPARTMENTS, "a department user names its departments; other roles name none")
    if len(names) > MAX_DEPARTMENTS or any(not re.match(SLUG, d) for d in names):
        raise _invalid(DEPARTMENTS, f"up to {MAX_DEPARTMENTS} department ids (slugs), comma-separated")
    return Subject("person", user, role, district, frozenset(names))


def key_of(principal: Principal) -> Subject:
    return Subject("key", principal.key_id, principal.role, principal.district, principal.departments)


def actor_of(principal: Principal, headers: Mapping[str, str]) -> Actor:
    """The key, and the person it acts for when the headers name one and the key may."""
    key = key_of(principal)
    if not asks_to_act(headers):
        return Actor(key)
    if not principal.acts_for_users:
        raise ApiError(403, [error(USER, "delegation_refused", f"key {principal.key_id!r} may not act for users: "
                                   "only a key marked 'acts_for_users: true' in the keys file may")])
    return Actor(key, person_of(headers))


async def acting(request: Request) -> Actor:
    """A dependency: who acts (any valid key; the person it acts for, if named). Routes then
    judge the action with their service's rule through `authorise`."""
    return actor_of(principal_of(request), request.headers)


def authorise(rule: Rule, actor: Actor) -> None:
    """403 with the reason unless `rule` allows both the key and the person it acts for."""
    decision = decide(rule, actor)
    if not decision.allowed:
        raise ApiError(403, [error("Authorization", "forbidden", decision.reason)])


def key_permitted(rule: Rule) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency for routes that act for the key alone (no person): the key, if `rule` allows it."""
    check = require(*ROLES)

    async def dependency(request: Request) -> Principal:
        principal = await check(request)
        authorise(rule, Actor(key_of(principal)))
        return principal

    return dependency
