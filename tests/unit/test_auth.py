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
