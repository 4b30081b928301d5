"""The guided conversation: ``step(session, turn, kb) -> (session | None, replies)``.

Pure: no I/O, no clock, no platform payloads. ``None`` as the new session means "forget this
conversation" (the caller deletes it). Rejected input returns the session unchanged (the same
object), so callers can skip the save.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dialogs import corrections, learn
from dialogs import factors as F
from dialogs import texts as T
from dialogs.answers import answer_question
from dialogs.assess import assess
from dialogs.commands import AnswerIntent, CommandIntent, FreeText, Intent, parse
from dialogs.feedback import Rated, keepable, rated_from
from dialogs.replies import (
    Correction,
    Inferred,
    Option,
    PassagesReply,
    QuestionReply,
    QuickAction,
    RecommendationReply,
    Reply,
    TextReply,
)
from dialogs.scoring import settled, warning_factors, what_if
from dialogs.session import Session, Step
from dialogs.turn import MAX_TEXT_CHARS, AnswerAction, CommandAction, Turn
from knowledge import KnowledgeBase

Result = tuple[Session | None, list[Reply]]


def step(session: Session | None, turn: Turn, kb: KnowledgeBase) -> Result:
    """Apply one turn. ``session`` None means the conversation has no stored state yet."""
    current = session or Session()
    picked = learn.pick(current, turn)
    if picked is not None:
        working = current.working_copy()
        replies = learn.answer(working, picked, kb)
        working.turns += 1
        return working, replies
    intent = _intent(current, turn)
    if intent is None:
        return session, [TextReply(text=T.UNKNOWN_ACTION, tone="error")]
    if isinstance(intent, TextReply):
        return session, [intent]
    new, replies = _apply(current.working_copy(), intent, kb, one_shot=turn.surface in ONE_SHOT)
    if new is not None:
        new.turns += 1
        replies = _rateable(new, replies)
    return new, replies


def _rateable(s: Session, replies: list[Reply]) -> list[Reply]:
    """Offer Helpful / Not helpful on knowledge-base answers and recommendations, and remember
    the last of them as what a rating would be about."""
    out: list[Reply] = []
    for reply in replies:
        if isinstance(reply, PassagesReply):
            s.rated = Rated(kind="passages", passages=tuple(p.id for p in reply.passages),
                            question=keepable(reply.question))
            if reply.passages:
                reply = reply.model_copy(
                    update={"actions": (*reply.actions, T.HELPFUL, T.NOT_HELPFUL)})
        elif isinstance(reply, RecommendationReply):
            a = reply.assessment
            s.rated = Rated(kind="recommendation", passages=tuple(p.id for p in a.passages),
                            model=a.model, answers=dict(a.answers))
            reply = reply.model_copy(
                update={"actions": (*reply.actions, T.HELPFUL, T.NOT_HELPFUL)})
        out.append(reply)
    return out


def _intent(session: Session, turn: Turn) -> Intent | TextReply | None:
    action = turn.action
    if isinstance(action, AnswerAction):
        if not F.is_valid(action.factor, action.answer):
            return None
        return AnswerIntent(action.factor, action.answer)
    if isinstance(action, CommandAction):
        if action.command not in _COMMANDS:
            return None
        return CommandIntent(action.command)
    text = (turn.text or "").replace("\x00", "")
    if len(text) > MAX_TEXT_CHARS:
        return TextReply(text=T.TOO_LONG.format(size=len(text), limit=MAX_TEXT_CHARS), tone="error")
    if not text.strip():
        return CommandIntent("help")
    if session.stage != "asking":
        return parse(text, None)
    reading = confirming(session)
    return parse(text, session.current, reading=reading.value if reading else None)


ONE_SHOT = frozenset({"channel", "group"})
"""Surfaces where a description is answered at once (a mention in a channel or group chat):
unconfirmed readings are listed with one-tap corrections instead of being asked about first."""


def _apply(s: Session, intent: Intent, kb: KnowledgeBase, *, one_shot: bool = False) -> Result:
    if _leaves_learning(intent):
        s.learn = s.learn.paused()
    if isinstance(intent, AnswerIntent):
        return _answer(s, intent.factor, intent.answer, kb)
    if isinstance(intent, CommandIntent):
        return _COMMANDS[intent.command](s, intent.rest, kb)
    return _free_text(s, intent, kb, one_shot=one_shot)


def _leaves_learning(intent: Intent) -> bool:
    """Whether the learner leaves the open practice question: anything but asking the knowledge
    base, asking for help or going on with the path."""
    if isinstance(intent, CommandIntent):
        return intent.command not in ("learn", "help", "helpful", "not_helpful")
    if isinstance(intent, FreeText):
        return not intent.is_question
    return True


# --- answers and the next question -------------------------------------------------------


def _answer(s: Session, factor: str, answer: str, kb: KnowledgeBase) -> Result:
    if s.stage == "idle":
        s = s.fresh()
    previous = s.answers.get(factor)
    if previous != answer:
        s.history.append(Step(factor=factor, previous=previous))
        s.answers[factor] = answer
        s.inferred.pop(factor, None)
    if factor in s.unconfirmed:
        s.unconfirmed.remove(factor)  # given by the user, or the reading confirmed
        s.answers = {f: s.answers[f] for f in F.FACTOR_IDS if f in s.answers}
    if s.stage == "done" and s.current is None:
        return s, [_recommendation(s, kb)]
    return _advance(s, kb, [])


def _next_factor(answers: dict[str, str]) -> str | None:
    """The unanswered factor whose answers could move the current leaning most.

    Factors that could still flip the model come first, heaviest first (so the two ownership
    factors lead); then those that could add a warning to the current model; then by weight and
    the contract's order.
    """
    open_factors = [f for f in F.FACTORS if f.id not in answers]
    if not open_factors:
        return None
    flips: dict[str, int] = {}
    for w in what_if(answers):
        if w.factor not in answers:
            flips[w.factor] = flips.get(w.factor, 0) + 1
    warns = set(warning_factors(answers))
    best = min(
        open_factors,
        key=lambda f: (
            -f.weight if flips.get(f.id) else 0.0,
            f.id not in warns,
            -f.weight,
            F.FACTOR_IDS.index(f.id),
        ),
    )
    return best.id


def _to_confirm(s: Session) -> str | None:
    """The first ownership factor whose answer is still an unconfirmed reading of free text:
    no recommendation rests on it before the user confirms or corrects it."""
    return next(
        (f for f in F.OWNERSHIP if f in s.unconfirmed and f in s.inferred and f in s.answers),
        None,
    )


def confirming(s: Session) -> Inferred | None:
    """The reading the open question asks the user to confirm, if it is a confirmation."""
    if s.current is None or s.current not in s.unconfirmed:
        return None
    reading = s.inferred.get(s.current)
    if reading is None or s.answers.get(s.current) != reading.value:
        return None
    return reading


def _advance(
    s: Session, kb: KnowledgeBase, before: list[Reply], *, confirm_first: bool = True
) -> Result:
    confirm = _to_confirm(s) if confirm_first else None
    if confirm is not None:
        s.stage, s.current = "asking", confirm
        return s, [*before, question(s)]
    nxt = _next_factor(s.answers)
    if nxt is None:
        s.stage, s.current = "done", None
        return s, [*before, _recommendation(s, kb)]
    if not s.early_offered and settled(s.answers):
        s.stage, s.current, s.early_offered = "done", None, True
        return s, [*before, _recommendation(s, kb, early=True)]
    s.stage, s.current = "asking", nxt
    return s, [*before, question(s)]


def question(s: Session) -> QuestionReply:
    """The question for the factor being asked."""
    assert s.current is not None
    factor = F.get(s.current)
    actions: list[QuickAction] = []
    if s.history:
        actions.append(T.BACK)
    actions.append(T.START_OVER)
    reading = confirming(s)
    if reading is not None:
        return _confirmation(s, factor, reading, tuple(actions))
    return QuestionReply(
        factor=factor.id,
        prompt=factor.question,
        hint=factor.hint,
        options=tuple(
            Option(id=a.id, label=a.label, explanation=a.explanation) for a in factor.answers
        ),
        number=len(s.answers) + 1,
        answered=len(s.answers),
        total=len(F.FACTORS),
        current=s.answers.get(factor.id),
        actions=tuple(actions),
    )


def _confirmation(
    s: Session, factor: F.Factor, reading: Inferred, actions: tuple[QuickAction, ...]
) -> QuestionReply:
    """Confirm a reading: option 1 is the answer as read (with its evidence quote), the other
    answers follow, so one tap, one click or "1" confirms and any other corrects."""
    read = factor.answer(reading.value)
    others = [a for a in factor.answers if a.id != read.id]
    return QuestionReply(
        factor=factor.id,
        prompt=T.CONFIRM_PROMPT.format(
            reading=T.answer_phrase(factor.id, read.id), evidence=reading.evidence
        ),
        hint=factor.question,
        options=(
            Option(id=read.id, label=T.CONFIRM_YES.format(label=read.label),
                   explanation=read.explanation),
            *(Option(id=a.id, label=a.label, explanation=a.explanation) for a in others),
        ),
        number=len(s.answers) - len(s.unconfirmed) + 1,
        answered=len(s.answers) - len(s.unconfirmed),
        total=len(F.FACTORS),
        progress=T.CONFIRM_PROGRESS,
        actions=actions,
    )


def _recommendation(s: Session, kb: KnowledgeBase, *, early: bool = False) -> RecommendationReply:
    result = assess(s.answers, kb, s.inferred, s.unconfirmed)
    actions = [T.WHY, T.SHARE, T.START_OVER]
    if result.missing:
        actions.insert(1, T.CONTINUE)
    corrections = tuple(
        Correction(factor=f, answer=a.id, label=T.correction_label(f, a.id))
        for f in result.unconfirmed
        if f in F.OWNERSHIP
        for a in F.get(f).answers
        if a.id != s.answers.get(f)
    )
    return RecommendationReply(
        assessment=result,
        headline=T.headline(result.model, result.confidence),
        early=early,
        actions=tuple(actions),
        corrections=corrections,
    )


# --- commands -----------------------------------------------------------------------------


def _start(s: Session, rest: str, kb: KnowledgeBase) -> Result:
    fresh = s.fresh()
    if rest:
        return _describe(fresh, rest, kb, intro=True, one_shot=True)
    return _advance(fresh, kb, [TextReply(text=T.INTRO)])


def _help(s: Session, _rest: str, _kb: KnowledgeBase) -> Result:
    replies: list[Reply] = [TextReply(text=T.HELP, actions=(T.START, T.LEARN))]
    if s.stage == "asking" and s.current:
        replies.append(question(s))
    return s, replies


def _learn(s: Session, _rest: str, kb: KnowledgeBase) -> Result:
    return s, learn.begin(s, kb)


def _rate(helpful: bool) -> Callable[[Session, str, KnowledgeBase], Result]:
    def rate(s: Session, _rest: str, _kb: KnowledgeBase) -> Result:
        if s.rated is None:
            return s, [TextReply(text=T.NOTHING_TO_RATE)]
        if s.rated.rated:
            replies: list[Reply] = [TextReply(text=T.ALREADY_RATED)]
        else:
            feedback = rated_from(s.rated, helpful)
            s.rated = s.rated.model_copy(update={"rated": True})
            replies = [TextReply(text=T.THANKS_HELPFUL if helpful else T.THANKS_NOT_HELPFUL,
                                 tone="success", feedback=feedback)]
        if s.stage == "asking" and s.current:
            replies.append(question(s))
        return s, replies

    return rate


def _back(s: Session, _rest: str, kb: KnowledgeBase) -> Result:
    if not s.history:
        replies: list[Reply] = [TextReply(text=T.NOTHING_TO_UNDO)]
        if s.stage == "asking" and s.current:
            replies.append(question(s))
        return s, replies
    last = s.history.pop()
    if last.previous is None:
        s.answers.pop(last.factor, None)
        if last.factor in s.unconfirmed:
            s.unconfirmed.remove(last.factor)
    else:
        s.answers[last.factor] = last.previous
    s.stage, s.current = "asking", last.factor
    return s, [question(s)]


def _why(s: Session, _rest: str, kb: KnowledgeBase) -> Result:
    if not s.answers:
        return s, [TextReply(text=T.NO_ANSWERS_YET, actions=(T.START,))]
    result = assess(s.answers, kb, s.inferred, s.unconfirmed)
    lines = [f"Current leaning: {T.headline(result.model, result.confidence)}.", *result.reasons]
    flips = [T.what_if_sentence(w) for w in result.what_if[:4]]
    if flips:
        lines.append("What would change it: " + " ".join(flips))
    if result.missing:
        lines.append(f"Still open: {', '.join(F.get(f).topic for f in result.missing)}.")
    replies: list[Reply] = [TextReply(text="\n".join(lines))]
    if s.stage == "asking" and s.current:
        replies.append(question(s))
    return s, replies


def _reset(s: Session, _rest: str, _kb: KnowledgeBase) -> Result:
    return Session(turns=s.turns, assessments=s.assessments), [
        TextReply(text=T.RESET, actions=(T.START,))
    ]


def _forget(_s: Session, _rest: str, _kb: KnowledgeBase) -> Result:
    return None, [TextReply(text=T.FORGOTTEN, tone="success", actions=(T.START,))]


def _continue(s: Session, _rest: str, kb: KnowledgeBase) -> Result:
    if s.stage == "idle":
        return s, [TextReply(text=T.NOT_ASSESSING, actions=(T.START,))]
    s.early_offered = True
    if _next_factor(s.answers) is None:
        return s, [TextReply(text=T.ALL_ANSWERED), _recommendation(s, kb)]
    return _advance(s, kb, [])


def _finish(s: Session, _rest: str, kb: KnowledgeBase) -> Result:
    if not s.answers:
        return s, [TextReply(text=T.NO_ANSWERS_YET, actions=(T.START,))]
    s.stage, s.current = "done", None
    return s, [_recommendation(s, kb)]


def _share(s: Session, _rest: str, kb: KnowledgeBase) -> Result:
    if not s.answers:
        return s, [TextReply(text=T.NO_ANSWERS_YET, actions=(T.START,))]
    return s, [_recommendation(s, kb)]


_COMMANDS = {
    "start": _start,
    "help": _help,
    "back": _back,
    "why": _why,
    "reset": _reset,
    "forget": _forget,
    "continue": _continue,
    "finish": _finish,
    "share": _share,
    "learn": _learn,
    "helpful": _rate(True),
    "not_helpful": _rate(False),
}


# --- free text: descriptions and questions ----------------------------------------------------


def infer(text: str) -> dict[str, Inferred]:
    """``dialogs.inference.infer``, imported on first use: a conversation that never describes
    a deal (and ``advisor chat`` at start-up) does not load the rule tables."""
    from dialogs.inference import infer as run

    return run(text)


def hypothetical(text: str) -> bool:
    """``dialogs.inference.hypothetical``, imported on first use like ``infer``."""
    from dialogs.inference import hypothetical as run

    return run(text)


def _describe(
    s: Session,
    text: str,
    kb: KnowledgeBase,
    *,
    intro: bool = False,
    inferred: dict[str, Inferred] | None = None,
    one_shot: bool = False,
) -> Result:
    """Pre-fill answers from an engagement description, then ask only what is missing.

    When the description settles the recommendation at once, the recommendation alone is the
    reply: it shows what was picked up, so the intro and the list would only repeat it.
    ``inferred`` is ``infer(text)`` when the caller has it already (inference runs once a turn).
    In the guided conversation the ownership readings are confirmed first (``_advance``); a
    one-shot description (``assess TEXT``, a mention in a channel) is answered at once, its
    unconfirmed readings listed with one-tap corrections and the confidence capped.
    """
    inferred = infer(text) if inferred is None else inferred
    found = {f: inf for f, inf in inferred.items() if f not in s.answers}
    before: list[Reply] = [TextReply(text=T.INTRO)] if intro else []
    if found:
        for factor_id, inf in found.items():
            s.answers[factor_id] = inf.value
            s.inferred[factor_id] = inf
            s.history.append(Step(factor=factor_id, previous=None))
        s.answers = {f: s.answers[f] for f in F.FACTOR_IDS if f in s.answers}
        s.unconfirmed = [f for f in F.FACTOR_IDS if f in found or f in s.unconfirmed]
        lines = [T.PREFILLED] + [
            f'- {T.answer_phrase(f, inf.value)} (from "{inf.evidence}")' for f, inf in found.items()
        ]
        lines.append(T.CORRECTABLE)
        before.append(TextReply(text="\n".join(lines)))
    asked = hypothetical(text)
    if asked:  # "what if ...?": the answer says it is about that situation
        before.append(TextReply(text=T.HYPOTHETICAL))
    new, replies = _advance(s, kb, before, confirm_first=not one_shot)
    if replies and isinstance(replies[-1], RecommendationReply):
        replies = [TextReply(text=T.HYPOTHETICAL), replies[-1]] if asked else [replies[-1]]
    return new, replies


def _correct(s: Session, changes: dict[str, str], kb: KnowledgeBase) -> Result:
    """Apply a correction in plain words; say what changed and what it does to the leaning."""
    before = assess(s.answers, kb, s.inferred, s.unconfirmed).model
    lines = []
    for factor_id, answer in changes.items():
        previous = s.answers.get(factor_id)
        if previous == answer:
            lines.append(T.CORRECTION_SAME.format(reading=T.answer_phrase(factor_id, answer)))
        else:
            s.history.append(Step(factor=factor_id, previous=previous))
            was = F.get(factor_id).answer(previous).label.lower() if previous else T.NOT_SET
            lines.append(T.CORRECTION_CHANGED.format(
                topic=F.get(factor_id).topic, was=was,
                now=F.get(factor_id).answer(answer).label.lower()))
        s.answers[factor_id] = answer
        s.inferred.pop(factor_id, None)
        if factor_id in s.unconfirmed:
            s.unconfirmed.remove(factor_id)
    s.answers = {f: s.answers[f] for f in F.FACTOR_IDS if f in s.answers}
    after = assess(s.answers, kb, s.inferred, s.unconfirmed).model
    if after != before:
        lines.append(T.CORRECTION_MOVES.format(was=F.SHORT_NAMES[before], now=F.SHORT_NAMES[after]))
    else:
        lines.append(T.CORRECTION_KEEPS.format(model=F.SHORT_NAMES[after]))
    note: list[Reply] = [TextReply(text="\n".join(lines), tone="success")]
    if s.stage == "done" and s.current is None:
        return s, [*note, _recommendation(s, kb)]
    return _advance(s, kb, note)


def _free_text(
    s: Session, intent: FreeText, kb: KnowledgeBase, *, one_shot: bool = False
) -> Result:
    if s.stage != "idle" and s.answers:
        changes = corrections.read(intent.text, infer)
        if changes:
            return _correct(s, changes, kb)
    if intent.text.isdecimal() and len(intent.text) <= MAX_OPTION_DIGITS:
        return _stray_number(s, int(intent.text))
    # a question that describes a situation ("would it still be augmentation if their lead
    # sets every priority?") is assessed for that situation, and the answer says so
    describes = not intent.is_question or (
        hypothetical(intent.text) and any(f in F.OWNERSHIP for f in infer(intent.text)))
    if describes and s.stage != "asking":
        inferred = infer(intent.text)
        if inferred:
            return _describe(s.fresh(), intent.text, kb, inferred=inferred, one_shot=one_shot)
    elif not intent.is_question and s.stage == "asking":
        inferred = infer(intent.text)
        if any(f not in s.answers for f in inferred):
            return _describe(s, intent.text, kb, inferred=inferred, one_shot=one_shot)
    replies: list[Reply] = [answer_question(intent.text, kb)]
    if s.learn.awaiting:
        replies.append(learn.practice_question(s))
    elif s.stage == "asking" and s.current:
        replies.append(TextReply(text=T.BACK_TO))
        replies.append(question(s))
    return s, replies


MAX_OPTION_DIGITS = 3
"""A bare number this short is someone picking an option, not a question to look up."""


def _stray_number(s: Session, number: int) -> Result:
    """A number that answers nothing: not one of the current question's options, or typed when
    no question is open. Say what would work instead of searching the knowledge base for it."""
    if s.stage == "asking" and s.current:
        count = len(F.get(s.current).answers)
        return s, [TextReply(text=T.NOT_AN_OPTION.format(number=number, count=count)),
                   question(s)]
    if s.stage == "done" and _next_factor(s.answers) is not None:
        return s, [TextReply(text=T.NO_QUESTION_OPEN_DONE, actions=(T.WHY, T.CONTINUE, T.START))]
    if s.stage == "done":
        return s, [TextReply(text=T.NO_QUESTION_OPEN_ALL, actions=(T.WHY, T.START_OVER))]
    return s, [TextReply(text=T.NO_QUESTION_OPEN_IDLE, actions=(T.START,))]


__all__: Sequence[str] = ("answer_question", "question", "step")
