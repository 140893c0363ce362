"""Who may change what: the services' rules (shared/authority/), their combination for a key acting
for a person, the delegation headers, and the README's role table generated from the rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.acting import DEPARTMENTS, DISTRICT, ROLE, USER, actor_of, headers_for, person_of
from shared.auth import Principal
from shared.authority import KEY_ROLES, PERSON_ROLES, Actor, Decision, Subject, decide
from shared.authority import alerts as alert_rules
from shared.authority import figures as figure_rules
from shared.authority import minutes as minute_rules
from shared.authority.table import role_table, subjects
from shared.http import ApiError

ROOT = Path(__file__).resolve().parents[2]
DISTRICTS = st.sampled_from(["kanpur-nagar", "agra", "lucknow"])
DEPARTMENTS_ = st.sampled_from(["social-welfare", "medical-health", "rural-development"])


@st.composite
def subjects_(draw: st.DrawFn) -> Subject:
    kind = draw(st.sampled_from(["key", "person"]))
    role = draw(st.sampled_from(KEY_ROLES if kind == "key" else PERSON_ROLES))
    district = draw(DISTRICTS) if role == "district" else None
    departments = frozenset(draw(st.sets(DEPARTMENTS_, min_size=1))) if role in ("submitter", "department") \
        else frozenset()
    return Subject(kind, "someone", role, district, departments)  # type: ignore[arg-type]


@given(subjects_(), DISTRICTS, st.one_of(st.none(), DEPARTMENTS_))
def test_an_acknowledgement_is_allowed_only_within_the_subjects_scope(
        subject: Subject, district: str, department: str | None) -> None:
    allowed = alert_rules.may(subject, "acknowledge", alert_rules.AlertScope(district, department)).allowed
    if subject.role == "admin" or subject.is_("person", "state") or subject.is_("key", "viewer"):
        assert allowed
    elif subject.role == "district":
        assert allowed == (district == subject.district)
    elif subject.is_("person", "department"):
        assert allowed == (department in subject.departments)
    else:
        assert not allowed  # submitter keys only submit


@given(subjects_())
def test_only_admin_manages_silences(subject: Subject) -> None:
    assert alert_rules.may(subject, "silence").allowed == (subject.role == "admin")


@given(subjects_(), st.sampled_from(minute_rules.ACTIONS), DISTRICTS)
def test_only_admin_and_the_districts_own_principals_change_its_minutes(
        subject: Subject, action: minute_rules.Action, district: str) -> None:
    allowed = minute_rules.may(subject, action, district).allowed
    assert allowed == (subject.role == "admin" or (subject.role == "district" and subject.district == district))


@given(subjects_(), DEPARTMENTS_)
def test_only_keys_submit_figures_and_a_submitter_only_for_its_departments(subject: Subject, department: str) -> None:
    allowed = figure_rules.may(subject, department).allowed
    assert allowed == (subject.is_("key", "admin") or (subject.is_("key", "submitter")
                                                        and department in subject.departments))


def test_a_refusal_says_why() -> None:
    viewer = Subject("key", "reader", "viewer")
    assert "reads" in minute_rules.may(viewer, "finalize", "agra").reason
    dm = Subject("person", "dm-agra", "district", "agra")
    assert "agra" in minute_rules.may(dm, "directives", "kanpur-nagar").reason


CONSOLE_ADMIN = Subject("key", "console", "admin")
CONSOLE_VIEWER = Subject("key", "console", "viewer")


@given(subjects_().filter(lambda s: s.kind == "person"), st.sampled_from(minute_rules.ACTIONS), DISTRICTS)
def test_a_person_through_a_key_gets_neither_more_than_the_key_nor_more_than_the_person(
        person: Subject, action: minute_rules.Action, district: str) -> None:
    def rule(s: Subject) -> Decision:
        return minute_rules.may(s, action, district)

    for key in (CONSOLE_ADMIN, CONSOLE_VIEWER):
        combined = decide(rule, Actor(key, person)).allowed
        assert combined == (rule(key).allowed and rule(person).allowed)


def test_an_actor_is_recorded_as_the_person_through_the_key() -> None:
    actor = Actor(CONSOLE_ADMIN, Subject("person", "dm-agra", "district", "agra"))
    assert (actor.by, actor.via) == ("dm-agra", "console")
    alone = Actor(Subject("key", "dm-agra-system", "district", "agra"))
    assert (alone.by, alone.via) == ("dm-agra-system", None)
    refused = decide(lambda s: minute_rules.may(s, "finalize", "kanpur-nagar"), actor)
    assert not refused.allowed and "user 'dm-agra' (district)" in refused.reason


# ---- the delegation headers ------------------------------------------------------------------

MARKED = Principal("console", "admin", frozenset(), None, acts_for_users=True)
UNMARKED = Principal("operations", "admin", frozenset())


def test_without_headers_the_key_acts_for_itself() -> None:
    actor = actor_of(UNMARKED, {})
    assert actor.person is None and actor.key == Subject("key", "operations", "admin")


def test_a_key_without_the_mark_may_not_name_a_person() -> None:
    with pytest.raises(ApiError) as info:
        actor_of(UNMARKED, {USER: "dm-agra", ROLE: "district", DISTRICT: "agra"})
    assert info.value.status == 403 and info.value.errors[0]["code"] == "delegation_refused"


@pytest.mark.parametrize("person", [Subject("person", "dm-agra", "district", "agra"),
                                    Subject("person", "nodal", "department", None,
                                            frozenset({"social-welfare", "medical-health"})),
                                    Subject("person", "command-centre", "state")])
def test_the_headers_the_console_sends_name_the_person_it_acts_for(person: Subject) -> None:
    assert actor_of(MARKED, headers_for(person)) == Actor(Subject("key", "console", "admin"), person)


@pytest.mark.parametrize(("headers", "field"), [
    ({USER: "Robert'); DROP", ROLE: "state"}, USER),
    ({USER: "x", ROLE: "root"}, ROLE),
    ({USER: "x", ROLE: "district"}, DISTRICT),
    ({USER: "x", ROLE: "district", DISTRICT: "atlantis"}, DISTRICT),
    ({USER: "x", ROLE: "state", DISTRICT: "agra"}, DISTRICT),
    ({USER: "x", ROLE: "department"}, DEPARTMENTS),
    ({USER: "x", ROLE: "department", DEPARTMENTS: "social welfare"}, DEPARTMENTS),
    ({ROLE: "state"}, USER),
])
def test_headers_that_describe_no_person_are_refused_naming_the_header(headers: dict[str, str], field: str) -> None:
    with pytest.raises(ApiError) as info:
        person_of(headers)
    assert info.value.status == 422 and info.value.errors[0]["field"] == field


# ---- the role table --------------------------------------------------------------------------

def test_the_table_has_a_row_for_every_key_role_and_every_person_role() -> None:
    rows = [line for line in role_table().splitlines()[2:]]
    assert len(rows) == len(KEY_ROLES) + len(PERSON_ROLES) == len(subjects())
    # A viewer key (the Command Centre's systems) acknowledges and changes nothing else.
    assert rows[1] == "| key `viewer` | no | yes | no | no | no | no |"


def test_the_readme_shows_the_table_the_rules_give() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- roles: generated by shared/authority/table.py -->\n", "<!-- /roles -->"
    assert start in readme and end in readme, "the README's role table lost its markers"
    shown = readme.split(start, 1)[1].split(end, 1)[0]
    assert shown == role_table(), "README's role table differs from the rules: paste role_table() between the markers"


# ---- over HTTP: which routes act for people ----------------------------------------------------

def _app() -> Any:
    from fastapi import APIRouter, Depends
    from prometheus_client import CollectorRegistry

    from shared.acting import acting
    from shared.auth import ApiKey, KeyStore, hash_secret
    from shared.health import Health
    from shared.http import create_http_app, require
    from shared.observability import ServiceMetrics

    keys = KeyStore([ApiKey(id="reader", role="viewer", sha256=hash_secret("s-viewer")),
                     ApiKey(id="dm-systems", role="district", district="agra", sha256=hash_secret("s-district")),
                     ApiKey(id="console", role="admin", acts_for_users=True, sha256=hash_secret("s-console"))])
    app = create_http_app("t", ServiceMetrics("t", CollectorRegistry()), Health(), keys, None)
    router = APIRouter()

    @router.get("/v1/read")
    async def read(principal: Principal = Depends(require("viewer"))) -> dict[str, str]:  # noqa: B008
        return {"key": principal.key_id}

    @router.post("/v1/act")
    async def act(actor: Actor = Depends(acting)) -> dict[str, str | None]:  # noqa: B008
        return {"by": actor.by, "via": actor.via}

    app.include_router(router)
    return app


async def test_a_district_key_reads_what_a_viewer_reads_and_reads_refuse_people() -> None:
    import httpx

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=_app()), base_url="http://t") as client:
        assert (await client.get("/v1/read", headers={"Authorization": "Bearer s-district"})).json() == {
            "key": "dm-systems"}
        person = {USER: "cc", ROLE: "state"}
        refused = await client.get("/v1/read", headers={"Authorization": "Bearer s-console", **person})
        assert refused.status_code == 403 and refused.json()["errors"][0]["code"] == "delegation_refused"
        acted = await client.post("/v1/act", headers={"Authorization": "Bearer s-console", **person})
        assert acted.json() == {"by": "cc", "via": "console"}
        unmarked = await client.post("/v1/act", headers={"Authorization": "Bearer s-viewer", **person})
        assert unmarked.status_code == 403
        bad = await client.post("/v1/act", headers={"Authorization": "Bearer s-console", USER: "cc", ROLE: "king"})
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == ROLE
