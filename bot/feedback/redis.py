"""Feedback in Redis, under the deployment's key prefix, every key with its own expiry.

Keys start with the prefix (so the ACL rule ``~<prefix>:*`` covers them) and share one hash
tag, ``{feedback}``, so the few multi-key commands stay on one slot of a Redis Cluster
(feedback is a trickle; one slot carries it easily):

``P:{feedback}:e:<id>``     one entry (JSON), expiring with its retention
``P:{feedback}:index``      sorted set of entry ids by time, trimmed to the retention
``P:{feedback}:c:<conv>``   set of one conversation's entry ids, for ``forget``
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from redis.exceptions import RedisError

from bot.feedback.base import FeedbackEntry, FeedbackUnavailable
from bot.feedback.retention import DAY, Retention

_BATCH = 500


class RedisFeedbackStore:
    """Shares the session store's client (it does not own or close it)."""

    def __init__(self, client: Any, *, prefix: str, retention: Retention) -> None:
        self._redis = client
        self._tag = f"{prefix}:{{feedback}}"
        self.retention = retention

    def _entry(self, entry_id: str) -> str:
        return f"{self._tag}:e:{entry_id}"

    def _conversation(self, conversation: str) -> str:
        return f"{self._tag}:c:{conversation}"

    @property
    def _index(self) -> str:
        return f"{self._tag}:index"

    async def record(self, entry: FeedbackEntry) -> None:
        entry_id = uuid.uuid4().hex
        ttl = self.retention.seconds(entry)
        oldest = time.time() - self.retention.days * DAY
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.set(self._entry(entry_id), entry.model_dump_json(), ex=ttl)
                pipe.zadd(self._index, {entry_id: entry.at})
                pipe.zremrangebyscore(self._index, "-inf", oldest)
                pipe.expire(self._index, self.retention.days * DAY)
                pipe.sadd(self._conversation(entry.conversation), entry_id)
                pipe.expire(self._conversation(entry.conversation), self.retention.days * DAY)
                await pipe.execute()
        except (RedisError, OSError) as exc:
            raise FeedbackUnavailable(type(exc).__name__) from exc

    async def since(self, cutoff: float) -> list[FeedbackEntry]:
        try:
            ids = [_text(i) for i in await self._redis.zrangebyscore(self._index, cutoff, "+inf")]
            out: list[FeedbackEntry] = []
            gone: list[str] = []
            for start in range(0, len(ids), _BATCH):
                batch = ids[start:start + _BATCH]
                raws = await self._redis.mget([self._entry(i) for i in batch])
                for entry_id, raw in zip(batch, raws, strict=True):
                    if raw is None:
                        gone.append(entry_id)
                    else:
                        out.append(FeedbackEntry.model_validate_json(raw))
            if gone:
                await self._redis.zrem(self._index, *gone)
        except (RedisError, OSError) as exc:
            raise FeedbackUnavailable(type(exc).__name__) from exc
        return out

    async def forget(self, conversation: str) -> None:
        key = self._conversation(conversation)
        try:
            ids = [_text(i) for i in await self._redis.smembers(key)]
            async with self._redis.pipeline(transaction=False) as pipe:
                for entry_id in ids:
                    pipe.delete(self._entry(entry_id))
                if ids:
                    pipe.zrem(self._index, *ids)
                pipe.delete(key)
                await pipe.execute()
        except (RedisError, OSError) as exc:
            raise FeedbackUnavailable(type(exc).__name__) from exc


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
