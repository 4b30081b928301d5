"""Conversation steps shared by the fault tests: a DM assessment on Slack, card submits on Teams.

Each step returns what the user saw, so tests can tell an applied answer (the next question or
the recommendation) from the polite failure reply.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from bot.slack.render import markers
from dialogs import texts as T
from tests.faults.support import MANAGED
from tests.slack.support import Posted, SlackDriver, dm_of
from tests.standins.slack_api import Call
from tests.support.hung import HUNG_AFTER
from tests.support.json_tree import json_strings
from tests.teams import support as teams
from tests.teams.support import Chat


@dataclass
class Seen:
    """What one step showed the user."""

    questions: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    store_down: bool = False
    texts: list[str] = field(default_factory=list)

    @property
    def question(self) -> str | None:
        return self.questions[-1] if self.questions else None


def seen_slack(calls: list[Call]) -> Seen:
    seen = Seen()
    for call in calls:
        seen.questions += markers(call.blocks, "q")
        seen.models += markers(call.blocks, "rec")
        texts = list(json_strings(call.body))
        seen.texts += texts
        seen.store_down = seen.store_down or any(T.STORE_DOWN in t for t in texts)
    return seen


def seen_teams(replies: list[dict[str, Any]]) -> Seen:
    seen = Seen()
    for reply in replies:
        seen.questions += teams.questions([reply])
        seen.models += teams.models([reply])
        text = teams.card_text(reply)
        seen.texts.append(text)
        seen.store_down = seen.store_down or T.STORE_DOWN in text
    return seen


class SlackDM:
    """One user's DM with the bot, driven through ``POST /slack/events``."""

    def __init__(self, slack: SlackDriver, user: str = "U0FAULTS") -> None:
        self.slack = slack
        self.user = user
        self.channel = dm_of(user)
        self.question_message: Posted | None = None

    @property
    def session_id(self) -> str:
        return f"slack:{self.slack.team}:{self.channel}"

    async def _step(self, send: Any) -> Seen:
        mark = len(self.slack.api.calls)
        async with asyncio.timeout(HUNG_AFTER):  # a hung turn fails the test, not the suite
            await send
        calls = [c for c in self.slack.api.messages if self.slack.api.calls.index(c) >= mark]
        seen = seen_slack(calls)
        if seen.questions:
            self.question_message = self.slack.last("advisor:q:", channel=self.channel)
        return seen

    async def say(self, text: str, **kw: Any) -> Seen:
        return await self._step(self.slack.dm(self.user, text, **kw))

    async def start(self) -> str:
        """Say ``start``; the first question, which must show."""
        seen = await self.say("start")
        assert seen.question is not None, seen.texts
        return seen.question

    async def answer(self, factor: str) -> str:
        """Click the plan's answer to ``factor``; the next question, which must show."""
        seen = await self.click(factor)
        assert seen.question is not None, seen.texts
        return seen.question

    async def click(self, factor: str, answer: str | None = None) -> Seen:
        """Click ``factor``'s answer (the plan's by default) on the last question message."""
        message = self.question_message
        assert message is not None, "no question message to click on"
        value = f"{factor}={answer or MANAGED[factor]}"
        return await self._step(self.slack.click(self.user, message, value))


async def teams_step(chat: Chat, activity: dict[str, Any]) -> Seen:
    async with asyncio.timeout(HUNG_AFTER):
        replies = await chat.post(activity)
    return seen_teams(replies)


async def teams_start(chat: Chat) -> str:
    """Say ``start`` in the Teams chat; the first question, which must show."""
    seen = await teams_step(chat, chat.activity(text="start"))
    assert seen.question is not None, seen.texts
    return seen.question


def teams_answer(chat: Chat, factor: str) -> dict[str, Any]:
    """The card submit that answers ``factor`` with the plan's answer."""
    return chat.activity(text="", value={"factor": factor, "answer": MANAGED[factor]})
