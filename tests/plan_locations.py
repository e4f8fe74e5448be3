"""Where a test's plan lives: a file, or a database on a throwaway PostgreSQL cluster.

A pytest plugin (tests/conftest.py loads it), Qt-free. One cluster serves the
whole test session; each test that asks for ``plan_location`` runs twice, once
on a new ``.relm`` file and once on the server, in a new schema of one shared
database (the URL's libpq ``options`` set its search_path), dropped afterwards:
a schema costs ~10 ms where a new database costs 50-300 ms on this machine.
``server_url`` (the server suite) is a whole new database.

A test about SQLite files themselves (lock files, WAL, file names, checked-in
``.relm`` files) says so with ``@pytest.mark.sqlite_only("why")`` and runs on
the file only; so does one where storage plays no part (LibreOffice reading
our workbook) with ``@pytest.mark.storage_aside("why")``.

``RELM_TEST_PLANS=file`` leaves the server leg out (the Qt-free core job, whose
suites the full run already runs on both).
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Generator, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.server.cluster import Cluster, running_cluster

KINDS = ("file", "server")


#: Markers that keep a test to a plan file, each with its reason.
FILE_ONLY = {
    "sqlite_only": "about SQLite files themselves; runs on a plan file only",
    "storage_aside": "where the plan lives plays no part (another tool); a plan file only",
}


def pytest_configure(config: pytest.Config) -> None:
    for name, meaning in FILE_ONLY.items():
        config.addinivalue_line("markers", f"{name}(reason): {meaning}")


def kinds_for(node: pytest.Item) -> list[str]:
    """The plan kinds a test runs on: both, or the file alone when it is marked so."""
    for name in FILE_ONLY:
        marker = node.get_closest_marker(name)
        if marker is None:
            continue
        if not (marker.args and str(marker.args[0]).strip()):
            raise pytest.UsageError(f"{node.nodeid}: {name} needs a reason")
        return ["file"]
    wanted = os.environ.get("RELM_TEST_PLANS", "").strip()
    return [kind for kind in KINDS if not wanted or kind in wanted.split(",")]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "plan_kind" in metafunc.fixturenames:
        metafunc.parametrize("plan_kind", kinds_for(metafunc.definition), indirect=True)


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    with running_cluster() as running:
        yield running


def _fresh_database(cluster: Cluster) -> Iterator[str]:
    name = cluster.new_database()
    try:
        yield cluster.url(name)
    finally:  # a database is ~7 MB: hundreds of tests would fill the temp disk
        cluster.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SHARED = "relm_tests"


@pytest.fixture(scope="session")
def shared_database(cluster: Cluster) -> str:
    """The database whose schemas hold the ``plan_location`` plans on the server."""
    cluster.admin(f'CREATE DATABASE "{SHARED}"')
    return SHARED


def _fresh_schema(cluster: Cluster, database: str) -> Generator[str, None, None]:
    schema = f"plan_{uuid.uuid4().hex[:10]}"
    cluster.admin(f'CREATE SCHEMA "{schema}"', database)
    try:
        yield f"{cluster.url(database)}&options=-csearch_path%3D{schema}"
    finally:
        cluster.admin(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE', database)


@pytest.fixture
def server_url(cluster: Cluster) -> Iterator[str]:
    """The URL of a new, empty database on the test cluster."""
    yield from _fresh_database(cluster)


@pytest.fixture(scope="module")  # module-scoped fixtures (a built demo) may use it
def plan_kind(request: pytest.FixtureRequest) -> str:
    """The plan kind, "file" or "server", set by ``pytest_generate_tests`` per test."""
    return str(request.param)


@pytest.fixture
def plan_location(
    plan_kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str | Path]:
    """Where a new plan goes: ``plan.relm`` in the test's folder, or a new schema."""
    if plan_kind == "file":
        yield tmp_path / "plan.relm"
        return
    cluster: Cluster = request.getfixturevalue("cluster")
    yield from _fresh_schema(cluster, request.getfixturevalue("shared_database"))


@pytest.fixture(scope="module")
def module_plan_location(
    plan_kind: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str | Path]:
    """``plan_location`` shared by a module's tests (a demo built once per kind)."""
    if plan_kind == "file":
        yield tmp_path_factory.mktemp("plan") / "plan.relm"
        return
    cluster: Cluster = request.getfixturevalue("cluster")
    yield from _fresh_schema(cluster, request.getfixturevalue("shared_database"))


@pytest.fixture
def plan_location_factory(
    plan_kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[PlanLocations]:
    """More than one new location of the test's kind (e.g. a source and a copy)."""
    made = PlanLocations(plan_kind, tmp_path, request)
    yield made
    made.drop()


class PlanLocations:
    """New plan locations of one kind, named after what they hold."""

    def __init__(self, kind: str, folder: Path, request: pytest.FixtureRequest) -> None:
        self.kind = kind
        self._folder = folder
        self._request = request
        self._made: list[Generator[str, None, None]] = []

    def __call__(self, name: str) -> str | Path:
        if self.kind == "file":
            return self._folder / f"{name}.relm"
        cluster: Cluster = self._request.getfixturevalue("cluster")
        made = _fresh_schema(cluster, self._request.getfixturevalue("shared_database"))
        self._made.append(made)
        return next(made)

    def drop(self) -> None:
        for made in self._made:
            made.close()  # runs the generator's finally: DROP SCHEMA


def plan_rows(
    location: str | Path, sql: str, params: Mapping[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """What the plan holds, read from outside RELM: sqlite3 on the file (read-only),
    psycopg on the server. ``sql`` names its parameters ``:name``."""
    from sqlalchemy import create_engine, text

    from relm_desktop.store.location import is_server_location, server_location

    if is_server_location(location):
        url = server_location(location).replace("postgresql://", "postgresql+psycopg://", 1)
        engine = create_engine(url)
    else:
        path = Path(location)
        engine = create_engine(
            "sqlite://", creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        )
    try:
        with engine.connect() as con:
            return [tuple(row) for row in con.execute(text(sql), dict(params or {}))]
    finally:
        engine.dispose()


def location_of(service: Any) -> str | Path:
    """Where an open PlanService's plan lives: its file, or its server URL."""
    found = service.path if service.path is not None else service.store.url
    assert found is not None
    return found  # type: ignore[no-any-return]


def plan_contents(location: str | Path) -> object:
    """All a plan holds, to compare before and after: a file's bytes; on the server,
    every row of every table of the plan's schema."""
    from relm_desktop.store.location import is_server_location

    if not is_server_location(location):
        return Path(location).read_bytes()
    tables = plan_rows(
        location,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
    )
    return {
        name: sorted(plan_rows(location, f'SELECT * FROM "{name}"'), key=repr)
        for (name,) in sorted(tables)
    }
