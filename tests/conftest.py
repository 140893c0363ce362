"""Session-wide real servers: one Tansu and one nx-27017 for the whole run (a consumer group's
first join costs seconds, so services are started per module, servers per session)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from anushravan.admin import create_topics
from anushravan.embedded import Server
from tests.support import servers


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--soak", action="store_true", default=False, help="run long soak tests")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
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
