"""Who may see what: the one rule of services/console/domain/access.py, role by role."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.console.domain.access import Viewer, decide, may_change, sees_alert, visible_departments

STATE = Viewer("cc", "state")
ADMIN = Viewer("root", "admin")
DM = Viewer("dm-agra", "district", district="agra")
NODAL = Viewer("nodal", "department", departments=frozenset({"social-welfare"}))


@pytest.mark.parametrize(("viewer", "action", "district", "department", "allowed"), [
    (STATE, "district", "kanpur-nagar", None, True),
    (ADMIN, "documents", "kanpur-nagar", None, True),
    (DM, "overview", None, None, True),
    (DM, "district", "agra", None, True),
    (DM, "district", "kanpur-nagar", None, False),
    (DM, "documents", "agra", None, True),
    (DM, "documents", "kanpur-nagar", None, False),
    (DM, "scheme", None, "medical-health", True),
    (NODAL, "overview", None, None, True),
    (NODAL, "district", "kanpur-nagar", None, True),
    (NODAL, "scheme", None, "social-welfare", True),
    (NODAL, "scheme", None, "medical-health", False),
    (NODAL, "documents", "kanpur-nagar", None, False),
])
def test_each_role_sees_what_the_contract_gives_it(viewer: Viewer, action: str, district: str | None,
                                                   department: str | None, allowed: bool) -> None:
    decision = decide(viewer, action, district=district, department=department)  # type: ignore[arg-type]
    assert decision.allowed is allowed
    assert bool(decision.reason) is not allowed  # every refusal says why


@given(st.sampled_from(["overview", "district", "scheme", "documents"]), st.text(min_size=1, max_size=20))
def test_state_and_admin_are_never_refused(action: str, district: str) -> None:
    for viewer in (STATE, ADMIN):
        assert decide(viewer, action, district=district, department=district).allowed  # type: ignore[arg-type]


@given(st.text(min_size=1, max_size=20).filter(lambda d: d != "agra"))
def test_a_district_user_never_sees_another_districts_page_or_documents(district: str) -> None:
    assert not decide(DM, "district", district=district).allowed
    assert not decide(DM, "documents", district=district).allowed


def test_only_department_users_have_their_rows_narrowed() -> None:
    assert visible_departments(NODAL) == {"social-welfare"}
    assert visible_departments(STATE) is None and visible_departments(DM) is None


@pytest.mark.parametrize(("viewer", "action", "district", "department", "allowed"), [
    (STATE, "alerts", None, None, True), (DM, "alerts", None, None, True), (NODAL, "alerts", None, None, True),
    (STATE, "minutes", "kanpur-nagar", None, True), (DM, "minutes", "agra", None, True),
    (DM, "minutes", "kanpur-nagar", None, False), (NODAL, "minutes", "kanpur-nagar", None, False),
    (STATE, "department", None, "social-welfare", True), (NODAL, "department", None, "social-welfare", True),
    (NODAL, "department", None, "medical-health", False), (DM, "department", None, "social-welfare", False),
])
def test_the_desks_open_to_whom_the_contract_gives_them(viewer: Viewer, action: str, district: str | None,
                                                        department: str | None, allowed: bool) -> None:
    decision = decide(viewer, action, district=district, department=department)  # type: ignore[arg-type]
    assert decision.allowed is allowed and bool(decision.reason) is not allowed


@pytest.mark.parametrize(("viewer", "district", "department", "seen"), [
    (STATE, "kanpur-nagar", None, True), (DM, "agra", "health", True), (DM, "kanpur-nagar", "health", False),
    (NODAL, "kanpur-nagar", "social-welfare", True), (NODAL, "kanpur-nagar", None, False),
])
def test_the_alerts_desk_shows_each_the_alerts_of_its_scope(viewer: Viewer, district: str, department: str | None,
                                                            seen: bool) -> None:
    assert sees_alert(viewer, district, department) is seen


@pytest.mark.parametrize(("viewer", "change", "district", "department", "allowed"), [
    (STATE, "acknowledge", "agra", None, True), (STATE, "silence", None, None, False),
    (ADMIN, "silence", None, None, True), (ADMIN, "finalize", "agra", None, True),
    (DM, "acknowledge", "agra", None, True), (DM, "acknowledge", "kanpur-nagar", None, False),
    (DM, "directives", "agra", None, True), (DM, "meeting", "kanpur-nagar", None, False),
    (NODAL, "acknowledge", "agra", "social-welfare", True), (NODAL, "acknowledge", "agra", "health", False),
    (NODAL, "directives", "agra", None, False), (STATE, "finalize", "agra", None, False),
])
def test_a_person_may_change_what_the_services_rules_allow(viewer: Viewer, change: str, district: str | None,
                                                           department: str | None, allowed: bool) -> None:
    decision = may_change(viewer, change, district, department)  # type: ignore[arg-type]
    assert decision.allowed is allowed and bool(decision.reason) is not allowed
