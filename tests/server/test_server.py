"""The aiohttp application: health, readiness, metrics, mounting rules and the body cap."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import pytest
import uvloop
from aiohttp.test_utils import TestClient

from bot.server import build_app, new_event_loop
from bot.settings import Settings, SettingsError
from tests.support.defaults import memory_store

Client = Callable[..., Any]


async def test_healthz_and_readyz_with_memory_store(
    aiohttp_client: Client, make_settings: Callable[..., Settings]
) -> None:
    client: TestClient = await aiohttp_client(build_app(make_settings()))
    assert (await client.get("/healthz")).status == 200
    resp = await client.get("/readyz")
    assert resp.status == 200
    assert (await resp.json())["status"] == "ready"


async def test_readyz_is_503_when_redis_is_unreachable(
    aiohttp_client: Client, make_settings: Callable[..., Settings]
) -> None:
    app = build_app(make_settings(redis_url="redis://127.0.0.1:1/0"))
    client: TestClient = await aiohttp_client(app)
    assert (await client.get("/healthz")).status == 200
    resp = await client.get("/readyz")
    assert resp.status == 503


async def test_readyz_with_real_redis(
    aiohttp_client: Client, make_settings: Callable[..., Settings], redis_url: str
) -> None:
    client: TestClient = await aiohttp_client(build_app(make_settings(redis_url=redis_url)))
    assert (await client.get("/readyz")).status == 200


async def test_metrics_are_prometheus_text(
    aiohttp_client: Client, make_settings: Callable[..., Settings]
) -> None:
    client: TestClient = await aiohttp_client(build_app(make_settings()))
    resp = await client.get("/metrics")
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("text/plain")
    body = await resp.text()
    for name in ("advisor_turns_total", "advisor_turn_seconds", "advisor_recommendations_total",
                 "advisor_knowledge_questions_total", "advisor_assessments_started_total",
                 "advisor_redis_errors_total"):
        assert f"# TYPE {name.removesuffix('_total')}" in body, name


async def test_platforms_without_credentials_are_not_mounted(
    aiohttp_client: Client, make_settings: Callable[..., Settings], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    client: TestClient = await aiohttp_client(
        build_app(make_settings(advisor_env="production"), store=memory_store())
    )
    assert (await client.post("/slack/events", data=b"{}")).status == 404
    assert (await client.post("/api/messages", json={})).status == 404
    text = caplog.text
    assert "Slack not mounted" in text and "Teams not mounted" in text


async def test_teams_local_mode_outside_production_warns_loudly(
    aiohttp_client: Client, make_settings: Callable[..., Settings], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    client: TestClient = await aiohttp_client(build_app(make_settings()))
    resp = await client.post("/api/messages", data=b"not json",
                             headers={"Content-Type": "application/json"})
    assert resp.status == 400
    assert any(r.levelno == logging.WARNING and "UNAUTHENTICATED" in r.getMessage()
               for r in caplog.records)


async def test_bodies_over_the_cap_get_413(
    aiohttp_client: Client, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(advisor_max_body_bytes=4096)
    client: TestClient = await aiohttp_client(build_app(settings))
    resp = await client.post("/api/messages", data=b"x" * 10_000,
                             headers={"Content-Type": "application/json"})
    assert resp.status == 413


def test_serve_runs_on_uvloop_unless_asyncio_is_asked_for() -> None:
    for kind, expected in (("uvloop", uvloop.Loop), ("asyncio", asyncio.BaseEventLoop)):
        loop = new_event_loop(kind)
        try:
            assert isinstance(loop, expected)
            assert kind == "uvloop" or not isinstance(loop, uvloop.Loop)
            assert loop.run_until_complete(asyncio.sleep(0, result=kind)) == kind
        finally:
            loop.close()


def test_the_event_loop_setting_is_checked(make_settings: Callable[..., Settings]) -> None:
    assert make_settings().advisor_event_loop == "uvloop"
    assert make_settings(advisor_event_loop="asyncio").advisor_event_loop == "asyncio"
    with pytest.raises(SettingsError, match="ADVISOR_EVENT_LOOP"):
        make_settings(advisor_event_loop="trio")
