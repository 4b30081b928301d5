"""The golden transcripts (tests/data/transcripts/*.yaml) replayed through the terminal channel.

``advisor chat``'s loop (``bot.console.chat``) runs in-process on the memory store: ``say`` is
typed as it is, a ``click`` is typed as ``FACTOR=VALUE`` (what the terminal offers instead of a
button), a ``command`` as its word. What each step showed is read from the printed text; which
question is open is read from the stored session, since a printed question does not name its
factor id.
"""

from __future__ import annotations

import re

import pytest

from bot.console import chat
from bot.turns import TurnRunner
from dialogs import factors as F
from dialogs.scoring import evaluate
from knowledge import FALLBACK, load_default
from tests.support.defaults import memory_store, settings_of
from tests.transcripts import Observed, Transcript, TranscriptStep, check, load_transcripts

TRANSCRIPT_LIST = load_transcripts()
USER = "golden"
SESSION = f"console:local:terminal-{USER}"
_QUESTION = re.compile(r"^(?:Question|Practice) \d+ of \d+: |^Please confirm: ", re.M)


def typed(step: TranscriptStep) -> str:
    if step.click is not None:
        return f"{step.click[0]}={step.click[1]}"
    if step.command is not None:
        return step.command.replace("_", " ")
    assert step.say is not None
    return step.say


@pytest.mark.parametrize("transcript", TRANSCRIPT_LIST, ids=lambda t: t.name)
async def test_transcript_through_the_terminal(transcript: Transcript) -> None:
    store = memory_store()
    runner = TurnRunner(store=store, kb=load_default(), settings=settings_of())
    lines = [typed(s) for s in transcript.steps]
    printed: list[list[str]] = [[]]  # what was printed before each prompt

    def read(_prompt: str) -> str:
        printed.append([])
        if len(printed) - 2 >= len(lines):
            raise EOFError
        return lines[len(printed) - 2]

    def write(text: str) -> None:
        printed[-1].append(text)

    # Every step's output is checked after the whole run: the loop owns the event loop's turn.
    assert await chat(runner, user=USER, read=read, write=write) == 0
    store_states = await _replay_states(transcript)
    for number, step in enumerate(transcript.steps, 1):
        text = "\n".join(printed[number])
        where = f"terminal {transcript.name} step {number}"
        check(step, _observe(text, store_states[number - 1]), where)


async def _replay_states(transcript: Transcript) -> list[tuple[str | None, dict[str, str], bool]]:
    """(open question, answers, forgotten) after each step, from a second identical run."""
    store = memory_store()
    runner = TurnRunner(store=store, kb=load_default(), settings=settings_of())
    states: list[tuple[str | None, dict[str, str], bool]] = []
    for step in transcript.steps:
        fed = [typed(step)]

        def read(_prompt: str, fed: list[str] = fed) -> str:
            if not fed:
                raise EOFError
            return fed.pop()

        await chat(runner, user=USER, read=read, write=lambda _text: None)
        session = await store.load(SESSION)
        if session is None:
            states.append((None, {}, True))
            continue
        states.append((session.current, dict(session.answers), False))
    return states


def _observe(text: str, state: tuple[str | None, dict[str, str], bool]) -> Observed:
    current, answers, forgotten = state
    seen = Observed(forgotten=forgotten, texts=[text])
    shown = list(_QUESTION.finditer(text))
    if shown and shown[-1].group(0).startswith("Practice"):
        seen.questions.append("practice")  # a practice deal (its pseudo-factor)
    elif shown and current:
        seen.questions.append(current)
    for model, name in F.MODEL_NAMES.items():
        if f"Recommendation: {name}" in text:
            seen.models.append(model)
    if answers:
        seen.warnings += [w.code for w in evaluate(answers).warnings if f"! {w.message}" in text]
    seen.passages = len(re.findall(r"^\* ", text, re.M))
    seen.fallback = FALLBACK.splitlines()[0] in text
    return seen
