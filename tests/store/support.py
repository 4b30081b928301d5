"""Test helpers for the store: backend harnesses and a fake clock.

Every Redis server, the shared Redis's admin client and the prefix cleanup (``delete_prefix``)
are in ``tests/support/redis_servers.py``; the fault proxy in ``tests/support/tcp_proxy.py``.
"""

from __future__ import annotations

import asyncio
import random
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Protocol

import redis.asyncio

from bot.store.base import Conflict, SessionStore
from bot.store.keys import KeyScheme
from bot.store.locks import KeyedLocks
from bot.store.memory import MemorySessionStore
from bot.store.redis import RedisSessionStore
from dialogs.session import Session
from tests.support.redis_servers import delete_prefix


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Backend(Protocol):
    """What the contract suite needs beyond the protocol: raw access and the passage of time."""

    name: str
    keys: KeyScheme

    def store(self, *, ttl_seconds: int = ...) -> SessionStore: ...

    def another_process(self) -> SessionStore: ...

    async def put_raw(self, redis_key: str, raw: str | bytes, ttl: int = 60) -> None: ...

    async def get_raw(self, redis_key: str) -> bytes | None: ...

    async def pttl(self, redis_key: str) -> int: ...

    async def expire(self, redis_key: str, ms: int) -> None: ...

    async def advance(self, seconds: float) -> None: ...


class MemoryBackend:
    name = "memory"

    def __init__(self, prefix: str) -> None:
        self.keys = KeyScheme(prefix)
        self.clock = FakeClock()
        self._stores: list[MemorySessionStore] = []

    def store(self, *, ttl_seconds: int = 3600) -> MemorySessionStore:
        made = MemorySessionStore(ttl_seconds=ttl_seconds, prefix=self.keys.prefix, clock=self.clock)
        self._stores.append(made)
        return made

    def another_process(self) -> MemorySessionStore:
        # One process's memory is not shared with another: the same instance stands in.
        return self._stores[0]

    async def put_raw(self, redis_key: str, raw: str | bytes, ttl: int = 60) -> None:
        text = raw.decode("utf-8", "surrogateescape") if isinstance(raw, bytes) else raw
        self._stores[0]._set(redis_key, text, ttl)

    async def get_raw(self, redis_key: str) -> bytes | None:
        value = self._stores[0]._get(redis_key)
        return None if value is None else value.encode("utf-8", "surrogateescape")

    async def pttl(self, redis_key: str) -> int:
        entry = self._stores[0]._entries.get(redis_key)
        if entry is None or entry.deadline <= self.clock.now:
            return -2
        return round((entry.deadline - self.clock.now) * 1000)

    async def expire(self, redis_key: str, ms: int) -> None:
        self._stores[0]._entries[redis_key].deadline = self.clock.now + ms / 1000

    async def advance(self, seconds: float) -> None:
        self.clock.now += seconds

    async def aclose(self) -> None:
        return None


class RedisBackend:
    name = "redis"

    def __init__(self, url: str, prefix: str, admin: redis.asyncio.Redis) -> None:
        self.url = url
        self.keys = KeyScheme(prefix)
        self.admin = admin
        self._stores: list[RedisSessionStore] = []

    def store(self, *, ttl_seconds: int = 3600) -> RedisSessionStore:
        made = RedisSessionStore.from_url(self.url, ttl_seconds=ttl_seconds, prefix=self.keys.prefix)
        self._stores.append(made)
        return made

    def another_process(self) -> RedisSessionStore:
        first = self._stores[0]
        made = RedisSessionStore.from_url(
            self.url, ttl_seconds=first.ttl_seconds, prefix=self.keys.prefix
        )
        self._stores.append(made)
        return made

    async def put_raw(self, redis_key: str, raw: str | bytes, ttl: int = 60) -> None:
        await self.admin.set(redis_key, raw, ex=ttl)

    async def get_raw(self, redis_key: str) -> bytes | None:
        value = await self.admin.get(redis_key)
        assert value is None or isinstance(value, bytes)
        return value

    async def pttl(self, redis_key: str) -> int:
        return int(await self.admin.pttl(redis_key))

    async def expire(self, redis_key: str, ms: int) -> None:
        await self.admin.pexpire(redis_key, ms)

    async def advance(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def aclose(self) -> None:
        for made in self._stores:
            await made.close()
        await delete_prefix(self.admin, self.keys)


async def bump(
    store: SessionStore,
    key: str,
    *,
    locks: KeyedLocks | None = None,
    max_attempts: int = 1000,
) -> int:
    """One turn that increments ``Session.turns``, retried on conflict; the conflicts it met."""
    conflicts = 0
    for _ in range(max_attempts):
        guard: AbstractAsyncContextManager[None] = locks.hold(key) if locks is not None else nullcontext()
        async with guard:
            session = await store.load(key) or Session()
            try:
                await store.save(
                    key,
                    session.model_copy(update={"turns": session.turns + 1}),
                    expected_rev=session.rev,
                )
                return conflicts
            except Conflict:
                conflicts += 1
        await asyncio.sleep(random.uniform(0, 0.002))
    raise AssertionError(f"no save after {max_attempts} attempts")

