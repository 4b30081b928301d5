"""One codec for what a button carries, on both platforms (CONTRACT §5).

A click is either an answer (``factor`` + ``answer``) or a command (``start``, ``back``...).
Slack buttons carry a string ``value``: ``FACTOR=VALUE`` or ``cmd:NAME``. Teams
``Action.Submit`` buttons carry ``data``: ``{"factor": ..., "answer": ...}`` or
``{"command": ...}``. The writers below are the only places these shapes are made and the
readers the only places they are read. Values are not trusted: whatever a reader cannot make
sense of becomes an action the engine refuses politely, changing nothing.
"""

from __future__ import annotations

from typing import Any

from dialogs.turn import AnswerAction, CommandAction

__all__ = [
    "COMMAND_PREFIX",
    "MAX_PART",
    "answer_data",
    "answer_value",
    "command_data",
    "command_value",
    "read_data",
    "read_value",
]

COMMAND_PREFIX = "cmd:"
MAX_PART = 64
"""Characters kept of a factor, an answer or a command read from a click."""


def answer_value(factor: str, answer: str) -> str:
    return f"{factor}={answer}"


def command_value(command: str) -> str:
    return f"{COMMAND_PREFIX}{command}"


def read_value(value: str) -> AnswerAction | CommandAction:
    """A Slack button value -> an action (anything else: a command the engine does not know)."""
    if value.startswith(COMMAND_PREFIX):
        return CommandAction(command=value[len(COMMAND_PREFIX):][:MAX_PART])
    factor, sep, answer = value.partition("=")
    if sep and factor and answer:
        return AnswerAction(factor=factor[:MAX_PART], answer=answer[:MAX_PART])
    return CommandAction(command="?" + value[:MAX_PART])


def answer_data(factor: str, answer: str) -> dict[str, str]:
    return {"factor": factor, "answer": answer}


def command_data(command: str) -> dict[str, str]:
    return {"command": command}


def read_data(value: Any) -> AnswerAction | CommandAction:
    """A Teams submit's data -> an action (anything else: an answer the engine rejects)."""
    if isinstance(value, dict):
        if "factor" in value or "answer" in value:
            return AnswerAction(factor=_part(value.get("factor")), answer=_part(value.get("answer")))
        if "command" in value:
            return CommandAction(command=_part(value.get("command")))
    return AnswerAction(factor="", answer="")


def _part(value: Any) -> str:
    return value[:MAX_PART] if isinstance(value, str) else ""
