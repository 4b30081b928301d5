"""Shared fixtures. Tests never read the developer's environment: settings are explicit.

The one Redis fixture family lives here, every server from ``tests/support/redis_servers.py``:
the shared test Redis (``redis_url``, ``redis_admin``, a cleaned-up ``redis_prefix`` and a
``redis_store`` under it), a ``private_redis`` of the test's own (to pause, kill or fill),
the session's loopback ``redis_cluster`` and a ``sentinels`` set. A suite's conftest adds only
what is its own (the store suite's two backends, the fault suite's proxy).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
import redis
import redis.asyncio

from bot.settings import Settings
from bot.store.keys import KeyScheme
from bot.store.redis import RedisSessionStore
from tests.support.defaults import SESSION_TTL, settings_of
from tests.support.redis_servers import (
    LoopbackCluster,
    RedisProcess,
    SentinelSet,
    admin_client,
    running_cluster,
    running_private_redis,
    running_sentinels,
)

ENV_VARS = (
    "REDIS_URL",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "MICROSOFT_APP_ID",
    "MICROSOFT_APP_PASSWORD",
    "MICROSOFT_APP_TENANT_ID",
    "MICROSOFT_APP_TYPE",
    "ADVISOR_ENV",
    "ADVISOR_HOST",
    "ADVISOR_PORT",
    "ADVISOR_LOG_LEVEL",
    "ADVISOR_LOG_FORMAT",
    "ADVISOR_SESSION_TTL_SECONDS",
    "ADVISOR_EVENT_TTL_SECONDS",
    "ADVISOR_MAX_BODY_BYTES",
    "ADVISOR_MAX_IN_FLIGHT",
    "ADVISOR_DRAIN_TIMEOUT_SECONDS",
    "ADVISOR_REDIS_PREFIX",
    "ADVISOR_REDIS_MODE",
    "ADVISOR_REDIS_CA_FILE",
    "ADVISOR_REDIS_SENTINELS",
    "ADVISOR_REDIS_SENTINEL_SERVICE",
    "ADVISOR_REDIS_SENTINEL_USERNAME",
    "ADVISOR_REDIS_SENTINEL_PASSWORD",
    "ADVISOR_REDIS_WAIT_REPLICAS",
    "ADVISOR_REDIS_WAIT_TIMEOUT_MS",
    "ADVISOR_EVENT_LOOP",
    "ADVISOR_FEEDBACK_TTL_DAYS",
    "ADVISOR_FEEDBACK_KEEP_QUESTIONS",
    "ADVISOR_FEEDBACK_QUESTION_TTL_DAYS",
)

TEST_REDIS_URL = os.environ.get("ADVISOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    yield


@pytest.fixture
def make_settings() -> Callable[..., Settings]:
    """Settings from explicit values only (no .env, no inherited environment)."""
    return settings_of


@pytest.fixture
def redis_url() -> str:
    return TEST_REDIS_URL


# --- the Redis fixture family -------------------------------------------------------------------


@pytest.fixture
async def redis_admin(redis_url: str) -> AsyncIterator[redis.asyncio.Redis]:
    """A separate client on the shared test database, for raw reads, TTLs and cleanup; a test
    failure when that Redis is not there."""
    client = await admin_client(redis_url, needed_by="These tests")
    yield client
    await client.aclose()


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix of this test's own on the shared test Redis; its keys are deleted after.
    (Synchronous, so that a sync test or a fixture choosing its backend at run time can take
    it; the cleanup fails loudly if Redis has gone.)"""
    prefix = f"advisor-test:{uuid.uuid4().hex[:16]}"
    yield prefix
    with redis.Redis.from_url(redis_url, socket_timeout=10, socket_connect_timeout=2) as client:
        names = list(client.scan_iter(match=KeyScheme(prefix).pattern, count=500))
        if names:
            client.delete(*names)


@pytest.fixture
async def redis_store(
    redis_url: str, redis_prefix: str, redis_admin: redis.asyncio.Redis
) -> AsyncIterator[RedisSessionStore]:
    """The product's Redis store with its default options on the shared test Redis, under the
    test's prefix (``redis_admin`` first: an unreachable Redis fails loudly); closed after."""
    store = RedisSessionStore.from_url(redis_url, prefix=redis_prefix, ttl_seconds=SESSION_TTL)
    yield store
    await store.close()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisProcess]:
    """A ``redis-server`` started for one test: pausing or killing it disturbs nobody."""
    with running_private_redis(tmp_path / "private-redis", needed_by="These tests") as server:
        yield server


@pytest.fixture(scope="session")
def redis_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackCluster]:
    """A loopback Redis Cluster (three masters, one replica each), started once per session
    (about 2 s). Tests that kill or reshard put it back to healthy before they return."""
    with running_cluster(tmp_path_factory.mktemp("cluster"), needed_by="The cluster tests") as c:
        yield c


@pytest.fixture
def sentinels(tmp_path: Path) -> Iterator[SentinelSet]:
    """A primary, a replica and three sentinels, started for one test."""
    with running_sentinels(tmp_path / "sentinels", needed_by="The Sentinel tests") as group:
        yield group
