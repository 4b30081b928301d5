"""Learn mode: a lesson, its practice scenario, the verdict, and the summary at the end.

The learner answers a practice question like any other: a button or card whose value is
``practice=<model>``, or the option's number or name typed while the question is open. The
explanation uses the engine's own reasons for the scenario's answers, quotes the deciding facts
from the scenario, and gives the passage that teaches the lesson.
"""

from __future__ import annotations

import zlib

from dialogs import factors as F
from dialogs import texts as T
from dialogs.assess import view
from dialogs.learning import Learning, PracticeResult
from dialogs.lessons import BY_ID, LESSONS, Lesson
from dialogs.replies import (
    LessonReply,
    Option,
    PassageView,
    PathDoneReply,
    PracticeReply,
    QuestionReply,
    Reply,
    TextReply,
)
from dialogs.scenario_phrases import WARNING_FACTS
from dialogs.scenarios import Scenario, generate
from dialogs.scoring import evaluate
from dialogs.session import Session
from dialogs.turn import AnswerAction, Turn
from knowledge import KnowledgeBase

PRACTICE = "practice"
"""The pseudo-factor of a practice question: its buttons carry ``practice=<model id>``."""

_OPTIONS: tuple[Option, ...] = (
    Option(id=F.MANAGED, label="Managed services",
           explanation="The provider decides and answers for the results."),
    Option(id=F.AUGMENTATION, label="Staff augmentation",
           explanation="The client directs the engineers and keeps the results."),
    Option(id=F.MISMATCH, label="Mismatch",
           explanation="Decisions and accountability would sit with different parties."),
)
_NAMES: dict[str, str] = {
    "managed": F.MANAGED,
    "managed services": F.MANAGED,
    "managed service": F.MANAGED,
    "ms": F.MANAGED,
    "augmentation": F.AUGMENTATION,
    "staff augmentation": F.AUGMENTATION,
    "staff aug": F.AUGMENTATION,
    "sa": F.AUGMENTATION,
    "mismatch": F.MISMATCH,
}
_MAX_REASONS = 3


def pick(session: Session, turn: Turn) -> str | None:
    """The model the learner picked with this turn, or None if the turn is not a practice answer.

    A ``practice=`` click with an unknown model is not a pick (the engine then says it did not
    recognise the choice); typed numbers and names count only while a practice question is open.
    """
    action = turn.action
    if isinstance(action, AnswerAction):
        if action.factor == PRACTICE and action.answer in F.MODELS:
            return action.answer
        return None
    if action is not None or not session.learn.awaiting or turn.text is None:
        return None
    typed = " ".join(turn.text.lower().split()).strip(" .!")
    for prefix in ("practice=", "practice:"):
        typed = typed.removeprefix(prefix)
    if typed.isdecimal() and len(typed) == 1 and 1 <= int(typed) <= len(_OPTIONS):
        return _OPTIONS[int(typed) - 1].id
    if typed in F.MODELS:
        return typed
    return _NAMES.get(typed)


def begin(s: Session, kb: KnowledgeBase) -> list[Reply]:
    """``learn``: the current lesson and its practice question (resumed where the learner was)."""
    learning = s.learn
    notes: list[str] = []
    if learning.lesson >= len(LESSONS):
        learning = Learning(round=learning.round + 1)
        notes.append(T.LEARN_AGAIN)
    elif not learning.begun:
        notes.append(T.LEARN_WELCOME.format(count=len(LESSONS)))
    elif learning.left:
        notes.append(T.LEARN_RESUME.format(number=learning.lesson + 1, count=len(LESSONS)))
    lesson = LESSONS[learning.lesson]
    if not learning.awaiting:
        learning = _open(learning, s.turns)
    s.learn = learning
    passage = _passage(lesson, kb)
    shown = LessonReply(id=lesson.id, number=learning.lesson + 1, count=len(LESSONS),
                        title=lesson.title, text=lesson.text,
                        read_more=passage.title if passage else None)
    before: list[Reply] = [TextReply(text="\n".join(notes))] if notes else []
    return [*before, shown, practice_question(s)]


