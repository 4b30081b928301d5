"""Choose the session store from settings: Redis when a URL is given, memory otherwise."""

from __future__ import annotations

from bot.store import codec
from bot.store.base import SessionStore
from bot.store.memory import MemorySessionStore
from bot.store.redis import RedisOptions, RedisSessionStore


def make_store(
    redis_url: str | None,
    *,
    ttl_seconds: int = codec.DEFAULT_TTL_SECONDS,
    prefix: str = "advisor:v1",
    options: RedisOptions | None = None,
) -> SessionStore:
    """The store for ``redis_url`` (None or empty: in memory), built without any I/O."""
    if redis_url:
        return RedisSessionStore.from_url(
            redis_url, ttl_seconds=ttl_seconds, prefix=prefix, options=options
        )
    return MemorySessionStore(ttl_seconds=ttl_seconds, prefix=prefix)


async def open_store(
    redis_url: str | None,
    *,
    ttl_seconds: int = codec.DEFAULT_TTL_SECONDS,
    prefix: str = "advisor:v1",
    options: RedisOptions | None = None,
) -> SessionStore:
    """``make_store`` and a first ``ping``: raises ``StoreUnavailable`` when Redis is down."""
    store = make_store(redis_url, ttl_seconds=ttl_seconds, prefix=prefix, options=options)
    try:
        await store.ping()
    except BaseException:
        await store.close()
        raise
    return store
