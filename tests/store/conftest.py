"""Fixtures of the store tests: both backends behind one harness, and a private Redis's admin
client and fault proxy.

The contract suite runs against the shared test Redis (``redis_url``: ``ADVISOR_TEST_REDIS_URL``,
default db 15 on 127.0.0.1:6379) under the test's ``redis_prefix``, deleted afterwards. Fault
tests pause, kill and starve a ``private_redis`` (never the shared one), directly or through
the fault proxy. Those fixtures are the root conftest's one Redis family. A missing Redis
fails the tests loudly; nothing here skips.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio

from tests.store.support import MemoryBackend, RedisBackend
from tests.support.redis_servers import RedisProcess, admin_client
from tests.support.tcp_proxy import TcpProxy

NEEDED_BY = "The store tests"


@pytest.fixture(params=["memory", "redis"])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[MemoryBackend | RedisBackend]:
    """Each contract test runs twice: on ``MemorySessionStore`` and on ``RedisSessionStore``
    (only the latter asks for the shared Redis)."""
    if request.param == "memory":
        yield MemoryBackend(f"advisor-test:{uuid.uuid4().hex[:16]}")
        return
    url: str = request.getfixturevalue("redis_url")
    admin = await admin_client(url, needed_by=NEEDED_BY)
    harness = RedisBackend(url, request.getfixturevalue("redis_prefix"), admin)
    try:
        yield harness
    finally:
        await harness.aclose()
        await admin.aclose()


@pytest.fixture
async def private_admin(private_redis: RedisProcess) -> AsyncIterator[redis.asyncio.Redis]:
    """A separate client on the private server (generous timeout: it outlives a pause)."""
    client = await admin_client(private_redis.url, needed_by=NEEDED_BY)
    yield client
    await client.aclose()


@pytest.fixture
async def private_proxy(private_redis: RedisProcess) -> AsyncIterator[TcpProxy]:
    """The fault proxy in front of the private server (closed, then started again, it is a
    dead server that comes back on the same address)."""
    async with TcpProxy(upstream_port=private_redis.port) as proxy:
        yield proxy
