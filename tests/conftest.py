"""Shared fixtures. Tests never read the developer's environment: settings are explicit."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

from bot.settings import Settings
from tests.support.defaults import settings_of

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
