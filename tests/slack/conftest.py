"""Fixtures: the Slack Web API stand-in and the whole application wired to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from bot.server import build_app
from bot.settings import Settings
from bot.store.base import SessionStore
from bot.store.memory import MemorySessionStore
from tests.slack.support import SECRET, TOKEN, SlackDriver
from tests.standins.slack_api import SlackStandIn

MakeDriver = Callable[..., Awaitable[SlackDriver]]


@pytest.fixture
async def slack_api() -> AsyncIterator[SlackStandIn]:
    async with SlackStandIn(token=TOKEN) as api:
        yield api


@pytest.fixture
def slack_settings(make_settings: Callable[..., Settings],
                   slack_api: SlackStandIn) -> Callable[..., Settings]:
    def make(**values: Any) -> Settings:
        values.setdefault("slack_bot_token", TOKEN)
        values.setdefault("slack_signing_secret", SECRET)
        values.setdefault("slack_api_url", slack_api.api_url)
        return make_settings(**values)

    return make


@pytest.fixture
def make_driver(aiohttp_client: Any, slack_api: SlackStandIn,
                slack_settings: Callable[..., Settings]) -> MakeDriver:
    async def make(store: SessionStore | None = None, **settings: Any) -> SlackDriver:
        app = build_app(slack_settings(**settings), store=store or MemorySessionStore())
        client = await aiohttp_client(app)
        return SlackDriver(client=client, api=slack_api)

    return make


@pytest.fixture
async def slack(make_driver: MakeDriver) -> SlackDriver:
    return await make_driver()
