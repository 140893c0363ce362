"""`services/*/domain/` is pure: no I/O library, no environment, no clock.

Two guards: a deny-list of what does I/O or reads the clock (named in the failure), and an
allow-list of what a domain may import at all — the standard library, pydantic,
sortedcontainers, babel, the contracts of `shared` (catalogue, events, periods) and other
domains.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_MODULES = {
    "aiokafka", "faststream", "pymongo", "motor", "bson", "prometheus_client", "fastapi", "starlette",
    "httpx", "requests", "uvicorn", "logging", "os", "socket", "subprocess", "asyncio", "time",
    "random", "uuid", "weasyprint", "shutil", "tempfile", "confluent_kafka", "structlog",
}
FORBIDDEN_CALLS = {"now", "utcnow", "today", "getenv", "open"}
ALLOWED_THIRD_PARTY = {"pydantic", "sortedcontainers", "babel"}
# Contracts and value objects only: shared's plumbing (Kafka, MongoDB, settings, metrics) stays
# out of the domain.
ALLOWED_SHARED = ("shared.catalog", "shared.events", "shared.extremes", "shared.numbers", "shared.periods",
                  "shared.value", "shared.kpi_value", "shared.movement", "shared.latest", "shared.suggest",
                  "shared.submission_rules", "shared.text", "shared.rate_limit")
# The pure rules that live in shared/ because more than one service applies them.
SHARED_RULES = [ROOT / "shared" / f"{name}.py" for name in ("periods", "submission_rules", "text", "rate_limit",
                                                            "disposition")]
DOMAIN_FILES = sorted((ROOT / "services").glob("*/domain/**/*.py")) + SHARED_RULES


# Pure packages of shared/ that several services' domains read (the period calendar, who may
# change what): guarded as a domain is, and open to every domain.
PURE_SHARED = ("shared.calendar", "shared.authority")
PURE_SHARED_FILES = sorted(f for pkg in PURE_SHARED for f in (ROOT / pkg.replace(".", "/")).glob("**/*.py"))
GUARDED_FILES = DOMAIN_FILES + PURE_SHARED_FILES


def test_there_is_domain_code_to_guard() -> None:
    assert len(DOMAIN_FILES) > 4
    assert len(PURE_SHARED_FILES) >= len(PURE_SHARED)


@pytest.mark.parametrize("path", GUARDED_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_module_imports_no_io_library_and_reads_no_clock(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [(node.module or "").split(".")[0]] if node.level == 0 else []
        else:
            names = []
        bad = [n for n in names if n in FORBIDDEN_MODULES]
        assert not bad, f"{path.name}:{node.lineno} imports {bad}"
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            assert name not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno} calls {name}()"


def test_the_guard_catches_an_io_import(tmp_path: Path) -> None:
    # The guard itself must be able to fail.
    tree = ast.parse("import pymongo\nfrom aiokafka import X\n")
    found = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    found |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert found & FORBIDDEN_MODULES == {"pymongo", "aiokafka"}


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def _allowed(module: str) -> bool:
    top = module.split(".")[0]
    if (top in sys.stdlib_module_names and top not in FORBIDDEN_MODULES) or top in ALLOWED_THIRD_PARTY:
        return True
    if module.startswith("services.") and ".domain" in module:
        return True
    return any(module == s or module.startswith(f"{s}.") for s in ALLOWED_SHARED + PURE_SHARED)


@pytest.mark.parametrize("path", GUARDED_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_module_imports_only_what_a_pure_domain_may(path: Path) -> None:
    assert [m for m in _imports(path) if not _allowed(m)] == []


@pytest.mark.parametrize("path", sorted((ROOT / "services").glob("*/**/*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_service_imports_another_service(path: Path) -> None:
    own = path.relative_to(ROOT / "services").parts[0]
    assert [m for m in _imports(path) if _other_service(m, own)] == []


def _other_service(module: str, own: str) -> bool:
    parts = module.split(".")
    return parts[0] == "services" and len(parts) > 1 and parts[1] != own


def test_the_service_guard_catches_a_cross_import() -> None:
    assert _other_service("services.scoring.domain.validation", "ingest")
    assert not _other_service("services.ingest.domain.lines", "ingest") and not _other_service("shared.text", "x")


def test_the_allow_list_refuses_plumbing() -> None:
    assert not _allowed("shared.mongo") and not _allowed("services.scoring.repository")
    assert not _allowed("yaml") and not _allowed("os")
    assert _allowed("shared.events.scoring") and _allowed("services.scoring.domain.validation")
    assert _allowed("shared.calendar.due") and not _allowed("shared.calendarium")


def test_every_service_with_rules_has_its_domain_guarded() -> None:
    # Discovery is by glob: a domain moved out of `services/<name>/domain/` would silently escape.
    guarded = {path.relative_to(ROOT / "services").parts[0] for path in DOMAIN_FILES
               if path.is_relative_to(ROOT / "services")}
    assert {"alerts", "ingest", "reports", "scoring", "works"} <= guarded
