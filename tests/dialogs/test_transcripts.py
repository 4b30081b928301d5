"""Golden transcripts replayed through the pure engine (Slack and Teams replay the same files)."""

from __future__ import annotations

import pytest

from bot.render_text import to_text
from dialogs.engine import step
from dialogs.replies import PassagesReply, QuestionReply, RecommendationReply, Reply, TextReply
from dialogs.session import Session
from dialogs.turn import AnswerAction, CommandAction, Turn
from knowledge import load_default
from tests.transcripts import Observed, Transcript, TranscriptStep, check, load_transcripts

TRANSCRIPTS = load_transcripts()


def observe(replies: list[Reply], session: Session | None) -> Observed:
    seen = Observed(forgotten=session is None)
    for r in replies:
        if isinstance(r, QuestionReply):
            seen.questions.append(r.factor)
        elif isinstance(r, RecommendationReply):
            seen.models.append(r.assessment.model)
            seen.warnings += [w.code for w in r.assessment.warnings]
        elif isinstance(r, PassagesReply):
            seen.passages += len(r.passages)
            seen.fallback = seen.fallback or bool(r.fallback)
        elif isinstance(r, TextReply):
            seen.texts.append(r.text)
        else:  # a lesson, a practice verdict, the end of the path: their document's text
            seen.texts.append(to_text(r))
    return seen


def to_turn(s: TranscriptStep, n: int) -> Turn:
    base = {
        "platform": "console",
        "tenant": "t",
        "conversation": "c",
        "user": "u",
        "event_id": f"e{n}",
    }
    if s.click:
        return Turn(**base, action=AnswerAction(factor=s.click[0], answer=s.click[1]))
    if s.command:
        return Turn(**base, action=CommandAction(command=s.command))
    return Turn(**base, text=s.say)


def test_there_are_golden_transcripts() -> None:
    assert len(TRANSCRIPTS) >= 8


@pytest.mark.parametrize("transcript", TRANSCRIPTS, ids=lambda t: t.name)
def test_transcript(transcript: Transcript) -> None:
    kb = load_default()
    session: Session | None = None
    for n, s in enumerate(transcript.steps):
        session, replies = step(session, to_turn(s, n), kb)
        if session is not None:
            session = Session.from_json(session.to_json())  # as a store would
        check(s, observe(replies, session), f"{transcript.name} step {n + 1}")
