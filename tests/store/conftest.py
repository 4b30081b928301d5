"""Fixtures of the store tests: both backends behind one harness, a real Redis, a private Redis.

The contract suite runs against the Redis at ``ADVISOR_TEST_REDIS_URL`` (default db 15 on
127.0.0.1:6379) under a fresh key prefix per test, deleted afterwards. Fault tests pause, kill
and starve a ``redis-server`` of their own (never the shared one). A missing Redis fails the
tests loudly; nothing here skips.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis.asyncio

from tests.store.support import MemoryBackend, PrivateRedis, RedisBackend

REDIS_URL = os.environ.get("ADVISOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def store_redis_url() -> str:
    return REDIS_URL


@pytest.fixture
def prefix() -> str:
    return f"advisor-test:{uuid.uuid4().hex}"


async def _admin_for(url: str) -> redis.asyncio.Redis:
    client = redis.asyncio.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=2)
    try:
        await asyncio.wait_for(client.ping(), timeout=3)
    except (redis.RedisError, OSError) as exc:
        await client.aclose()
        pytest.fail(
            f"Redis at {url} is unreachable ({exc}). The store tests need a real Redis: "
            "start one (bash .ci/run does) or point ADVISOR_TEST_REDIS_URL at one.",
            pytrace=False,
        )
    return client


@pytest.fixture
async def redis_admin(store_redis_url: str) -> AsyncIterator[redis.asyncio.Redis]:
    """A separate client on the test database, for raw reads, TTLs and cleanup."""
    client = await _admin_for(store_redis_url)
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
    admin = await _admin_for(store_redis_url)
    harness = RedisBackend(store_redis_url, prefix, admin)
    try:
        yield harness
    finally:
        await harness.aclose()
        await admin.aclose()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    """A ``redis-server`` started for one test: pausing or killing it disturbs nobody."""
    binary = os.environ.get("ADVISOR_TEST_REDIS_SERVER") or shutil.which("redis-server")
    if binary is None:
        pytest.fail(
            "the Redis fault tests start a private redis-server and none is on PATH: install "
            "one (apt-get install redis-server) or set ADVISOR_TEST_REDIS_SERVER to its path.",
            pytrace=False,
        )
    server = PrivateRedis(binary, tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def private_admin(private_redis: PrivateRedis) -> AsyncIterator[redis.asyncio.Redis]:
    """A separate client on the private server (generous timeout: it outlives a pause)."""
    client = await _admin_for(private_redis.url)
    yield client
    await client.aclose()
