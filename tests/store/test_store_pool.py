"""A burst larger than the connection pool queues for a connection instead of failing."""

from __future__ import annotations

import asyncio

from bot.store.redis import RedisOptions, RedisSessionStore
from dialogs.session import Session
from tests.support.defaults import SESSION_TTL


async def test_more_concurrent_calls_than_connections_all_succeed(
    redis_url: str, redis_prefix: str
) -> None:
    store = RedisSessionStore.from_url(redis_url, prefix=redis_prefix, ttl_seconds=SESSION_TTL,
                                       options=RedisOptions(max_connections=4))
    try:
        await store.ping()
        saved = await asyncio.gather(*(
            store.save(f"console:t:c{n}", Session(turns=n), expected_rev=0) for n in range(200)
        ))
        loaded = await asyncio.gather(*(store.load(f"console:t:c{n}") for n in range(200)))
        assert [s.turns for s in saved] == list(range(200))
        assert [s.turns if s else None for s in loaded] == list(range(200))
        assert len(store.client.connection_pool._in_use_connections) == 0
    finally:
        await store.close()
