"""RedisSessionStore under faults, against a private redis-server (the shared one is left alone).

Killed connections, a paused server, a dead or hung server, a restart, memory exhaustion and
cancellation mid-call: each op fails with StoreUnavailable (its own deadline, not a hang) or just works, and never leaks
one conversation's reply into another.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import redis.asyncio
from redis.exceptions import OutOfMemoryError

from bot.store.base import StoreUnavailable
from bot.store.redis import RedisOptions, RedisSessionStore
from dialogs.session import Session
from tests.support.hung import HUNG_AFTER
from tests.support.redis_servers import RedisProcess
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.redis

A = "slack:T1:C-alpha"
B = "slack:T1:C-beta"
PAUSE_MS = 6000
"""How long Redis is paused: three times the store's longest deadline (2 s), so a call without
a deadline would succeed once the pause ends instead of failing. (CLIENT UNPAUSE itself waits
for the pause to end on Redis 7.0, so the pause is not longer than that.)"""

OpenStore = Callable[..., RedisSessionStore]


@pytest.fixture
async def open_store() -> AsyncIterator[OpenStore]:
    """``open_store(url, **RedisOptions)``: a store in the faults' key space, closed after."""
    made: list[RedisSessionStore] = []

    def open_(url: str, **options: Any) -> RedisSessionStore:
        store = RedisSessionStore.from_url(
            url, prefix="advisor-test:faults", ttl_seconds=600, options=RedisOptions(**options)
        )
        made.append(store)
        return store

    yield open_
    for store in made:
        await store.close()


async def cancel_a_slow_load(store: RedisSessionStore) -> None:
    """Load A and cancel it 0.1 s in, while its reply is still held up."""
    slow = asyncio.create_task(store.load(A))
    await asyncio.sleep(0.1)
    assert not slow.done()
    slow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await slow


async def test_client_kill_mid_conversation_then_the_next_op_works(
    private_redis: RedisProcess, private_admin: redis.asyncio.Redis, open_store: OpenStore
) -> None:
    store = open_store(private_redis.url)
    session = await store.save(A, Session(turns=1), expected_rev=0)
    for turn in range(2, 7):
        loaded = await store.load(A)
        assert loaded == session
        killed = await private_admin.client_kill_filter(_type="normal")
        assert int(killed) >= 1
        session = await store.save(
            A, loaded.model_copy(update={"turns": turn}), expected_rev=loaded.rev
        )
        assert (session.rev, session.turns) == (turn, turn)
    await private_admin.client_kill_filter(_type="normal")
    assert await store.claim("slack:T1:Ev1", 60, A)
    await private_admin.client_kill_filter(_type="normal")
    await store.ping()
    assert await store.load(A) == session


async def test_client_pause_fails_while_paused_with_the_cause_and_writes_nothing(
    private_redis: RedisProcess, private_admin: redis.asyncio.Redis, open_store: OpenStore
) -> None:
    store = open_store(private_redis.url)
    before = await store.save(A, Session(turns=1), expected_rev=0)
    await private_admin.client_pause(PAUSE_MS, all=True)
    try:

        async def fails(call: Awaitable[Any]) -> BaseException | None:
            with pytest.raises(StoreUnavailable) as caught:
                await call
            return caught.value.__cause__

        async with asyncio.timeout(HUNG_AFTER):
            causes = await asyncio.gather(
                fails(store.ping()),
                fails(store.load(A)),
                fails(store.save(A, before.model_copy(update={"turns": 2}), expected_rev=1)),
            )
    finally:
        await private_admin.client_unpause()
    assert all(cause is not None for cause in causes), causes
    assert await store.load(A) == before, "a save that failed must have written nothing"
    assert (await store.save(A, before, expected_rev=1)).rev == 2


