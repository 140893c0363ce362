from __future__ import annotations

from pathlib import Path

import pytest

from shared.auth import KeysFileError, add_key, hash_secret, load_keys


def test_a_generated_key_authenticates_and_only_its_hash_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    secret = add_key(path, "scholarship-portal", "submitter", ["social-welfare"])
    assert secret not in path.read_text()
    assert hash_secret(secret) in path.read_text()
    principal = load_keys(path).authenticate(secret)
    assert principal is not None
    assert principal.key_id == "scholarship-portal"
    assert principal.may_submit_for("social-welfare")
    assert not principal.may_submit_for("medical-health")


def test_a_wrong_secret_is_not_authenticated(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    add_key(path, "viewer", "viewer")
    assert load_keys(path).authenticate("anu_not-the-secret") is None


def test_admin_may_submit_for_any_department_and_viewer_for_none(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    admin, viewer = add_key(path, "a", "admin"), add_key(path, "v", "viewer")
    store = load_keys(path)
    assert store.authenticate(admin).may_submit_for("health")  # type: ignore[union-attr]
    assert not store.authenticate(viewer).may_submit_for("health")  # type: ignore[union-attr]


@pytest.mark.parametrize(("entry", "field"), [
    ("- {id: x, role: submitter, sha256: '%s'}" % ("a" * 64), "(entry)"),
    ("- {id: x, role: root, sha256: '%s'}" % ("a" * 64), "role"),
    ("- {id: x, role: viewer, sha256: 'nothex'}", "sha256"),
])
def test_a_bad_keys_file_names_the_key_and_field(tmp_path: Path, entry: str, field: str) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text("keys:\n  " + entry + "\n")
    with pytest.raises(KeysFileError) as info:
        load_keys(path)
    assert "'x'" in str(info.value)
    assert field in str(info.value) or "submitter key must name" in str(info.value)


def test_a_duplicate_key_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    add_key(path, "x", "viewer")
    with pytest.raises(KeysFileError, match="exists already"):
        add_key(path, "x", "admin")


def test_a_district_key_names_one_known_district_and_reads_back_with_it(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    secret = add_key(path, "kanpur-systems", "district", district="kanpur-nagar")
    principal = load_keys(path).authenticate(secret)
    assert principal is not None and (principal.role, principal.district) == ("district", "kanpur-nagar")
    assert "district: kanpur-nagar" in path.read_text() and "acts_for_users" not in path.read_text()
    with pytest.raises(KeysFileError, match="did you mean 'kanpur-nagar'"):
        add_key(path, "typo", "district", district="kanpur-nagr")
    with pytest.raises(KeysFileError, match="names exactly one district"):
        add_key(path, "nowhere", "district")
    with pytest.raises(KeysFileError, match="names exactly one district"):
        add_key(path, "reader", "viewer", district="agra")


def test_only_a_key_that_is_not_a_submitter_may_act_for_users(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    secret = add_key(path, "console", "admin", acts_for_users=True)
    principal = load_keys(path).authenticate(secret)
    assert principal is not None and principal.acts_for_users
    with pytest.raises(KeysFileError, match="people do not submit"):
        add_key(path, "portal", "submitter", ["social-welfare"], acts_for_users=True)
