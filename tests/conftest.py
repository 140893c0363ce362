"""Session-wide real servers: one Tansu and one nx-27017 for the whole run (a consumer group's
first join costs seconds, so services are started per module, servers per session)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from anushravan.admin import create_topics
from anushravan.embedded import Server
from tests.support import servers


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--soak", action="store_true", default=False, help="run long soak tests")


# `make test` runs on two pytest-xdist workers. A module is one unit of work (its services and
# consumer groups are started once per module), and the fault scenarios that compare with the
# uninterrupted run share one unit, so that run is played once per session. (xdist's own
# `--dist loadgroup` cannot do this under pytest 9: it renames node ids through an attribute
# that pytest no longer reads.) The longest units go first, so the short ones fill in beside.
SHARED_UNITS = {"tests/faults/test_database_outage.py": "tests/faults/test_crash_safety.py",
                # The console's two modules share one stack (tests/e2e/console/conftest.py).
                "tests/e2e/console/test_console_desks.py": "tests/e2e/console/test_console.py"}
LONGEST_FIRST = ("tests/faults/test_crash_safety.py", "tests/e2e/console/test_console.py", "tests/e2e/test_demo.py",
                 "tests/e2e/test_newcomers.py", "tests/e2e/test_quickstart.py", "tests/faults/test_stale_ranking.py",
                 "tests/integration/scoring/test_scoring_resilience.py", "tests/e2e/test_prometheus.py")


def unit_of(nodeid: str) -> str:
    module = nodeid.split("::", 1)[0]
    return SHARED_UNITS.get(module, module)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    from xdist.scheduler import LoadScopeScheduling

    class ModuleScheduling(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)

    config.option.loadscopereorder = False  # keep the order given below
    return ModuleScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {unit: i for i, unit in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(unit_of(item.nodeid), len(rank)))  # stable: modules keep their order
    if config.getoption("--soak"):
        return
    skip = pytest.mark.skip(reason="soak test: run with --soak")
    for item in items:
        if "soak" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("servers")


@pytest.fixture(scope="session")
def kafka_server(workdir: Path) -> Iterator[Server]:
    with servers.tansu(workdir) as server:
        yield server


@pytest.fixture(scope="session")
async def kafka(kafka_server: Server) -> str:
    """Bootstrap address of a session Tansu with the contract's topics created."""
    await create_topics(kafka_server.url)
    return kafka_server.url


@pytest.fixture(scope="session")
def mongo_server(workdir: Path) -> Iterator[Server]:
    with servers.nx(workdir) as server:
        yield server


@pytest.fixture(scope="session")
def mongo_url(mongo_server: Server) -> str:
    return mongo_server.url


@pytest.fixture
def database_name() -> str:
    """A fresh database per test, so tests share the server but never its data."""
    return f"t_{uuid.uuid4().hex[:12]}"
