"""External validators and servers the tests run (promtool, amtool, kubectl, …). A missing one
skips its test on a developer's machine, with the package to install; under CI=true it fails
the run instead, so a check can never pass by silently not running."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import NoReturn

import pytest


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def missing(name: str, install: str) -> NoReturn:
    reason = f"{name} is not installed ({install})"
    if under_ci():
        pytest.fail(f"{reason}; under CI=true a missing validator fails the run", pytrace=False)
    pytest.skip(reason)


def tool(name: str, install: str) -> str:
    """The executable: the virtual environment's own first (pinned in requirements.lock), then PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name) or missing(name, install)
