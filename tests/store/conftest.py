"""Fixtures of the store tests: both backends behind one harness, a real Redis, a private Redis.

The contract suite runs against the Redis at ``ADVISOR_TEST_REDIS_URL`` (default db 15 on
127.0.0.1:6379) under a fresh key prefix per test, deleted afterwards. Fault tests pause, kill
and starve a ``redis-server`` of their own (never the shared one), directly or through the
fault proxy. A missing Redis fails the tests loudly; nothing here skips.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis.asyncio

from tests.conftest import TEST_REDIS_URL
from tests.store.support import MemoryBackend, RedisBackend
from tests.support.redis_server import PrivateRedis, admin_client, running_private_redis
from tests.support.tcp_proxy import TcpProxy

NEEDED_BY = "The store tests"


@pytest.fixture
def store_redis_url() -> str:
    return TEST_REDIS_URL


@pytest.fixture
def prefix() -> str:
    return f"advisor-test:{uuid.uuid4().hex}"


@pytest.fixture
async def redis_admin(store_redis_url: str) -> AsyncIterator[redis.asyncio.Redis]:
    """A separate client on the test database, for raw reads, TTLs and cleanup."""
    client = await admin_client(store_redis_url, needed_by=NEEDED_BY)
    yield client
    await client.aclose()


@pytest.fixture(params=["memory", "redis"])
async def backend(
    request: pytest.FixtureRequest, prefix: str, store_redis_url: str
) -> AsyncIterator[MemoryBackend | RedisBackend]:
    """Each contract test runs twice: on ``MemorySessionStore`` and on ``RedisSessionStore``."""
    if request.param == "memory":
        yield MemoryBackend(prefix)
        return
    admin = await admin_client(store_redis_url, needed_by=NEEDED_BY)
    harness = RedisBackend(store_redis_url, prefix, admin)
    try:
        yield harness
    finally:
        await harness.aclose()
        await admin.aclose()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    """A ``redis-server`` started for one test: pausing or killing it disturbs nobody."""
    with running_private_redis(tmp_path, needed_by="the Redis fault tests") as server:
        yield server


@pytest.fixture
async def private_admin(private_redis: PrivateRedis) -> AsyncIterator[redis.asyncio.Redis]:
    """A separate client on the private server (generous timeout: it outlives a pause)."""
    client = await admin_client(private_redis.url, needed_by=NEEDED_BY)
    yield client
    await client.aclose()


@pytest.fixture
async def private_proxy(private_redis: PrivateRedis) -> AsyncIterator[TcpProxy]:
    """The fault proxy in front of the private server (closed, then started again, it is a
    dead server that comes back on the same address)."""
    async with TcpProxy(upstream_port=private_redis.port) as proxy:
        yield proxy
