"""bot/actions.py: what the writers make, the readers read back, on both platforms; what a
reader makes of values nobody wrote (the engine refuses those politely)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.actions import (
    answer_data,
    answer_value,
    command_data,
    command_value,
    read_data,
    read_value,
)
from dialogs.turn import AnswerAction, CommandAction


@pytest.mark.parametrize(("factor", "answer"), [("scope", "bounded"), ("payment", "per_outcome")])
def test_answers_round_trip(factor: str, answer: str) -> None:
    expected = AnswerAction(factor=factor, answer=answer)
    assert read_value(answer_value(factor, answer)) == expected
    assert read_data(answer_data(factor, answer)) == expected


@pytest.mark.parametrize("command", ["start", "back", "why", "share", "continue"])
def test_commands_round_trip(command: str) -> None:
    assert read_value(command_value(command)) == CommandAction(command=command)
    assert read_data(command_data(command)) == CommandAction(command=command)


@pytest.mark.parametrize("value", ["", "=", "scope=", "=bounded", "nonsense", "x" * 500])
def test_unwritten_slack_values_become_unknown_commands(value: str) -> None:
    action = read_value(value)
    assert isinstance(action, CommandAction) and action.command.startswith("?")
    assert len(action.command) <= 65


@pytest.mark.parametrize("data", [None, "scope=bounded", [], {}, {"other": 1},
                                  {"factor": 5, "answer": None}])
def test_unwritten_card_data_becomes_an_empty_answer(data: Any) -> None:
    assert read_data(data) == AnswerAction(factor="", answer="")


def test_long_parts_are_cut() -> None:
    action = read_data({"factor": "f" * 500, "answer": "a" * 500})
    assert isinstance(action, AnswerAction)
    assert len(action.factor) == len(action.answer) == 64
