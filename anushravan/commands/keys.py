"""`anushravan keys add|list|revoke`: API keys in the keys file (only their SHA-256 is stored).

The running services re-read the file when it changes (within a second), or at once on
SIGHUP: a key added here works, and a key revoked here is refused, without a restart."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from anushravan.operator import JsonOption, print_json
from anushravan.output import cell, fail, note
from anushravan.reference import check
from anushravan.stack import KEYS_FILE
from shared.auth import ROLES, KeysFileError, add_key, load_keys, revoke_key
from shared.catalog import CatalogError
from shared.settings import Settings
from shared.suggest import UnknownId

RELOADED = ("The running services pick this up within a second (they re-read the keys file when it changes; "
            "'kill -HUP <pid>' makes one re-read it at once).")
FileOption = typer.Option(help="Keys file [default: ANUSHRAVAN_API_KEYS_FILE, else <state dir>/api-keys.yaml]")


def keys_path(file: Path | None) -> Path:
    settings = Settings()
    return file or settings.api_keys_file or (settings.state_dir / KEYS_FILE)


def register(app: typer.Typer) -> None:
    keys_app = typer.Typer(help="API keys: add, list, revoke (only their SHA-256 is stored).", no_args_is_help=True)
    app.add_typer(keys_app, name="keys")
    console = Console(highlight=False)

    @keys_app.command("add")
    def keys_add(
        role: Annotated[str, typer.Option(help="submitter | viewer | admin | district")],
        department: Annotated[list[str] | None, typer.Option(help="Department id (submitters; repeat for more)")]
            = None,
        district: Annotated[str | None, typer.Option(help="District id (district keys)")] = None,
        acts_for_users: Annotated[bool, typer.Option(
            "--acts-for-users", help="May act for the people logged in to a console (never beyond its own role)")]
            = False,
        key_id: Annotated[str | None, typer.Option("--id", help="A name for the key (logs, audit)")] = None,
        file: Annotated[Path | None, FileOption] = None,
        catalog: Annotated[Path | None, typer.Option(help="Catalogue whose departments are valid "
                                                          "[default: the shipped one]")] = None,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the secret (for scripts)")] = False,
    ) -> None:
        """Create a key: prints the secret once and stores only its SHA-256."""
        if role not in ROLES:
            raise fail(f"role: {role!r} is not one of {', '.join(ROLES)}")
        try:
            check("department", department or [], catalog)
            check("district", [district] if district else [])
        except UnknownId as exc:
            raise fail(f"{exc.kind}: {exc}") from None
        except CatalogError as exc:
            raise fail(f"department: {exc}") from None
        path = keys_path(file)
        name = key_id or f"{role}-{int(time.time())}"
        try:
            secret = add_key(path, name, role, department or [], district, acts_for_users)
        except (KeysFileError, ValueError) as exc:
            raise fail(str(exc)) from None
        if not quiet:
            note(console, f"Key {name!r} ({role}) added to {path}. {RELOADED} Secret (shown only now):")
        note(console, secret)

    @keys_app.command("list")
    def keys_list(file: Annotated[Path | None, FileOption] = None,
                  as_json: Annotated[bool, JsonOption] = False) -> None:
        """Every key of the file: its name, role and departments (never a secret)."""
        path = keys_path(file)
        if not path.exists():
            raise fail(f"no keys file at {path}: 'anushravan up' or 'anushravan keys add' creates it")
        try:
            keys = load_keys(path).keys
        except KeysFileError as exc:
            raise fail(str(exc)) from None
        if as_json:
            print_json([{"id": k.id, "role": k.role, "departments": list(k.departments), "district": k.district,
                         "acts_for_users": k.acts_for_users, "sha256_prefix": k.sha256[:12]} for k in keys])
            return
        table = Table(title=f"API keys in {path}")
        for column in ("id", "role", "scope", "acts for users", "sha256"):
            table.add_column(column)
        for k in sorted(keys, key=lambda k: (k.role, k.id)):
            table.add_row(cell(k.id), cell(k.role), cell(", ".join(k.departments) or k.district),
                          cell("yes" if k.acts_for_users else None), cell(k.sha256[:12] + "…"))
        console.print(table)

    @keys_app.command("revoke")
    def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's name (see 'anushravan keys list')")],
                    file: Annotated[Path | None, FileOption] = None) -> None:
        """Remove a key: the running services refuse it from then on."""
        path = keys_path(file)
        try:
            revoked = revoke_key(path, key_id)
        except KeysFileError as exc:
            raise fail(str(exc)) from None
        note(console, f"Key {revoked.id!r} ({revoked.role}) revoked in {path}. {RELOADED}")
