"""Fixtures of the fault suite: Redis behind a misbehaving proxy, the whole app on top of it.

Every test runs the real application (``build_app``) with a ``RedisSessionStore`` whose URL
points at a ``TcpProxy`` in front of the shared test Redis (db 15 of
``ADVISOR_TEST_REDIS_URL``), under a key prefix of its own that is deleted afterwards. The
Slack Web API and the Bot Framework connector are the stand-ins of ``tests/standins``. A
missing Redis fails the tests loudly; nothing here skips.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import redis.asyncio

from bot.store.keys import KeyScheme
from bot.store.redis import RedisOptions, RedisSessionStore
from tests.conftest import TEST_REDIS_URL
from tests.support.apps import connector, make_slack, make_teams, slack_api, teams_options
from tests.support.redis_server import PrivateRedis, admin_client, running_private_redis
from tests.support.tcp_proxy import TcpProxy

_URL = urlsplit(TEST_REDIS_URL)
REDIS_HOST = _URL.hostname or "127.0.0.1"
REDIS_PORT = _URL.port or 6379
REDIS_DB = int((_URL.path or "/0").lstrip("/") or 0)

# The shared app fixtures, re-exported so that pytest registers them for this suite.
__all__ = ["connector", "make_slack", "make_teams", "slack_api", "teams_options"]


@pytest.fixture(autouse=True)
def _log_level(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)


@pytest.fixture
def keys() -> KeyScheme:
    return KeyScheme(f"advisor-test:faults:{uuid.uuid4().hex[:12]}")


@pytest.fixture
async def admin(keys: KeyScheme) -> AsyncIterator[redis.asyncio.Redis]:
    """A direct client on the test database (no proxy): raw reads and cleanup."""
    client = await admin_client(TEST_REDIS_URL, needed_by="The fault tests")
    try:
        yield client
    finally:
        names = [name async for name in client.scan_iter(match=keys.pattern, count=500)]
        if names:
            await client.delete(*names)
        await client.aclose()


@pytest.fixture
async def proxy(admin: redis.asyncio.Redis) -> AsyncIterator[TcpProxy]:
    async with TcpProxy(REDIS_HOST, REDIS_PORT) as p:
        yield p


@pytest.fixture
async def make_store(keys: KeyScheme) -> AsyncIterator[Callable[..., RedisSessionStore]]:
    """Stores on any URL (one per simulated process), in the test's key space; closed after."""
    made: list[RedisSessionStore] = []

    def make(url: str, **options: Any) -> RedisSessionStore:
        store = RedisSessionStore.from_url(
            url, prefix=keys.prefix, ttl_seconds=600, options=RedisOptions(**options)
        )
        made.append(store)
        return store

    yield make
    for store in made:
        await store.close()


@pytest.fixture
async def proxied_store(proxy: TcpProxy, keys: KeyScheme) -> AsyncIterator[RedisSessionStore]:
    """The product's store with its default options, talking to Redis through the proxy."""
    store = RedisSessionStore.from_url(proxy.url(REDIS_DB), prefix=keys.prefix, ttl_seconds=600)
    yield store
    await store.close()


@pytest.fixture
async def direct_store(keys: KeyScheme) -> AsyncIterator[RedisSessionStore]:
    """The same key space without the proxy (a second process that sees Redis fine)."""
    store = RedisSessionStore.from_url(TEST_REDIS_URL, prefix=keys.prefix, ttl_seconds=600)
    yield store
    await store.close()


# --- a private redis-server (memory limit) ------------------------------------------------------


@pytest.fixture
def small_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    """A private redis-server capped at 2 MB with ``noeviction``, killed after the test."""
    with running_private_redis(
        tmp_path, needed_by="the memory-limit fault tests", maxmemory="2mb", kill=True
    ) as server:
        yield server
