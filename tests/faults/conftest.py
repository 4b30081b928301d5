"""Fixtures of the fault suite: Redis behind a misbehaving proxy, the whole app on top of it.

Every test runs the real application (``build_app``) with a ``RedisSessionStore`` whose URL
points at a ``TcpProxy`` in front of the shared test Redis (db 15 of
``ADVISOR_TEST_REDIS_URL``), under the test's ``redis_prefix``, deleted afterwards. The shared
Redis's admin client, the direct store (``redis_store``) and every server come from the root
conftest's one Redis family (tests/support/redis_servers.py). The Slack Web API and the Bot
Framework connector are the stand-ins of ``tests/standins``. A missing Redis fails the tests
loudly; nothing here skips.
"""

from __future__ import annotations

import logging
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
from tests.support.redis_servers import RedisProcess, running_private_redis
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
def keys(redis_prefix: str) -> KeyScheme:
    """The test's key space (its keys are deleted after, with ``redis_prefix``)."""
    return KeyScheme(redis_prefix)


@pytest.fixture
async def proxy(redis_admin: redis.asyncio.Redis) -> AsyncIterator[TcpProxy]:
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


# --- a private redis-server (memory limit) ------------------------------------------------------


@pytest.fixture
def small_redis(tmp_path: Path) -> Iterator[RedisProcess]:
    """A private redis-server capped at 2 MB with ``noeviction``, killed after the test."""
    with running_private_redis(
        tmp_path, needed_by="the memory-limit fault tests", maxmemory="2mb", kill=True
    ) as server:
        yield server
