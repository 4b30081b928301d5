"""Choosing the store: Redis when a URL is given, memory otherwise; opening checks Redis."""

from __future__ import annotations

import asyncio

import pytest

from bot.store.base import StoreUnavailable
from bot.store.factory import make_store, open_store
from bot.store.memory import MemorySessionStore
from bot.store.redis import RedisOptions, RedisSessionStore
from tests.support.hung import HUNG_AFTER
from tests.support.ports import free_port


@pytest.mark.parametrize("url", [None, ""])
async def test_no_url_means_memory(url: str | None) -> None:
    store = await open_store(url, ttl_seconds=60, prefix="advisor-test:factory")
    assert isinstance(store, MemorySessionStore)
    assert (store.ttl_seconds, store.keys.prefix) == (60, "advisor-test:factory")
    await store.close()


async def test_a_url_means_redis_and_opening_pings_it(store_redis_url: str, prefix: str) -> None:
    store = await open_store(store_redis_url, ttl_seconds=60, prefix=prefix)
    assert isinstance(store, RedisSessionStore)
    assert (store.ttl_seconds, store.keys.prefix) == (60, prefix)
    assert store.keys.session("a") == f"{prefix}:{{a}}"
    await store.close()


async def test_opening_an_unreachable_redis_fails() -> None:
    async with asyncio.timeout(HUNG_AFTER):
        with pytest.raises(StoreUnavailable) as caught:
            await open_store(f"redis://127.0.0.1:{free_port()}/0")
    assert caught.value.__cause__ is not None, "the Redis error is kept as the cause"


def test_make_store_does_no_io() -> None:
    store = make_store(
        f"redis://127.0.0.1:{free_port()}/0", options=RedisOptions(op_timeout=1.0)
    )
    assert isinstance(store, RedisSessionStore)
    assert store.options.op_timeout == 1.0
    assert store.keys.prefix == "advisor:v1" and store.ttl_seconds == 7 * 24 * 3600


def test_bad_settings_fail_loudly() -> None:
    with pytest.raises(ValueError, match="TTL"):
        make_store(None, ttl_seconds=0)
    with pytest.raises(ValueError, match="prefix"):
        make_store(None, prefix="has space")
