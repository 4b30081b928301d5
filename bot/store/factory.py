"""Choose the session store from settings: Redis when a URL is given, memory otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.store.base import SessionStore
from bot.store.memory import MemorySessionStore
from bot.store.urls import RedisTarget, SentinelTarget

if TYPE_CHECKING:  # redis-py is imported only for a Redis store (about 50 ms of start-up)
    from bot.settings import Settings
    from bot.store.clients import Mode, RedisOptions


def make_store(
    redis_url: str | None,
    *,
    ttl_seconds: int,
    prefix: str,
    options: RedisOptions | None = None,
    mode: Mode = "standalone",
    sentinel: SentinelTarget | None = None,
) -> SessionStore:
    """The store for ``redis_url`` (None or empty: in memory, except in sentinel mode, where
    the sentinels say where Redis is), built without any I/O."""
    if redis_url or mode == "sentinel":
        from bot.store.redis import RedisSessionStore

        return RedisSessionStore.from_url(
            redis_url or RedisTarget(scheme="redis"), ttl_seconds=ttl_seconds, prefix=prefix,
            options=options, mode=mode, sentinel=sentinel,
        )
    return MemorySessionStore(ttl_seconds=ttl_seconds, prefix=prefix)


def store_from_settings(settings: Settings) -> SessionStore:
    """The store ``settings`` describe (``REDIS_URL``, ``ADVISOR_REDIS_*``), without I/O."""
    if not settings.redis_url and settings.advisor_redis_mode != "sentinel":
        return make_store(None, ttl_seconds=settings.advisor_session_ttl_seconds,
                          prefix=settings.advisor_redis_prefix)
    from bot.store.clients import RedisOptions

    return make_store(
        settings.redis_url,
        ttl_seconds=settings.advisor_session_ttl_seconds,
        prefix=settings.advisor_redis_prefix,
        options=RedisOptions(
            ca_file=settings.advisor_redis_ca_file,
            wait_replicas=settings.advisor_redis_wait_replicas,
            wait_timeout_ms=settings.advisor_redis_wait_timeout_ms,
        ),
        mode=settings.advisor_redis_mode,
        sentinel=settings.sentinel_target,
    )


async def open_store_from(settings: Settings) -> SessionStore:
    """``store_from_settings`` and a first ``ping`` (``StoreUnavailable`` when Redis is down)."""
    return await _pinged(store_from_settings(settings))


async def _pinged(store: SessionStore) -> SessionStore:
    try:
        await store.ping()
    except BaseException:
        await store.close()
        raise
    return store
