"""People's logins (CONTRACT §6): a YAML file of users, each with a role, its binding (one
district, or departments) and an argon2id password hash in PHC form. API keys stay for
machines (`shared/auth.py`); passwords are never stored, only their hashes.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Literal

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from shared.authority import USER_ID
from shared.districts import district_ids

Role = Literal["state", "admin", "district", "department"]
ROLES: tuple[Role, ...] = ("state", "admin", "district", "department")
MIN_PASSWORD = 10
# argon2-cffi's defaults are RFC 9106's second recommendation: argon2id, t=3, m=64 MiB, p=4.
_HASHER = PasswordHasher()
# Verified when the user is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


class User(BaseModel):
    """One person who may log in to the console."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=USER_ID, description="the login name")
    role: Role
    district: str | None = None
    departments: tuple[str, ...] = ()
    password_hash: str = Field(pattern=r"^\$argon2id\$", description="PHC string of argon2id")

    @model_validator(mode="after")
    def _bindings(self) -> User:
        if (self.role == "district") != (self.district is not None):
            raise ValueError("a district user names exactly one district; other roles name none")
        if (self.role == "department") != bool(self.departments):
            raise ValueError("a department user names its departments; other roles name none")
        if self.district is not None and self.district not in district_ids():
            raise ValueError(f"unknown district {self.district!r} (see shared/data/districts.yaml)")
        return self


class UsersFileError(ValueError):
    """A users file that cannot be used; the message names the file, the user and the field."""


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UsersFileError(f"password: at least {MIN_PASSWORD} characters are required")
    return _HASHER.hash(password)


def new_password() -> str:
    """A generated password for the demo user: shown once, never stored."""
    return secrets.token_urlsafe(12)


class UserDirectory:
    """The users of one file, read once; look-ups by id."""

    def __init__(self, users: Iterable[User]) -> None:
        self._by_id = {u.id: u for u in users}

    def __len__(self) -> int:
        return len(self._by_id)

    @property
    def users(self) -> list[User]:
        return list(self._by_id.values())

    def get(self, user_id: str) -> User | None:
        return self._by_id.get(user_id)

    def authenticate(self, user_id: str, password: str) -> User | None:
        """The user if the password is theirs; slow on purpose (argon2), whoever is asked for."""
        user = self._by_id.get(user_id)
        try:
            _HASHER.verify(user.password_hash if user else _DUMMY_HASH, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        return user


def _check_departments(users: Iterable[User], known: Collection[str], source: str) -> None:
    for user in users:
        unknown = sorted(set(user.departments) - set(known))
        if unknown:
            raise UsersFileError(f"{source}: user {user.id!r}, field departments: unknown department(s) "
                                 f"{unknown}; the catalogue has {sorted(known)}")


def load_users(path: Path, departments: Collection[str] | None = None) -> UserDirectory:
    """Read and validate the users file; `departments`, when given, are the ones users may name."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise UsersFileError(f"{path}: cannot read users file: {exc}") from None
    entries = doc.get("users") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise UsersFileError(f"{path}: expected a mapping with a 'users' list")
    users: list[User] = []
    for i, raw in enumerate(entries):
        name = raw.get("id", f"#{i + 1}") if isinstance(raw, dict) else f"#{i + 1}"
        try:
            users.append(User.model_validate(raw))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "(entry)"
            raise UsersFileError(f"{path}: user {name!r}, field {field}: {err['msg']}") from None
    ids = [u.id for u in users]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise UsersFileError(f"{path}: duplicate user id(s) {dupes}")
    if departments is not None:
        _check_departments(users, departments, str(path))
    return UserDirectory(users)


def save_users(path: Path, users: Iterable[User]) -> None:
    entries = []
    for user in users:
        entry = user.model_dump(mode="json", exclude_none=True)
        entry["departments"] = list(user.departments)
        if not entry["departments"]:
            del entry["departments"]
        entries.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(yaml.safe_dump({"users": entries}, sort_keys=False, allow_unicode=True), encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)  # readers never see half a file


def add_user(path: Path, user_id: str, role: Role, password: str, district: str | None = None,
             departments: Iterable[str] = (), known_departments: Collection[str] | None = None) -> User:
    """Add a user to the file (creating it); refuses an id that exists, naming the field at fault."""
    directory = load_users(path) if path.exists() else UserDirectory([])
    if directory.get(user_id) is not None:
        raise UsersFileError(f"{path}: a user named {user_id!r} exists already")
    try:
        user = User(id=user_id, role=role, district=district, departments=tuple(departments),
                    password_hash=hash_password(password))
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or role
        raise UsersFileError(f"user {user_id!r}, field {field}: {err['msg']}") from None
    if known_departments is not None:
        _check_departments([user], known_departments, str(path))
    save_users(path, [*directory.users, user])
    return user


def remove_user(path: Path, user_id: str) -> bool:
    """Remove a user; False when there was none of that id. Their sessions end at their next request."""
    if not path.exists():
        return False
    directory = load_users(path)
    if directory.get(user_id) is None:
        return False
    save_users(path, [u for u in directory.users if u.id != user_id])
    return True
