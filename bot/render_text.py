"""Neutral replies -> plain terminal text (numbered choices instead of buttons)."""

from __future__ import annotations

from bot.bars import score_lines
from dialogs import factors as F
from dialogs import texts as T
from dialogs.replies import (
    Assessment,
    PassagesReply,
    QuestionReply,
    QuickAction,
    RecommendationReply,
    Reply,
    TextReply,
)


def to_text(reply: Reply) -> str:
    if isinstance(reply, TextReply):
        return _with_actions(reply.text, reply.actions)
    if isinstance(reply, QuestionReply):
        return question_text(reply)
    if isinstance(reply, RecommendationReply):
        lines = [f"Recommendation: {reply.headline}"]
        lines += assessment_lines(reply.assessment)
        if reply.early:
            lines += ["", T.EARLY]
        return _with_actions("\n".join(lines), reply.actions)
    return passages_text(reply)


def question_text(q: QuestionReply) -> str:
    lines = [f"{q.progress or f'Question {q.number} of {q.total}'}: {q.prompt}", f"  ({q.hint})"]
    for i, opt in enumerate(q.options, 1):
        mark = " (current)" if opt.id == q.current else ""
        lines.append(f"  {i}. {opt.label} - {opt.explanation}{mark}")
    return _with_actions("\n".join(lines), q.actions)


def assessment_lines(a: Assessment, *, passages: bool = True) -> list[str]:
    lines = ["", *score_lines(a.scores)]
    if a.inferred:
        lines += ["", "Picked up from the description:"]
        lines += [
            f'  - {T.answer_phrase(f, i.value)} ("{i.evidence}")' for f, i in a.inferred.items()
        ]
    lines += ["", "Why:"] + [f"  - {r}" for r in a.reasons]
    if a.warnings:
        lines += ["", "Warnings:"] + [f"  ! {w.message}" for w in a.warnings]
    if a.what_if:
        lines += ["", "What would change it:"] + [
            f"  - {T.what_if_sentence(w)}" for w in a.what_if[:5]
        ]
    if a.missing:
        lines += ["", "Not answered: " + ", ".join(F.get(f).topic for f in a.missing)]
    if a.call_prep.ask or a.call_prep.red_flags:
        lines += ["", "Before the call:"]
        lines += [f"  ? {q}" for q in a.call_prep.ask]
        lines += [f"  ! {r}" for r in a.call_prep.red_flags]
    if passages and a.passages:
        lines += ["", "Read more:"]
        for p in a.passages:
            lines += [f"  * {p.title}", f"    {p.text}"]
    return lines


def passages_text(reply: PassagesReply) -> str:
    if not reply.passages:
        return _with_actions(reply.fallback or "", reply.actions)
    lines: list[str] = []
    for p in reply.passages:
        lines += [f"* {p.title}", f"  {p.text}", ""]
    return _with_actions("\n".join(lines).rstrip(), reply.actions)


def _with_actions(text: str, actions: tuple[QuickAction, ...]) -> str:
    if not actions:
        return text
    hints = " | ".join(f"{a.command} = {a.label.lower()}" for a in actions)
    return f"{text}\n  [{hints}]"
