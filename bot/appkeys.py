"""Typed keys for what the aiohttp application holds."""

from __future__ import annotations

from aiohttp import web

from bot.health import StoreHealth
from bot.metrics import Metrics
from bot.settings import Settings
from bot.store.base import SessionStore
from bot.tasks import BackgroundTasks
from bot.turns import TurnRunner

SETTINGS = web.AppKey("settings", Settings)
METRICS = web.AppKey("metrics", Metrics)
TASKS = web.AppKey("tasks", BackgroundTasks)
STORE = web.AppKey("store", SessionStore)
RUNNER = web.AppKey("runner", TurnRunner)
HEALTH = web.AppKey("health", StoreHealth)