def _open(learning: Learning, turns: int) -> Learning:
    """Open the current lesson's practice question (the same deal again when the learner left
    it unanswered); a lesson shown for the first time this round counts as started."""
    lesson = LESSONS[learning.lesson]
    seed = learning.seed if learning.left else zlib.crc32(
        f"{lesson.id}:{learning.round}:{turns}".encode()
    )
    started = max(learning.started, learning.lesson + 1)
    return learning.model_copy(
        update={"awaiting": True, "left": False, "seed": seed, "started": started}
    )


def scenario(learning: Learning) -> Scenario:
    lesson = LESSONS[learning.lesson]
    return generate(learning.seed, model=lesson.model, level=lesson.level)


def practice_question(s: Session) -> QuestionReply:
    learning = s.learn
    return QuestionReply(
        factor=PRACTICE,
        prompt=scenario(learning).text,
        hint=T.PRACTICE_HINT,
        options=_OPTIONS,
        number=learning.lesson + 1,
        answered=len(learning.results),
        total=len(LESSONS),
        progress=T.PRACTICE_PROGRESS.format(number=learning.lesson + 1, count=len(LESSONS)),
        actions=(T.LEAVE_LEARN,),
    )


def answer(s: Session, picked: str, kb: KnowledgeBase) -> list[Reply]:
    """The verdict on a practice answer, then the next step (or the summary at the end)."""
    learning = s.learn
    if not learning.awaiting or learning.lesson >= len(LESSONS):
        return [TextReply(text=T.NO_PRACTICE_OPEN, actions=(T.LEARN,))]
    lesson = LESSONS[learning.lesson]
    shown = scenario(learning)
    result = PracticeResult(lesson=lesson.id, model=shown.model, picked=picked)
    s.learn = learning.model_copy(update={
        "awaiting": False,
        "lesson": learning.lesson + 1,
        "results": [*learning.results, result],
    })
    replies: list[Reply] = [_verdict(shown, result, lesson, kb).model_copy(update={
        "actions": () if s.learn.lesson >= len(LESSONS) else (T.NEXT_LESSON, T.LEAVE_LEARN),
    })]
    if s.learn.lesson >= len(LESSONS):
        replies.append(_summary(s.learn, kb))
    return replies


def _verdict(shown: Scenario, result: PracticeResult, lesson: Lesson,
             kb: KnowledgeBase) -> PracticeReply:
    verdict = evaluate(shown.answers)
    deciding: list[str] = [f for f in ("decision_owner", "accountability") if f in shown.facts]
    deciding += [
        f for w in verdict.warnings for f in _warning_factors(w.code)
        if f in shown.facts and f not in deciding
    ]
    return PracticeReply(
        model=shown.model,
        picked=result.picked,
        reasons=verdict.reasons[:_MAX_REASONS],
        facts=tuple(shown.facts[f] for f in deciding),
        warnings=verdict.warnings,
        passage=_passage(lesson, kb),
    )


def _warning_factors(code: str) -> tuple[str, ...]:
    return tuple(f for f, _ in WARNING_FACTS.get(code, ()))


def _passage(lesson: Lesson, kb: KnowledgeBase) -> PassageView | None:
    """The lesson's first passage that the knowledge base has."""
    for pid in lesson.passages:
        try:
            return view(kb.get(pid))
        except KeyError:
            continue
    return None


def _summary(learning: Learning, kb: KnowledgeBase) -> PathDoneReply:
    missed = [BY_ID[r.lesson] for r in learning.results if not r.right and r.lesson in BY_ID]
    revisit = []
    for lesson in missed:
        titles = []
        for pid in lesson.passages:
            try:
                titles.append(kb.get(pid).title)
            except KeyError:
                continue
        revisit.append(T.LEARN_REVISIT_ITEM.format(lesson=lesson.title, passages="; ".join(titles)))
    return PathDoneReply(right=sum(r.right for r in learning.results), count=len(learning.results),
                         revisit=tuple(revisit), actions=(T.LEARN_AGAIN_ACTION, T.START))
