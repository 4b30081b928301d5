"""The feedback store that goes with a session store: Redis beside Redis, memory otherwise."""

from __future__ import annotations

from bot.feedback.base import FeedbackStore
from bot.feedback.memory import MemoryFeedbackStore
from bot.feedback.redis import RedisFeedbackStore
from bot.feedback.retention import Retention
from bot.settings import Settings
from bot.store.base import SessionStore
from bot.store.redis import RedisSessionStore


def retention_of(settings: Settings) -> Retention:
    return Retention(
        days=settings.advisor_feedback_ttl_days,
        question_days=settings.advisor_feedback_question_ttl_days,
    )


def feedback_for(store: SessionStore, settings: Settings) -> FeedbackStore:
    """Feedback on the session store's own Redis client (one pool, one set of credentials)."""
    if isinstance(store, RedisSessionStore):
        return RedisFeedbackStore(
            store.client, prefix=settings.advisor_redis_prefix, retention=retention_of(settings)
        )
    return MemoryFeedbackStore(retention_of(settings))
