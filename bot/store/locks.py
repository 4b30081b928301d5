"""In-process serialisation of turns on one conversation (compare-and-set covers processes)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass(slots=True)
class _Slot:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0
    """Tasks holding or waiting for ``lock``; the slot is dropped when this falls to 0."""


class KeyedLocks:
    """One ``asyncio.Lock`` per key, made on first use and dropped when nobody needs it.

    ``async with locks.hold(session_id): ...`` runs turns of one conversation one at a time, in
    arrival order (``asyncio.Lock`` is FIFO), while other conversations proceed. The table only
    holds keys in use, so it does not grow with the number of conversations ever seen.
    """

    def __init__(self) -> None:
        self._slots: dict[str, _Slot] = {}

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        slot = self._slots.get(key)
        if slot is None:
            slot = self._slots[key] = _Slot()
        slot.users += 1
        try:
            async with slot.lock:
                yield
        finally:
            slot.users -= 1
            if slot.users == 0:
                del self._slots[key]

    def locked(self, key: str) -> bool:
        """Whether a task holds ``key`` now."""
        slot = self._slots.get(key)
        return slot is not None and slot.lock.locked()

    @property
    def in_use(self) -> int:
        """Keys held or awaited now. (Not ``__len__``: an idle KeyedLocks must stay truthy.)"""
        return len(self._slots)
