"""`anushravan users add | list | remove`, as an operator types them."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from anushravan.commands.users import register
from shared.users import load_users


def app() -> typer.Typer:
    root = typer.Typer()
    register(root)
    return root


def test_add_list_and_remove_a_user_with_the_password_from_standard_input(tmp_path: Path) -> None:
    path, runner = tmp_path / "users.yaml", CliRunner()
    added = runner.invoke(app(), ["users", "add", "dm-agra", "--role", "district", "--district", "agra",
                                  "--file", str(path)], input="a long password\n")
    assert added.exit_code == 0, added.output
    assert load_users(path).authenticate("dm-agra", "a long password") is not None
    listed = runner.invoke(app(), ["users", "list", "--file", str(path)])
    assert "dm-agra" in listed.output and "agra" in listed.output and "argon2" not in listed.output
    assert runner.invoke(app(), ["users", "remove", "dm-agra", "--file", str(path)]).exit_code == 0
    assert len(load_users(path)) == 0


def test_a_wrong_role_or_an_unknown_department_is_refused_with_the_reason(tmp_path: Path) -> None:
    path, runner = tmp_path / "users.yaml", CliRunner()
    wrong = runner.invoke(app(), ["users", "add", "x", "--role", "king", "--file", str(path)],
                          input="a long password\n")
    assert wrong.exit_code == 1 and "role: 'king'" in wrong.output
    unknown = runner.invoke(app(), ["users", "add", "x", "--role", "department", "--department", "space",
                                    "--file", str(path)], input="a long password\n")
    assert unknown.exit_code == 1 and "unknown department(s) ['space']" in unknown.output
    assert runner.invoke(app(), ["users", "remove", "nobody", "--file", str(path)]).exit_code == 1
