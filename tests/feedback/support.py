"""Reading back what the turn boundary recorded."""

from __future__ import annotations

from aiohttp import web

from bot.appkeys import RUNNER
from bot.feedback.base import FeedbackEntry


async def feedback_of(app: web.Application) -> list[FeedbackEntry]:
    entries: list[FeedbackEntry] = await app[RUNNER].feedback.since(0)
    return entries
