"""Feedback in process memory (``advisor chat`` and servers without Redis; tests)."""

from __future__ import annotations

import time

from bot.feedback.base import FeedbackEntry
from bot.feedback.retention import Retention

MAX_ENTRIES = 10_000
"""The oldest entries go first beyond this, so a long-running process stays bounded."""


class MemoryFeedbackStore:
    def __init__(self, retention: Retention) -> None:
        self.retention = retention
        self._entries: list[tuple[float, FeedbackEntry]] = []

    async def record(self, entry: FeedbackEntry) -> None:
        self._entries.append((entry.at + self.retention.seconds(entry), entry))
        del self._entries[:-MAX_ENTRIES]

    async def since(self, cutoff: float) -> list[FeedbackEntry]:
        now = time.time()
        self._entries = [(until, e) for until, e in self._entries if until > now]
        return [e for _, e in self._entries if e.at >= cutoff]

    async def forget(self, conversation: str) -> None:
        self._entries = [(u, e) for u, e in self._entries if e.conversation != conversation]
