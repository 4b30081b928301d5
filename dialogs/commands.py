"""Typed text -> what the user means: an answer, a command, or free text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dialogs import factors as F

_ALIASES: dict[str, str] = {
    "help": "help",
    "?": "help",
    "menu": "help",
    "commands": "help",
    "start": "start",
    "assess": "start",
    "begin": "start",
    "new": "start",
    "start over": "start",
    "restart": "start",
    "new assessment": "start",
    "back": "back",
    "undo": "back",
    "previous": "back",
    "go back": "back",
    "why": "why",
    "why?": "why",
    "explain": "why",
    "reset": "reset",
    "clear": "reset",
    "forget": "forget",
    "forget me": "forget",
    "delete my data": "forget",
    "continue": "continue",
    "go on": "continue",
    "keep going": "continue",
    "more": "continue",
    "finish": "finish",
    "done": "finish",
    "result": "finish",
    "results": "finish",
    "recommend": "finish",
    "recommendation": "finish",
    "share": "share",
    "learn": "learn",
    "learn mode": "learn",
    "lesson": "learn",
    "lessons": "learn",
    "next lesson": "learn",
    "training": "learn",
    "practice": "learn",
    "helpful": "helpful",
    "that helped": "helpful",
    "useful": "helpful",
    "not helpful": "not_helpful",
    "not_helpful": "not_helpful",
    "unhelpful": "not_helpful",
    "not useful": "not_helpful",
    "that didn't help": "not_helpful",
    "that did not help": "not_helpful",
}

_QUESTION_START = re.compile(
    r"^(what|what's|whats|how|why|when|who|whom|whose|which|where|can|could|should|would|"
    r"is|are|does|do|did|will|explain|tell me|define|describe|difference|compare|give me)\b",
    re.IGNORECASE,
)
SHORT_WORDS = 3
"""A message of this many words or fewer is a topic to look up ("SLA", "staff aug"), not a
description of an engagement."""
_PAIR = re.compile(r"^\s*([a-z_]+)\s*[=:]\s*([a-z_]+)\s*$")


@dataclass(frozen=True, slots=True)
class AnswerIntent:
    factor: str
    answer: str


@dataclass(frozen=True, slots=True)
class CommandIntent:
    command: str
    rest: str = ""


@dataclass(frozen=True, slots=True)
class FreeText:
    text: str
    is_question: bool


Intent = AnswerIntent | CommandIntent | FreeText


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower()).strip(" .!")


CONFIRM_WORDS = frozenset(
    {"yes", "y", "yes that's right", "yes, that's right", "that's right", "right", "correct",
     "yes correct", "yep", "confirm", "confirmed"}
)
"""Typed words that confirm the reading a confirmation question shows as option 1."""


def parse(text: str, current: str | None, *, reading: str | None = None) -> Intent:
    """What typed ``text`` means while factor ``current`` (or nothing) is being asked.

    ``reading``: when the question confirms a reading of free text, the answer as read. It is
    option 1 (the other answers follow in their usual order) and "yes" confirms it.

    Order: a number or answer id of the current question; ``factor=answer``; a command word
    (``assess <description>`` and ``ask <question>`` keep their rest); anything else is free
    text, marked as a question when it reads like one or is only a few words long.
    """
    norm = _normalise(text).lstrip("/")
    if current is not None:
        factor = F.get(current)
        ids = list(factor.answer_ids)
        if reading is not None and reading in ids:
            ids.remove(reading)
            ids.insert(0, reading)
            if norm in CONFIRM_WORDS:
                return AnswerIntent(current, reading)
        if norm.isdecimal() and 1 <= int(norm) <= len(ids):
            return AnswerIntent(current, ids[int(norm) - 1])
        for a in factor.answers:
            if norm in (a.id, a.id.replace("_", " "), a.label.lower()):
                return AnswerIntent(current, a.id)
    pair = _PAIR.match(norm)
    if pair and F.is_valid(pair.group(1), pair.group(2)):
        return AnswerIntent(pair.group(1), pair.group(2))
    if norm in _ALIASES:
        return CommandIntent(_ALIASES[norm])
    head, _, rest = norm.partition(" ")
    if head in ("assess", "start") and rest:
        return CommandIntent("start", text.strip().split(None, 1)[1])
    if head == "ask" and rest:
        body = text.strip().split(None, 1)[1]
        return FreeText(body, is_question=True)
    stripped = text.strip()
    return FreeText(
        stripped,
        is_question=stripped.endswith("?")
        or bool(_QUESTION_START.match(stripped))
        or len(stripped.split()) <= SHORT_WORDS,
    )
