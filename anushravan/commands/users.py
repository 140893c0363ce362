"""`anushravan users add | list | remove`: people's logins to the console (CONTRACT §6)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from shared.catalog import CatalogError, default_catalog_path, load_catalog
from shared.users import ROLES, UsersFileError, add_user, load_users, remove_user

console = Console()
err = Console(stderr=True, soft_wrap=True)
FileOption = Annotated[Path | None, typer.Option(help="Users file [default: ANUSHRAVAN_USERS_FILE, "
                                                      "else .anushravan/users.yaml]")]


def users_path(file: Path | None) -> Path:
    from services.console.settings import ConsoleSettings

    settings = ConsoleSettings()
    return file or settings.users_file or (settings.state_dir / "users.yaml")


def read_password(prompt: bool) -> str:
    """From a hidden prompt (twice) on a terminal, else the first line of standard input."""
    if prompt and sys.stdin.isatty():
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\r\n")


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]{message}[/red]")
    return typer.Exit(1)


def register(app: typer.Typer) -> None:
    users_app = typer.Typer(help="People's logins to the console (argon2id hashes only).", no_args_is_help=True)
    app.add_typer(users_app, name="users")

    @users_app.command("add")
    def users_add(
        user_id: Annotated[str, typer.Argument(metavar="ID", help="Login name, e.g. dm-kanpur-nagar")],
        role: Annotated[str, typer.Option(help="state | admin | district | department")],
        district: Annotated[str | None, typer.Option(help="District id (role district)")] = None,
        department: Annotated[list[str] | None, typer.Option(help="Department id (role department)")] = None,
        catalog: Annotated[Path | None, typer.Option(help="Catalogue whose departments are valid")] = None,
        file: FileOption = None,
    ) -> None:
        """Add a user; the password is read from a prompt, or from standard input when piped."""
        if role not in ROLES:
            raise _fail(f"role: {role!r} is not one of {', '.join(ROLES)}")
        try:
            departments = {s.department.id for s in load_catalog(catalog or default_catalog_path())}
        except CatalogError as exc:
            raise _fail(str(exc)) from None
        path = users_path(file)
        try:
            user = add_user(path, user_id, role, read_password(prompt=True), district,
                            department or [], departments)
        except UsersFileError as exc:
            raise _fail(str(exc)) from None
        binding = user.district or ", ".join(user.departments) or "everything"
        console.print(f"User {user.id!r} ({user.role}: {binding}) added to {path}.")

    @users_app.command("list")
    def users_list(file: FileOption = None) -> None:
        """The users of the file, with their roles and bindings (never a hash)."""
        path = users_path(file)
        if not path.exists():
            console.print(f"No users file at {path}.")
            return
        try:
            directory = load_users(path)
        except UsersFileError as exc:
            raise _fail(str(exc)) from None
        table = Table(title=f"Users in {path}")
        for column in ("id", "role", "district", "departments"):
            table.add_column(column)
        for user in directory.users:
            table.add_row(user.id, user.role, user.district or "", ", ".join(user.departments))
        console.print(table)

    @users_app.command("remove")
    def users_remove(user_id: Annotated[str, typer.Argument(metavar="ID")], file: FileOption = None) -> None:
        """Remove a user; their open sessions end at their next request."""
        path = users_path(file)
        try:
            removed = remove_user(path, user_id)
        except UsersFileError as exc:
            raise _fail(str(exc)) from None
        if not removed:
            raise _fail(f"{path}: no user named {user_id!r}")
        console.print(f"User {user_id!r} removed from {path}.")
