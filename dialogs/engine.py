"""The guided conversation: ``step(session, turn, kb) -> (session | None, replies)``.

Pure: no I/O, no clock, no platform payloads. ``None`` as the new session means "forget this
conversation" (the caller deletes it). Rejected input returns the session unchanged (the same
object), so callers can skip the save.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dialogs import factors as F
from dialogs import learn
from dialogs import texts as T
from dialogs.answers import answer_question
from dialogs.assess import assess
from dialogs.commands import AnswerIntent, CommandIntent, FreeText, Intent, parse
from dialogs.feedback import Rated, keepable, rated_from
from dialogs.replies import (
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
    new, replies = _apply(current.working_copy(), intent, kb)
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
    return parse(text, session.current if session.stage == "asking" else None)


def _apply(s: Session, intent: Intent, kb: KnowledgeBase) -> Result:
    if _leaves_learning(intent):
        s.learn = s.learn.paused()
    if isinstance(intent, AnswerIntent):
        return _answer(s, intent.factor, intent.answer, kb)
    if isinstance(intent, CommandIntent):
        return _COMMANDS[intent.command](s, intent.rest, kb)
    return _free_text(s, intent, kb)


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


def _advance(s: Session, kb: KnowledgeBase, before: list[Reply]) -> Result:
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


def _recommendation(s: Session, kb: KnowledgeBase, *, early: bool = False) -> RecommendationReply:
    result = assess(s.answers, kb, s.inferred)
    actions = [T.WHY, T.SHARE, T.START_OVER]
    if result.missing:
        actions.insert(1, T.CONTINUE)
    return RecommendationReply(
        assessment=result,
        headline=T.headline(result.model, result.confidence),
        early=early,
        actions=tuple(actions),
    )


# --- commands -----------------------------------------------------------------------------


def _start(s: Session, rest: str, kb: KnowledgeBase) -> Result:
    fresh = s.fresh()
    if rest:
        return _describe(fresh, rest, kb, intro=True)
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
    result = assess(s.answers, kb, s.inferred)
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


def _describe(
    s: Session,
    text: str,
    kb: KnowledgeBase,
    *,
    intro: bool = False,
    inferred: dict[str, Inferred] | None = None,
) -> Result:
    """Pre-fill answers from an engagement description, then ask only what is missing.

    When the description settles the recommendation at once, the recommendation alone is the
    reply: it shows what was picked up, so the intro and the list would only repeat it.
    ``inferred`` is ``infer(text)`` when the caller has it already (inference runs once a turn).
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
        before.append(TextReply(text="\n".join(lines)))
    new, replies = _advance(s, kb, before)
    if replies and isinstance(replies[-1], RecommendationReply):
        replies = [replies[-1]]
    return new, replies


def _free_text(s: Session, intent: FreeText, kb: KnowledgeBase) -> Result:
    if intent.text.isdecimal() and len(intent.text) <= MAX_OPTION_DIGITS:
        return _stray_number(s, int(intent.text))
    if not intent.is_question and s.stage != "asking":
        inferred = infer(intent.text)
        if inferred:
            return _describe(s.fresh(), intent.text, kb, inferred=inferred)
    elif not intent.is_question and s.stage == "asking":
        inferred = infer(intent.text)
        if any(f not in s.answers for f in inferred):
            return _describe(s, intent.text, kb, inferred=inferred)
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
