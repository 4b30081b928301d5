"""The whole application on the platform stand-ins: fixtures for the suites that drive it.

A suite's conftest imports the fixtures it uses (pytest registers the fixtures a conftest's
namespace holds), e.g. ``from tests.support.apps import make_slack, slack_api``.

``make_teams`` answers with the ``teams_options`` fixture's retry budget (``TEAMS_FAST``); a
suite that wants another budget defines its own ``teams_options``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from bot.server import build_app
from bot.settings import Settings
from bot.store.base import SessionStore
from bot.teams.adapter import TEAMS_OPTIONS
from bot.teams.bot import TeamsOptions
from bot.teams.retry import RetryPolicy
from tests.slack.support import SECRET, TOKEN, SlackDriver
from tests.standins.connector import ConnectorStandIn
from tests.standins.slack_api import SlackStandIn
from tests.support.defaults import memory_store
from tests.teams.support import Chat

TEAMS_FAST = TeamsOptions(
    retry=RetryPolicy(attempts=6, base_delay=0.01, max_delay=0.05),
    reply_budget=10.0,
    send_timeout=5.0,
)
"""Teams' retry policy with short delays, so retried replies do not slow the tests down."""

MakeSlack = Callable[..., Awaitable[SlackDriver]]
MakeTeams = Callable[..., Awaitable[Chat]]


@pytest.fixture
async def slack_api() -> AsyncIterator[SlackStandIn]:
    """The Slack Web API stand-in."""
    async with SlackStandIn(token=TOKEN) as api:
        yield api


@pytest.fixture
async def connector() -> AsyncIterator[ConnectorStandIn]:
    """The Bot Framework connector stand-in."""
    async with ConnectorStandIn() as standin:
        yield standin


@pytest.fixture
def make_slack(aiohttp_client: Any, slack_api: SlackStandIn,
               make_settings: Callable[..., Settings]) -> MakeSlack:
    """``await make_slack(store, **settings)``: the whole app (Slack mounted, talking to the
    stand-in) on ``store`` (a fresh in-memory one by default); call twice for two processes."""

    async def make(store: SessionStore | None = None, **values: Any) -> SlackDriver:
        values.setdefault("slack_bot_token", TOKEN)
        values.setdefault("slack_signing_secret", SECRET)
        values.setdefault("slack_api_url", slack_api.api_url)
        app = build_app(make_settings(**values), store=_or_memory(store))
        client = await aiohttp_client(app)
        # Start-up's auth.test (docs/operations.md) is not part of what a test drives.
        slack_api.calls[:] = [c for c in slack_api.calls if c.method != "auth.test"]
        return SlackDriver(client=client, api=slack_api)

    return make


@pytest.fixture
def teams_options() -> TeamsOptions:
    """The retry budget ``make_teams`` gives the app (a suite may define its own)."""
    return TEAMS_FAST


@pytest.fixture
def make_teams(aiohttp_client: Any, connector: ConnectorStandIn,
               make_settings: Callable[..., Settings], teams_options: TeamsOptions) -> MakeTeams:
    """``await make_teams(store, **settings)``: the whole app (Teams in local mode, replying to
    the stand-in connector) on ``store`` (a fresh in-memory one by default), and a chat in it."""

    async def make(store: SessionStore | None = None, **values: Any) -> Chat:
        app = build_app(make_settings(**values), store=_or_memory(store))
        app[TEAMS_OPTIONS] = teams_options
        return Chat(client=await aiohttp_client(app), connector=connector)

    return make


def _or_memory(store: SessionStore | None) -> SessionStore:
    return store if store is not None else memory_store()
