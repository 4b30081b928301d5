"""Fixtures of the scale suite: stores on the session's loopback Redis Cluster.

The cluster itself (``redis_cluster``: three masters, one replica each, started once per test
session) is in the root conftest's Redis family. Tests that kill or reshard put it back to
healthy before they return, so the order of tests does not matter. Each test works under a key
prefix of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.store.redis import RedisOptions, RedisSessionStore
from knowledge import KnowledgeBase, load_default
from tests.support.redis_servers import LoopbackCluster


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_default()


@pytest.fixture
async def cluster_store(
    redis_cluster: LoopbackCluster,
) -> AsyncIterator[Callable[..., RedisSessionStore]]:
    """Stores on the cluster (one per simulated process) under this test's prefix."""
    prefix = f"advisor-test:cluster:{uuid.uuid4().hex[:10]}"
    made: list[RedisSessionStore] = []
    redis_cluster.wait_healthy()

    def make(**options: Any) -> RedisSessionStore:
        store = RedisSessionStore.from_url(
            redis_cluster.url, prefix=prefix, ttl_seconds=600, mode="cluster",
            options=RedisOptions(**options),
        )
        made.append(store)
        return store

    yield make
    for store in made:
        await store.close()
    for node in redis_cluster.masters():
        with node.client() as c:
            names = list(c.scan_iter(match=f"{prefix}:*", count=500))
            for name in names:
                c.delete(name)
