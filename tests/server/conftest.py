"""A real PostgreSQL for the server tests: one throwaway cluster per test session,
a fresh database per test; ``plan_location`` runs a test on a file and on a server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.cluster import Cluster, running_cluster


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    with running_cluster() as running:
        yield running


@pytest.fixture
def server_url(cluster: Cluster) -> str:
    """The URL of a new, empty database on the test cluster."""
    return cluster.url(cluster.new_database())


@pytest.fixture(params=["file", "server"])
def plan_location(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Where a test's plan lives: a new file, or a new database on the server."""
    if request.param == "file":
        return tmp_path / "plan.relm"
    cluster: Cluster = request.getfixturevalue("cluster")
    return cluster.url(cluster.new_database())