async def test_a_dead_server_fails_and_a_returning_one_just_works(
    private_proxy: TcpProxy, open_store: OpenStore
) -> None:
    store = open_store(private_proxy.url())
    saved = await store.save(A, Session(turns=1), expected_rev=0)
    await private_proxy.close()
    for call in (store.load(A), store.ping(), store.claim("slack:T1:Ev1", 60, A)):
        async with asyncio.timeout(HUNG_AFTER):
            with pytest.raises(StoreUnavailable) as caught:
                await call
        assert caught.value.__cause__ is not None
    await private_proxy.start()
    assert await store.load(A) == saved


async def test_a_hung_server_fails_instead_of_waiting_for_it(
    private_proxy: TcpProxy, open_store: OpenStore
) -> None:
    store = open_store(private_proxy.url())
    saved = await store.save(A, Session(turns=1), expected_rev=0)
    private_proxy.stall()
    async with asyncio.timeout(HUNG_AFTER):  # the stall never ends by itself: only a deadline
        with pytest.raises(StoreUnavailable, match=r"no answer|Timeout"):
            await store.load(A)
    private_proxy.heal()
    assert await store.load(A) == saved


async def test_restart_empties_the_script_cache_and_saves_still_work(
    private_redis: RedisProcess, open_store: OpenStore
) -> None:
    store = open_store(private_redis.url)
    await store.save(A, Session(turns=1), expected_rev=0)
    await asyncio.to_thread(private_redis.stop)
    with pytest.raises(StoreUnavailable):
        await store.load(A)
    await asyncio.to_thread(private_redis.start)
    assert await store.load(A) is None  # no persistence on the private server
    assert (await store.save(A, Session(turns=1), expected_rev=0)).rev == 1


async def test_out_of_memory_on_write_is_store_unavailable(
    private_redis: RedisProcess, private_admin: redis.asyncio.Redis, open_store: OpenStore
) -> None:
    store = open_store(private_redis.url)
    saved = await store.save(A, Session(turns=1), expected_rev=0)
    previous = {
        str(name): str(value)
        for name, value in (await private_admin.config_get("maxmemory*")).items()
    }
    await private_admin.config_set("maxmemory-policy", "noeviction")
    await private_admin.config_set("maxmemory", "1")
    try:
        with pytest.raises(StoreUnavailable) as caught:
            await store.save(A, saved, expected_rev=1)
        assert isinstance(caught.value.__cause__, OutOfMemoryError)
        with pytest.raises(StoreUnavailable):
            await store.claim("slack:T1:Ev1", 60, A)
        assert await store.load(A) == saved, "reads still work"
    finally:
        await private_admin.config_set("maxmemory", previous["maxmemory"])
        await private_admin.config_set("maxmemory-policy", previous["maxmemory-policy"])
    assert (await store.save(A, saved, expected_rev=1)).rev == 2


async def test_cancelled_call_never_leaks_its_reply_behind_a_slow_link(
    private_proxy: TcpProxy, open_store: OpenStore
) -> None:
    """CVE-2023-28858/28859: the reply to a cancelled command must not reach the next one."""
    store = open_store(private_proxy.url(), max_connections=1)
    await store.save(A, Session(turns=1), expected_rev=0)
    await store.save(B, Session(turns=2), expected_rev=0)
    for _ in range(5):
        private_proxy.set_latency(0.3, replies_only=True)
        await cancel_a_slow_load(store)
        # A's reply is still on its way (0.2 s more); B's request goes out now.
        private_proxy.set_latency(0.0)
        loaded = await store.load(B)
        assert loaded is not None and loaded.turns == 2, "B's load returned A's reply"


async def test_cancelled_call_never_leaks_its_reply_behind_a_paused_server(
    private_redis: RedisProcess, private_admin: redis.asyncio.Redis, open_store: OpenStore
) -> None:
    store = open_store(private_redis.url, max_connections=1)
    await store.save(A, Session(turns=1), expected_rev=0)
    await store.save(B, Session(turns=2), expected_rev=0)
    for _ in range(3):
        await private_admin.client_pause(300, all=True)
        try:
            await cancel_a_slow_load(store)
            loaded = await store.load(B)
        finally:
            await private_admin.client_unpause()
        assert loaded is not None and loaded.turns == 2, "B's load returned A's reply"
