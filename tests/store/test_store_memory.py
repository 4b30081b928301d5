"""What only the memory backend has: a real monotonic clock and a sweep of expired entries."""

from __future__ import annotations

import asyncio

import pytest

from bot.store.base import StoreUnavailable
from bot.store.memory import MemorySessionStore
from dialogs.session import Session
from tests.store.support import FakeClock
from tests.support.defaults import PREFIX, SESSION_TTL, memory_store


async def test_expiry_on_the_real_monotonic_clock() -> None:
    store = memory_store(ttl_seconds=1)
    await store.save("console:local:a", Session(turns=1), expected_rev=0)
    assert await store.claim("console:local:ev", 1, "console:local:local")
    await asyncio.sleep(1.05)
    assert await store.load("console:local:a") is None
    assert await store.claim("console:local:ev", 1, "console:local:local")


async def test_expired_entries_are_swept_without_being_read() -> None:
    clock = FakeClock()
    store = memory_store(ttl_seconds=10, clock=clock)
    for n in range(100):
        await store.claim(f"console:local:ev{n}", 1, "console:local:local")
    clock.now += 2
    for n in range(1024):
        await store.save(f"console:local:s{n}", Session(), expected_rev=0)
    assert store.live_entries() == 1024
    assert store
    assert len(store._entries) == 1024


def test_bad_ttl_is_refused() -> None:
    with pytest.raises(ValueError, match="TTL"):
        memory_store(ttl_seconds=0)


async def test_saved_sessions_do_not_alias_the_caller() -> None:
    store = memory_store()
    session = Session(answers={"scope": "bounded"})
    await store.save("console:local:a", session, expected_rev=0)
    session.answers["scope"] = "open"
    loaded = await store.load("console:local:a")
    assert loaded is not None and loaded.answers == {"scope": "bounded"}


class _UnreadableStore(MemorySessionStore):
    """Its first load fails, as a Redis outage would."""

    def __init__(self) -> None:
        super().__init__(ttl_seconds=SESSION_TTL, prefix=PREFIX)
        self.failures = 1

    async def load(self, key: str) -> Session | None:
        if self.failures:
            self.failures -= 1
            raise StoreUnavailable("down")
        return await super().load(key)


async def test_a_won_claim_whose_load_fails_is_given_back() -> None:
    store = _UnreadableStore()
    with pytest.raises(StoreUnavailable):
        await store.claim_and_load("console:local:ev", 60, "console:local:a")
    assert store.live_entries() == 0
    assert await store.claim_and_load("console:local:ev", 60, "console:local:a") == (True, None)
    assert await store.claim_and_load("console:local:ev", 60, "console:local:a") == (False, None)
