"""Choosing the store: Redis when a URL is given, memory otherwise; opening checks Redis."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from bot.settings import Settings, SettingsError
from bot.store.base import StoreUnavailable
from bot.store.factory import make_store, open_store_from, store_from_settings
from bot.store.memory import MemorySessionStore
from bot.store.redis import RedisOptions, RedisSessionStore
from tests.support.defaults import PREFIX, SESSION_TTL
from tests.support.hung import HUNG_AFTER
from tests.support.ports import free_port

MakeSettings = Callable[..., Settings]


@pytest.mark.parametrize("url", [None, ""])
async def test_no_url_means_memory(url: str | None, make_settings: MakeSettings) -> None:
    settings = make_settings(redis_url=url, advisor_session_ttl_seconds=60,
                             advisor_redis_prefix="advisor-test:factory")
    store = await open_store_from(settings)
    assert isinstance(store, MemorySessionStore)
    assert (store.ttl_seconds, store.keys.prefix) == (60, "advisor-test:factory")
    await store.close()


async def test_a_url_means_redis_and_opening_pings_it(
    redis_url: str, redis_prefix: str, make_settings: MakeSettings
) -> None:
    settings = make_settings(redis_url=redis_url, advisor_session_ttl_seconds=60,
                             advisor_redis_prefix=redis_prefix)
    store = await open_store_from(settings)
    assert isinstance(store, RedisSessionStore)
    assert (store.ttl_seconds, store.keys.prefix) == (60, redis_prefix)
    assert store.keys.session("a") == f"{redis_prefix}:{{a}}"
    await store.close()


async def test_opening_an_unreachable_redis_fails(make_settings: MakeSettings) -> None:
    settings = make_settings(redis_url=f"redis://127.0.0.1:{free_port()}/0")
    async with asyncio.timeout(HUNG_AFTER):
        with pytest.raises(StoreUnavailable) as caught:
            await open_store_from(settings)
    assert caught.value.__cause__ is not None, "the Redis error is kept as the cause"


def test_make_store_does_no_io() -> None:
    store = make_store(
        f"redis://127.0.0.1:{free_port()}/0", ttl_seconds=SESSION_TTL, prefix=PREFIX,
        options=RedisOptions(op_timeout=1.0),
    )
    assert isinstance(store, RedisSessionStore)
    assert store.options.op_timeout == 1.0


def test_the_defaults_are_the_settings_defaults(make_settings: MakeSettings) -> None:
    store = store_from_settings(make_settings())
    assert isinstance(store, MemorySessionStore)
    assert store.keys.prefix == "advisor:v1" and store.ttl_seconds == 7 * 24 * 3600
    redis = store_from_settings(make_settings(redis_url=f"redis://127.0.0.1:{free_port()}/0"))
    assert isinstance(redis, RedisSessionStore)
    assert (redis.keys.prefix, redis.ttl_seconds) == ("advisor:v1", 7 * 24 * 3600)
    assert redis.options.wait_replicas == 0 and redis.options.wait_timeout_ms == 100


def test_bad_settings_fail_loudly(make_settings: MakeSettings) -> None:
    with pytest.raises(ValueError, match="TTL"):
        make_store(None, ttl_seconds=0, prefix=PREFIX)
    with pytest.raises(ValueError, match="prefix"):
        make_store(None, ttl_seconds=SESSION_TTL, prefix="has space")
    with pytest.raises(ValueError, match="wait_timeout_ms"):
        RedisOptions(wait_replicas=1)


@pytest.mark.parametrize("prefix", ["has space", ":leading-colon", "", "x" * 101, "a{b}"])
def test_one_prefix_rule_for_settings_and_stores(prefix: str, make_settings: MakeSettings) -> None:
    """``ADVISOR_REDIS_PREFIX`` is checked by the same rule as a store built in code."""
    with pytest.raises(SettingsError, match="ADVISOR_REDIS_PREFIX"):
        make_settings(advisor_redis_prefix=prefix)
    with pytest.raises(ValueError, match="prefix"):
        make_store(None, ttl_seconds=SESSION_TTL, prefix=prefix)


@pytest.mark.parametrize("prefix", ["advisor:v1", "advisor.v2", "team-a:advisor_v1", "x" * 100])
def test_a_prefix_either_accepts_is_accepted_by_both(prefix: str, make_settings: MakeSettings) -> None:
    assert make_settings(advisor_redis_prefix=prefix).advisor_redis_prefix == prefix
    assert make_store(None, ttl_seconds=SESSION_TTL, prefix=prefix).keys.prefix == prefix
