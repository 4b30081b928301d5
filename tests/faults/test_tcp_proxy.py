"""The fault proxy itself: each mode does what the fault tests rely on (raw redis-py clients)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import redis.asyncio
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.store.keys import KeyScheme
from tests.faults.conftest import REDIS_DB
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.redis


@pytest.fixture
async def client(proxy: TcpProxy) -> AsyncIterator[redis.asyncio.Redis]:
    """A plain client through the proxy: no retries, short timeouts."""
    c = redis.asyncio.Redis.from_url(proxy.url(REDIS_DB), socket_timeout=0.3,
                                     socket_connect_timeout=0.3, retry_on_timeout=False,
                                     retry=None)
    yield c
    await c.aclose()


async def test_forwards_and_delays_each_direction(
    proxy: TcpProxy, client: redis.asyncio.Redis
) -> None:
    assert await client.ping()
    proxy.set_latency(0.05)
    assert all(await asyncio.gather(*(client.ping() for _ in range(10)))), "delayed, delivered"
    # Held ten times longer than the client waits: the reply misses the client's timeout (a
    # delay the client can see, without timing anything here).
    proxy.set_latency(3.0, replies_only=True)
    with pytest.raises(RedisTimeoutError):
        await client.ping()
    proxy.set_latency(0.0)
    assert await client.ping(), "a new connection after the timeout is served again"


async def test_reset_aborts_every_open_connection(
    proxy: TcpProxy, client: redis.asyncio.Redis
) -> None:
    assert await client.ping()
    assert proxy.open == 1
    assert await proxy.reset() == 1
    with pytest.raises(RedisConnectionError):
        await client.ping()
    assert await client.ping(), "new connections are accepted as before"
    assert proxy.accepted == 2 and proxy.resets == 1


async def test_black_hole_answers_nothing_and_heal_restores(
    proxy: TcpProxy, client: redis.asyncio.Redis, redis_admin: redis.asyncio.Redis, keys: KeyScheme
) -> None:
    assert await client.ping()
    proxy.blackhole()
    name = f"{keys.prefix}:probe"
    with pytest.raises(RedisTimeoutError):
        await client.set(name, "never")
    await asyncio.sleep(0.1)
    assert await redis_admin.get(name) is None, "nothing reached Redis"
    proxy.heal()
    assert await client.ping()
    assert await redis_admin.get(name) is None, "dropped bytes stay dropped"


async def test_stall_delivers_late_after_heal(
    proxy: TcpProxy, client: redis.asyncio.Redis, redis_admin: redis.asyncio.Redis, keys: KeyScheme
) -> None:
    assert await client.ping()
    proxy.stall()
    name = f"{keys.prefix}:late"
    with pytest.raises(RedisTimeoutError):
        await client.set(name, "late")
    assert await redis_admin.get(name) is None
    proxy.heal()
    for _ in range(50):
        if await redis_admin.get(name) is not None:
            break
        await asyncio.sleep(0.02)
    assert await redis_admin.get(name) == b"late", "the stalled command arrived after heal"


async def test_close_drops_every_connection(proxy: TcpProxy, client: redis.asyncio.Redis) -> None:
    assert await client.ping()
    proxy.stall()
    await proxy.close()
    assert proxy.open == 0


async def test_replies_only_latency_delays_the_way_back_only(
    proxy: TcpProxy, redis_admin: redis.asyncio.Redis, keys: KeyScheme
) -> None:
    # A patient client: the reply's delay must not race a client timeout.
    patient = redis.asyncio.Redis.from_url(proxy.url(REDIS_DB), socket_timeout=30)
    try:
        assert await patient.ping()
        proxy.set_latency(1.0, replies_only=True)
        name = f"{keys.prefix}:early"
        pending = asyncio.create_task(patient.set(name, "early"))
        for _ in range(2000):  # polls for 10 s at the most
            if await redis_admin.get(name) is not None:
                break
            await asyncio.sleep(0.005)
        assert await redis_admin.get(name) == b"early", "the request arrived"
        assert not pending.done(), "the request arrived; its reply is still on its way"
        assert await pending
    finally:
        await patient.aclose()


async def test_close_then_start_comes_back_on_the_same_port(
    proxy: TcpProxy, client: redis.asyncio.Redis
) -> None:
    assert await client.ping()
    port = proxy.port
    await proxy.close()
    with pytest.raises(RedisConnectionError):
        await client.ping()
    await proxy.start()
    assert proxy.port == port
    assert await client.ping(), "the client reconnects to the URL it had"
