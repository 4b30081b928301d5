"""Fixtures: the stand-in connector, the aiohttp app in Teams local mode, a chat driver."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web

from bot.server import build_app
from bot.settings import Settings
from bot.store.base import SessionStore
from bot.teams.adapter import TEAMS_OPTIONS
from bot.teams.bot import TeamsOptions
from tests.standins.connector import ConnectorStandIn
from tests.support.apps import TEAMS_FAST, connector
from tests.support.defaults import memory_store
from tests.teams.support import AppClient, Chat

# The shared connector stand-in fixture, re-exported so that pytest registers it here.
__all__ = ["connector"]

MakeApp = Callable[..., web.Application]
Client = Callable[..., Awaitable[AppClient]]


@pytest.fixture
def make_app(make_settings: Callable[..., Settings]) -> MakeApp:
    def make(
        *,
        settings: Settings | None = None,
        store: SessionStore | None = None,
        options: TeamsOptions = TEAMS_FAST,
        **values: Any,
    ) -> web.Application:
        settings = settings or make_settings(**values)
        if store is None and settings.redis_url is None:
            store = memory_store()
        app = build_app(settings, store=store)  # with a redis_url: the server opens Redis
        app[TEAMS_OPTIONS] = options
        return app

    return make


@pytest.fixture
async def client(aiohttp_client: Client, make_app: MakeApp) -> AppClient:
    return await aiohttp_client(make_app())


@pytest.fixture
def chat(client: AppClient, connector: ConnectorStandIn) -> Chat:
    return Chat(client=client, connector=connector)
