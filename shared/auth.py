"""API keys (CONTRACT §4–6): a YAML file of hashed keys, each with a role and its scope — for
submitters the departments it may submit for, for `district` keys the one district it acts for
(validated against the reference data) — and, for the console, the mark that lets it act for
the people logged in to it (`acts_for_users`, shared/acting.py). Secrets are never stored, only
their SHA-256. A running service re-reads the file when it changes (shared/key_file.py)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from shared.districts import district_ids
from shared.suggest import hint, unknown

# submitter: submits for its departments · viewer: reads · admin: everything · district: reads,
# and changes what belongs to its one district (its minutes, its alerts).
Role = Literal["submitter", "viewer", "admin", "district"]
ROLES: tuple[Role, ...] = ("submitter", "viewer", "admin", "district")


class ApiKey(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(min_length=1, max_length=100, description="a name for logs, never the secret")
    role: Role
    departments: tuple[str, ...] = ()
    district: str | None = Field(default=None, description="district keys: the district they act for")
    acts_for_users: bool = Field(default=False, description="may act for the people of a console "
                                 "(shared/acting.py): never beyond what the key itself may do")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")

    @model_validator(mode="after")
    def _scope_fits_the_role(self) -> ApiKey:
        if self.role == "submitter" and not self.departments:
            raise ValueError("a submitter key must name its departments")
        if self.role != "submitter" and self.departments:
            raise ValueError("only submitter keys are bound to departments")
        if (self.role == "district") != (self.district is not None):
            raise ValueError("a district key names exactly one district; other roles name none")
        if self.district is not None and self.district not in district_ids():
            raise ValueError(unknown("district", self.district, district_ids()))
        if self.acts_for_users and self.role == "submitter":
            raise ValueError("a submitter key cannot act for users: people do not submit figures")
        return self


class KeysFileError(ValueError):
    pass


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return "anu_" + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's id, role and scope (departments, district), and whether it may
    act for people (shared/acting.py)."""

    key_id: str
    role: Role
    departments: frozenset[str]
    district: str | None = None
    acts_for_users: bool = False

    def may_submit_for(self, department: str) -> bool:
        return self.role == "admin" or (self.role == "submitter" and department in self.departments)

    def may_read_department(self, department: str) -> bool:
        """Viewers and admins read every department; a submitter its own."""
        return self.role != "submitter" or department in self.departments


class Keys(Protocol):
    """What the HTTP layer asks of the keys: who a secret belongs to."""

    def authenticate(self, secret: str) -> Principal | None: ...


class KeyStore:
    def __init__(self, keys: Iterable[ApiKey]) -> None:
        self._by_hash = {k.sha256: k for k in keys}

    def __len__(self) -> int:
        return len(self._by_hash)

    def authenticate(self, secret: str) -> Principal | None:
        digest = hash_secret(secret)
        key = self._by_hash.get(digest)
        # compare_digest on the hit keeps timing flat whatever the prefix match.
        if key is None or not hmac.compare_digest(key.sha256, digest):
            return None
        return Principal(key.id, key.role, frozenset(key.departments), key.district, key.acts_for_users)

    @property
    def keys(self) -> list[ApiKey]:
        return list(self._by_hash.values())


def load_keys(path: Path) -> KeyStore:
    """Read the keys file; errors name the file, the entry and the field."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise KeysFileError(f"{path}: cannot read keys file: {exc}") from None
    entries = doc.get("keys") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise KeysFileError(f"{path}: expected a mapping with a 'keys' list")
    keys: list[ApiKey] = []
    for i, raw in enumerate(entries):
        try:
            keys.append(ApiKey.model_validate(raw))
        except ValidationError as exc:
            name = raw.get("id", f"#{i + 1}") if isinstance(raw, dict) else f"#{i + 1}"
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "(entry)"
            raise KeysFileError(f"{path}: key {name!r}, field {field}: {err['msg']}") from None
    ids = [k.id for k in keys]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise KeysFileError(f"{path}: duplicate key id(s) {dupes}")
    return KeyStore(keys)


def save_keys(path: Path, keys: Iterable[ApiKey]) -> None:
    doc = {"keys": [k.model_dump(mode="json", exclude_defaults=False) for k in keys]}
    for entry in doc["keys"]:
        entry["departments"] = list(entry["departments"])
        for field, empty in (("departments", []), ("district", None), ("acts_for_users", False)):
            if entry[field] == empty:
                del entry[field]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)


def add_key(path: Path, key_id: str, role: Role, departments: Iterable[str] = (), district: str | None = None,
            acts_for_users: bool = False) -> str:
    """Add a key to the file (creating it) and return the secret, which is shown only once."""
    store = load_keys(path) if path.exists() else KeyStore([])
    if any(k.id == key_id for k in store.keys):
        raise KeysFileError(f"{path}: a key named {key_id!r} exists already")
    secret = new_secret()
    try:
        entry = ApiKey(id=key_id, role=role, departments=tuple(departments), district=district,
                       acts_for_users=acts_for_users, sha256=hash_secret(secret))
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "role"
        raise KeysFileError(f"key {key_id!r}, field {field}: {err['msg']}") from None
    save_keys(path, [*store.keys, entry])
    return secret


def put_keys(path: Path, entries: Iterable[ApiKey]) -> None:
    """Add these keys to the file, replacing any of the same id; every other key is kept."""
    new = {k.id: k for k in entries}
    kept = [k for k in (load_keys(path).keys if path.exists() else []) if k.id not in new]
    save_keys(path, [*kept, *new.values()])


def revoke_key(path: Path, key_id: str) -> ApiKey:
    """Remove a key from the file; the services refuse it as soon as they see the change."""
    if not path.exists():
        raise KeysFileError(f"{path}: no keys file")
    keys = load_keys(path).keys
    found = next((k for k in keys if k.id == key_id), None)
    if found is None:
        raise KeysFileError(f"{path}: no key named {key_id!r}{hint(key_id, [k.id for k in keys])}")
    save_keys(path, [k for k in keys if k.id != key_id])
    return found
