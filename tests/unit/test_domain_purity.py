"""`services/*/domain/` is pure: no I/O library, no environment, no clock."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_MODULES = {
    "aiokafka", "faststream", "pymongo", "motor", "bson", "prometheus_client", "fastapi", "starlette",
    "httpx", "requests", "uvicorn", "logging", "os", "socket", "subprocess", "asyncio", "time",
    "random", "uuid", "weasyprint", "shutil", "tempfile", "confluent_kafka", "structlog",
}
FORBIDDEN_CALLS = {"now", "utcnow", "today", "getenv", "open"}
DOMAIN_FILES = sorted((ROOT / "services").glob("*/domain/**/*.py"))


def test_there_is_domain_code_to_guard() -> None:
    assert len(DOMAIN_FILES) > 4


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
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
