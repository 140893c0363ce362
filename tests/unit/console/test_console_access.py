"""Who may see what: the one rule of services/console/domain/access.py, role by role."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.console.domain.access import Viewer, decide, visible_departments

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
