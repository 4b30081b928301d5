"""An in-process session store with the Redis backend's semantics, for local use and tests.

It keeps what Redis would keep (the session JSON, under the same key scheme), expires sessions
and claims on a monotonic clock, and yields to the event loop once per operation, as a network
call would, so concurrent turns interleave here as they do against Redis.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.store import codec
from bot.store.base import Conflict
from bot.store.codec import CODEC, NEWER, SessionCodec
from bot.store.keys import KeyScheme
from bot.store.migrations import NewerSession
from dialogs.session import Session

_SWEEP_EVERY = 1024
"""Writes between two sweeps of expired entries, so an idle key does not stay forever."""


@dataclass(slots=True)
class _Entry:
    value: str
    deadline: float


class MemorySessionStore:
    """``SessionStore`` in a dict. Not shared between processes."""

    def __init__(
        self,
        *,
        ttl_seconds: int,
        prefix: str,
        clock: Callable[[], float] = time.monotonic,
        session_codec: SessionCodec = CODEC,
    ) -> None:
        codec.check_ttl(ttl_seconds)
        self.codec = session_codec
        self.keys = KeyScheme(prefix)
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._writes = 0

    async def load(self, key: str) -> Session | None:
        name = self.keys.session(key)
        await asyncio.sleep(0)
        raw = self._get(name)
        if raw is None:
            return None
        session = self.codec.decode(raw, key=name)
        if session is None:
            self._entries.pop(name, None)
        return session

    async def save(self, key: str, session: Session, *, expected_rev: int) -> Session:
        name = self.keys.session(key)
        stored, raw = self.codec.encode(session, expected_rev=expected_rev)
        await asyncio.sleep(0)
        current = self.codec.stored_rev(self._get(name))
        if current == NEWER:
            raise NewerSession(self.codec.version + 1, self.codec.version)
        if current != expected_rev:
            raise Conflict(f"{name}: stored revision {current}, expected {expected_rev}")
        self._set(name, raw, self.ttl_seconds)
        return stored

    async def delete(self, key: str) -> None:
        name = self.keys.session(key)
        claims = self.keys.claim_base(key)
        await asyncio.sleep(0)
        self._entries.pop(name, None)
        for stale in [n for n in self._entries if n.startswith(claims)]:
            del self._entries[stale]

    async def claim(self, event_key: str, ttl: int, key: str) -> bool:
        name = self.keys.claim(key, event_key)
        codec.check_ttl(ttl)
        await asyncio.sleep(0)
        if self._get(name) is not None:
            return False
        self._set(name, "1", ttl)
        return True

    async def claim_and_load(
        self, event_key: str | None, ttl: int, key: str
    ) -> tuple[bool, Session | None]:
        # Nothing to fuse without a network: ``claim``, then ``load`` when the claim is won.
        if event_key is None:
            return True, await self.load(key)
        if not await self.claim(event_key, ttl, key):
            return False, None
        try:
            return True, await self.load(key)
        except Exception:
            self._entries.pop(self.keys.claim(key, event_key), None)  # give the claim back
            raise

    async def release(self, event_key: str, key: str) -> None:
        name = self.keys.claim(key, event_key)
        await asyncio.sleep(0)
        self._entries.pop(name, None)

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        return None

    def live_entries(self) -> int:
        """Live sessions and claims (expired ones not counted). Not ``__len__``: stays truthy."""
        now = self._clock()
        return sum(1 for entry in self._entries.values() if entry.deadline > now)

    def _get(self, name: str) -> str | None:
        entry = self._entries.get(name)
        if entry is None:
            return None
        if entry.deadline <= self._clock():
            del self._entries[name]
            return None
        return entry.value

    def _set(self, name: str, value: str, ttl: int) -> None:
        self._entries[name] = _Entry(value, self._clock() + ttl)
        self._writes += 1
        if self._writes % _SWEEP_EVERY == 0:
            now = self._clock()
            for stale in [n for n, e in self._entries.items() if e.deadline <= now]:
                del self._entries[stale]
