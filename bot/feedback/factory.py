"""The feedback store that goes with a session store: Redis beside Redis, memory otherwise."""

from __future__ import annotations

import sys

from bot.feedback.base import FeedbackStore
from bot.feedback.memory import MemoryFeedbackStore
from bot.feedback.retention import Retention
from bot.settings import Settings
from bot.store.base import SessionStore


def retention_of(settings: Settings) -> Retention:
    return Retention(
        days=settings.advisor_feedback_ttl_days,
        question_days=settings.advisor_feedback_question_ttl_days,
    )


def feedback_for(store: SessionStore, settings: Settings) -> FeedbackStore:
    """Feedback on the session store's own Redis client (one pool, one set of credentials)."""
    # A Redis store exists only if its module was imported: a memory-only process (advisor
    # chat without REDIS_URL) never imports redis-py (about 50 ms of start-up).
    redis_store = sys.modules.get("bot.store.redis")
    if redis_store is not None and isinstance(store, redis_store.RedisSessionStore):
        from bot.feedback.redis import RedisFeedbackStore

        return RedisFeedbackStore(
            store.client, prefix=settings.advisor_redis_prefix, retention=retention_of(settings)
        )
    return MemoryFeedbackStore(retention_of(settings))
