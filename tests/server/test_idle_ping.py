"""A server plan left idle, whose connection the server dropped meanwhile, edits
as if nothing happened: the pool pings a connection idle for IDLE_PING seconds."""

from __future__ import annotations

from datetime import date

import pytest

from relm_desktop.services.plan import PlanService
from relm_desktop.store import notices
from tests.server.cluster import Cluster


def test_an_idle_connection_dropped_by_the_server_is_replaced(
    cluster: Cluster, server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = PlanService.new(server_url, start=date(2027, 1, 4))
    try:
        team = service.create("team", {"name": "Ops"}).ids[0]
        tag = service.store.tag
        database = server_url.split("@/", 1)[1].split("?", 1)[0]
        # The server (a restart, a firewall's timeout) ends the pooled connection.
        cluster.admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE application_name = '{tag}'",
            database,
        )
        monkeypatch.setattr(notices, "IDLE_PING", 0.0)  # as after a long pause
        service.update("team", team, {"name": "Operations"})
        assert {t.id: t.name for t in service.load().teams}[team] == "Operations"
    finally:
        service.close()
