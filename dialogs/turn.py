"""The neutral turn: what a platform adapter hands the engine, free of platform payloads."""

# No ``from __future__ import annotations``: pydantic would compile and evaluate every string
# annotation when each model class is created (about a millisecond per module at start-up).

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Platform = Literal["console", "slack", "teams"]

# Commands that a button, a card or typed text can carry.
Command = Literal[
    "start",
    "help",
    "back",
    "why",
    "reset",
    "forget",
    "continue",
    "finish",
    "share",
    "home",
    "learn",
    "helpful",
    "not_helpful",
]
COMMANDS: tuple[str, ...] = get_args(Command)
"""The same list as ``Command``, for code that checks a value at run time."""

MAX_TEXT_CHARS = 4000
"""Typed text longer than this is refused politely before it reaches the engine's logic."""


class AnswerAction(BaseModel):
    """A click on an answer button or card: one factor, one answer id."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    kind: Literal["answer"] = "answer"
    factor: str
    answer: str


class CommandAction(BaseModel):
    """A click on a command button (Back, Start over, Why?, ...)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    kind: Literal["command"] = "command"
    command: str


Action = AnswerAction | CommandAction


class Turn(BaseModel):
    """One user turn, whatever the platform.

    ``text`` and ``action`` are alternatives: typed text, or a structured click. Values in an
    action are *not* trusted: the engine judges them and answers politely when they are unknown.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    platform: Platform
    tenant: str = Field(description="Slack team id, Teams tenant id, 'local' for the console")
    conversation: str
    thread: str | None = None
    user: str
    text: str | None = None
    action: AnswerAction | CommandAction | None = Field(default=None, discriminator="kind")
    event_id: str | None = Field(default=None, description="platform event id, for idempotency")
    surface: str = Field(default="chat", description="dm, channel, thread, slash, home, card...")

    @property
    def session_id(self) -> str:
        """The conversation scope of this turn: platform, tenant, conversation and thread."""
        return session_scope(self.platform, self.tenant, self.conversation, self.thread)


def session_scope(platform: str, tenant: str, conversation: str, thread: str | None = None) -> str:
    """A session id, ``platform:tenant:conversation[:thread]`` (the one place it is built)."""
    parts = [platform, tenant, conversation]
    if thread:
        parts.append(thread)
    return ":".join(parts)
