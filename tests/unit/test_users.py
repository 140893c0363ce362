"""People's logins: the users file of CONTRACT §6, argon2id hashes, bindings checked."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from shared.users import UsersFileError, add_user, load_users, remove_user

PASSWORD = "correct horse battery"
DEPARTMENTS = {"social-welfare", "medical-health"}


def test_a_user_added_can_log_in_with_the_password_and_only_with_it(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    add_user(path, "dm-kanpur-nagar", "district", PASSWORD, district="kanpur-nagar")
    stored = yaml.safe_load(path.read_text(encoding="utf-8"))["users"][0]
    assert stored["password_hash"].startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PASSWORD not in path.read_text(encoding="utf-8")
    assert stored == {"id": "dm-kanpur-nagar", "role": "district", "district": "kanpur-nagar",
                      "password_hash": stored["password_hash"]}
    users = load_users(path)
    assert users.authenticate("dm-kanpur-nagar", PASSWORD) is not None
    assert users.authenticate("dm-kanpur-nagar", PASSWORD + "x") is None
    assert users.authenticate("nobody", PASSWORD) is None


@pytest.mark.parametrize(("role", "district", "departments", "field"), [
    ("district", None, (), "district"),
    ("district", "atlantis", (), "unknown district 'atlantis'"),
    ("state", "kanpur-nagar", (), "district"),
    ("department", None, (), "departments"),
    ("department", None, ("space",), "unknown department(s) ['space']"),
    ("admin", None, ("social-welfare",), "departments"),
])
def test_bindings_that_do_not_fit_the_role_are_refused_naming_the_field(
        tmp_path: Path, role: str, district: str | None, departments: tuple[str, ...], field: str) -> None:
    with pytest.raises(UsersFileError, match=field.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        add_user(tmp_path / "u.yaml", "someone", role, PASSWORD, district, departments,  # type: ignore[arg-type]
                 DEPARTMENTS)
    assert not (tmp_path / "u.yaml").exists()


def test_a_short_password_a_duplicate_and_a_bad_file_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    with pytest.raises(UsersFileError, match="password: at least 10"):
        add_user(path, "cc", "state", "short")
    add_user(path, "cc", "state", PASSWORD)
    with pytest.raises(UsersFileError, match="exists already"):
        add_user(path, "cc", "admin", PASSWORD)
    path.write_text("users:\n  - {id: x, role: state, password_hash: plain}\n", encoding="utf-8")
    with pytest.raises(UsersFileError, match="user 'x', field password_hash"):
        load_users(path)
    path.write_text("users: nope\n", encoding="utf-8")
    with pytest.raises(UsersFileError, match="'users' list"):
        load_users(path)


def test_departments_are_checked_against_the_catalogue_when_loading(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    add_user(path, "nodal-sw", "department", PASSWORD, departments=["social-welfare"])
    assert load_users(path, DEPARTMENTS).get("nodal-sw") is not None
    with pytest.raises(UsersFileError, match="user 'nodal-sw', field departments"):
        load_users(path, {"medical-health"})


def test_a_removed_user_is_gone_and_removing_nobody_says_so(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    add_user(path, "cc", "state", PASSWORD)
    assert remove_user(path, "cc") is True
    assert remove_user(path, "cc") is False
    assert len(load_users(path)) == 0
