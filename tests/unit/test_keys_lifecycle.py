"""Keys that work: added and revoked keys reach a running service without a restart, a broken
file keeps the keys in force, and `up` keeps the keys file and the secrets it generated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from anushravan.stack import SECRETS_FILE, generate_keys
from shared.auth import KeysFileError, add_key, hash_secret, load_keys, put_keys, revoke_key
from shared.key_file import KeyFile


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_key_added_to_the_file_authenticates_once_the_file_is_looked_at_again(tmp_path: Path) -> None:
    path, clock = tmp_path / "keys.yaml", Clock()
    add_key(path, "admin", "admin")
    keys = KeyFile(path, every_s=1.0, clock=clock)
    secret = add_key(path, "portal", "submitter", ["social-welfare"])
    assert keys.authenticate(secret) is None  # not looked at again yet: at most once a second
    clock.now = 1.5
    principal = keys.authenticate(secret)
    assert principal is not None and principal.departments == {"social-welfare"}


def test_a_revoked_key_is_refused_after_the_next_look(tmp_path: Path) -> None:
    path, clock = tmp_path / "keys.yaml", Clock()
    secret = add_key(path, "portal", "submitter", ["social-welfare"])
    keys = KeyFile(path, clock=clock)
    assert keys.authenticate(secret) is not None
    revoke_key(path, "portal")
    clock.now = 5
    assert keys.authenticate(secret) is None


def test_a_forced_refresh_reads_the_file_at_once_as_sighup_does(tmp_path: Path) -> None:
    path, clock = tmp_path / "keys.yaml", Clock()
    add_key(path, "admin", "admin")
    keys = KeyFile(path, every_s=3600, clock=clock)
    secret = add_key(path, "viewer", "viewer")
    assert keys.refresh(force=True) is True
    assert keys.authenticate(secret) is not None


def test_a_broken_file_keeps_the_keys_read_before(tmp_path: Path) -> None:
    path, clock = tmp_path / "keys.yaml", Clock()
    secret = add_key(path, "admin", "admin")
    keys = KeyFile(path, clock=clock)
    path.write_text("keys: [{id: x, role: root}]\n")
    clock.now = 2
    assert keys.refresh() is False
    assert keys.authenticate(secret) is not None


def test_revoking_an_unknown_key_suggests_the_nearest_names(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    add_key(path, "scholarship-portal", "submitter", ["social-welfare"])
    with pytest.raises(KeysFileError, match="did you mean 'scholarship-portal'"):
        revoke_key(path, "scholarship_portal")


def test_put_keys_replaces_by_id_and_keeps_every_other_key(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    mine = add_key(path, "mine", "viewer")
    add_key(path, "admin", "admin")
    [admin] = [k for k in load_keys(path).keys if k.id == "admin"]
    put_keys(path, [admin.model_copy(update={"sha256": hash_secret("new")})])
    store = load_keys(path)
    assert store.authenticate("new") is not None and store.authenticate(mine) is not None


def test_up_keeps_added_keys_and_reuses_the_secrets_it_generated(tmp_path: Path) -> None:
    path, first = generate_keys(tmp_path, ["social-welfare"])
    mine = add_key(path, "my-portal", "submitter", ["social-welfare"])
    again_path, again = generate_keys(tmp_path, ["social-welfare"])
    assert again_path == path and again == first
    store = load_keys(path)
    assert store.authenticate(mine) is not None and store.authenticate(first["viewer"]) is not None
    assert (tmp_path / SECRETS_FILE).stat().st_mode & 0o077 == 0


def test_a_generated_key_whose_secret_was_lost_gets_a_new_one(tmp_path: Path) -> None:
    path, first = generate_keys(tmp_path, ["social-welfare"])
    (tmp_path / SECRETS_FILE).write_text(json.dumps({k: v for k, v in first.items() if k != "admin"}))
    _, again = generate_keys(tmp_path, ["social-welfare"])
    assert again["admin"] != first["admin"] and again["viewer"] == first["viewer"]
    store = load_keys(path)
    assert store.authenticate(again["admin"]) is not None and store.authenticate(first["admin"]) is None
