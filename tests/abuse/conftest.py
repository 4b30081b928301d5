"""Fixtures of the abuse suite: the whole app on the stand-ins, one per test function.

Hypothesis runs many examples inside one test function, so the app, its store and the
stand-ins are built once per test and shared by its examples (hence the suppressed
``function_scoped_fixture`` health check in the tests); every example starts by clearing the
log capture and reads the state it compares before and after itself.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import redis.asyncio
from hypothesis import HealthCheck, settings

from bot.server import build_app
from bot.settings import Settings
from bot.store.base import StoreUnavailable
from bot.store.memory import MemorySessionStore
from bot.store.redis import RedisSessionStore
from bot.teams.adapter import TEAMS_OPTIONS
from bot.teams.bot import TeamsOptions
from bot.teams.retry import RetryPolicy
from tests.conftest import TEST_REDIS_URL
from tests.slack.support import SECRET, TOKEN, SlackDriver
from tests.standins.connector import ConnectorStandIn
from tests.standins.slack_api import SlackStandIn
from tests.teams.support import Chat

ABUSE = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=False,
)
"""Modest example counts keep the suite fast; CI finds new inputs over time."""

TEAMS_FAST = TeamsOptions(retry=RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02),
                          reply_budget=10.0, send_timeout=5.0)


@pytest.fixture(autouse=True)
def _log_level(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)


@pytest.fixture
async def slack_api() -> AsyncIterator[SlackStandIn]:
    async with SlackStandIn(token=TOKEN) as api:
        yield api


@pytest.fixture
async def connector() -> AsyncIterator[ConnectorStandIn]:
    async with ConnectorStandIn() as standin:
        yield standin


@pytest.fixture
def memory_store() -> MemorySessionStore:
    return MemorySessionStore()


@pytest.fixture
async def redis_store() -> AsyncIterator[RedisSessionStore]:
    """A real Redis store under a fresh prefix (awkward keys and values end up in Redis)."""
    prefix = f"advisor-test:abuse:{uuid.uuid4().hex[:12]}"
    store = RedisSessionStore.from_url(TEST_REDIS_URL, prefix=prefix, ttl_seconds=600)
    try:
        await store.ping()
    except StoreUnavailable as exc:
        await store.close()
        pytest.fail(f"Redis at {TEST_REDIS_URL} is unreachable ({exc}); the abuse tests on "
                    "Redis need one (bash .ci/run starts it).", pytrace=False)
    yield store
    await store.close()
    admin = redis.asyncio.Redis.from_url(TEST_REDIS_URL)
    names = [n async for n in admin.scan_iter(match=f"{prefix}:*", count=500)]
    if names:
        await admin.delete(*names)
    await admin.aclose()


@pytest.fixture
def slack_app(aiohttp_client: Any, slack_api: SlackStandIn,
              make_settings: Callable[..., Settings]) -> Callable[..., Any]:
    async def make(store: Any, **values: Any) -> SlackDriver:
        values.setdefault("slack_bot_token", TOKEN)
        values.setdefault("slack_signing_secret", SECRET)
        values.setdefault("slack_api_url", slack_api.api_url)
        app = build_app(make_settings(**values), store=store)
        return SlackDriver(client=await aiohttp_client(app), api=slack_api)

    return make


@pytest.fixture
async def slack(slack_app: Callable[..., Any], memory_store: MemorySessionStore) -> SlackDriver:
    driver: SlackDriver = await slack_app(memory_store)
    return driver


@pytest.fixture
def teams_app(aiohttp_client: Any, connector: ConnectorStandIn,
              make_settings: Callable[..., Settings]) -> Callable[..., Any]:
    async def make(store: Any, **values: Any) -> Chat:
        app = build_app(make_settings(**values), store=store)
        app[TEAMS_OPTIONS] = TEAMS_FAST
        return Chat(client=await aiohttp_client(app), connector=connector)

    return make


@pytest.fixture
async def teams(teams_app: Callable[..., Any], memory_store: MemorySessionStore) -> Chat:
    chat: Chat = await teams_app(memory_store)
    return chat
