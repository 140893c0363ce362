"""The alerts domain is pure: standard library, pydantic, sortedcontainers and babel only."""

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import services.alerts.domain

ALLOWED_THIRD_PARTY = {"pydantic", "sortedcontainers", "babel"}
# Contracts only: shared's plumbing (Kafka, MongoDB, settings, metrics) stays out of the domain.
ALLOWED_SHARED = {"shared.catalog", "shared.events"}
DOMAIN = Path(services.alerts.domain.__file__).parent


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def _allowed(module: str) -> bool:
    top = module.split(".")[0]
    if top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY:
        return True
    if module.startswith("services.alerts.domain"):
        return True
    return any(module == s or module.startswith(f"{s}.") for s in ALLOWED_SHARED)


def test_the_alerts_domain_imports_nothing_with_side_effects() -> None:
    modules = sorted(DOMAIN.rglob("*.py"))
    assert len(modules) > 10
    offending = {p.name: m for p in modules for m in _imports(p) if not _allowed(m)}
    assert offending == {}


def test_the_alerts_domain_reads_no_clock_environment_or_logging() -> None:
    forbidden = {"os", "time", "logging", "random", "uuid", "socket", "asyncio"}
    used = {m.split(".")[0] for p in DOMAIN.rglob("*.py") for m in _imports(p)}
    assert used & forbidden == set()


def test_no_alerts_domain_module_asks_for_the_current_time() -> None:
    sources = " ".join(p.read_text(encoding="utf-8") for p in DOMAIN.rglob("*.py"))
    assert ".now(" not in sources and "utcnow" not in sources and "today(" not in sources
