"""A neutral reply document: what a reply says and how it is organised, for any renderer.

The engine's replies (``dialogs.replies``) carry data; :func:`build` turns each one into a typed
document (an eyebrow line, a headline, lead blocks, sections with headings, notes, actions) of
paragraphs, choices, bullets, fact rows, quotes, callouts and passages, with every title taken
from ``dialogs.texts``. The Slack, Teams and terminal renderers only decide how each block type
looks on their surface, so a wording or layout change is made once, here. A surface without
buttons draws :class:`Choices` as numbered lines (typing the number answers) and actions as the
words to type (Rasa's OutputChannel fallback).

Every string is plain text (no markup): renderers escape it for their own format. ``id``s are
stable machine names the renderers turn into their markers (``advisor:{id}`` block ids in Slack,
``advisor-{id}`` element ids in Teams).
"""

# No ``from __future__ import annotations``: pydantic would compile and evaluate every string
# annotation when each model class is created (about a millisecond per module at start-up).

from typing import Literal

from pydantic import BaseModel, ConfigDict

from dialogs import factors as F
from dialogs import texts as T
from dialogs.replies import (
    Correction,
    LessonReply,
    PassagesReply,
    PassageView,
    PathDoneReply,
    PracticeReply,
    QuestionReply,
    QuickAction,
    RecommendationReply,
    Reply,
    TextReply,
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)
    """``defer_build``: each block type builds its validator when a reply first uses it, not
    at import (2-3 ms of every start-up); ``dialogs.deferred.build_all`` builds them all
    (``advisor serve``)."""


class Fact(_Frozen):
    """One row of a comparison: ``label`` and ``value``; ``ratio`` (0-1) when it is a score."""

    label: str
    value: str
    ratio: float | None = None


class Facts(_Frozen):
    kind: Literal["facts"] = "facts"
    id: str
    rows: tuple[Fact, ...]


class Bullets(_Frozen):
    kind: Literal["bullets"] = "bullets"
    items: tuple[str, ...]


class Quote(_Frozen):
    text: str
    evidence: str


class Quotes(_Frozen):
    kind: Literal["quotes"] = "quotes"
    items: tuple[Quote, ...]


class Callout(_Frozen):
    kind: Literal["callout"] = "callout"
    code: str
    severity: Literal["warning", "info"]
    text: str


class Passages(_Frozen):
    kind: Literal["passages"] = "passages"
    items: tuple[PassageView, ...]
    role: Literal["answer", "suggestion"] = "suggestion"
    """``answer``: passages answering the user's question (shown whole); ``suggestion``: further
    reading beside a recommendation (a renderer may shorten them)."""


class Note(_Frozen):
    """A quiet line (context): not answered yet, stopped early."""

    kind: Literal["note"] = "note"
    id: str
    text: str


class Text(_Frozen):
    """A paragraph (it may hold several lines) in a tone: an error, a success, or plain."""

    kind: Literal["text"] = "text"
    id: str
    text: str
    tone: Literal["info", "error", "success"] = "info"


class Choice(_Frozen):
    """One answer to the open question: a short ``label`` for a button, the full wording in
    ``detail`` (shown in the body and as a tooltip)."""

    answer: str
    label: str
    detail: str
    current: bool = False


class Choices(_Frozen):
    """The answers of the open question ``factor``: buttons (value ``FACTOR=VALUE``), or numbered
    lines where a surface has no buttons."""

    kind: Literal["choices"] = "choices"
    factor: str
    items: tuple[Choice, ...]


class SubSection(_Frozen):
    heading: str
    block: Bullets
    severity: Literal["warning", "info"] = "info"


Block = Facts | Bullets | Quotes | Callout | Passages | Note | Text | Choices


class Section(_Frozen):
    id: str
    heading: str
    blocks: tuple[Block, ...] = ()
    parts: tuple[SubSection, ...] = ()
    detail: bool = False
    """Detail a renderer may fold away (behind "Show details") on a small screen."""


class Document(_Frozen):
    id: str
    """``{kind}:{name}``: ``q:scope``, ``rec:mismatch``, ``text:error``, ``ask``, ..."""
    summary: str
    """One plain line for notifications (Slack's top-level text, a Teams activity summary)."""
    eyebrow: Note | None = None
    """A small line above the headline: the question's progress, the question being answered."""
    headline: str = ""
    tone: Literal["info", "error", "success"] = "info"
    """How the headline reads: a right practice answer is a success."""
    lead: tuple[Block, ...] = ()
    """Essentials shown right under the headline (the score comparison or the split)."""
    sections: tuple[Section, ...] = ()
    notes: tuple[Note, ...] = ()
    actions: tuple[QuickAction, ...] = ()
    corrections: tuple[Correction, ...] = ()
    """One-tap corrections of unconfirmed readings: answer buttons (``FACTOR=VALUE``)."""
    query: str = ""
    """The user's question a passage answer answers (a share button can carry it)."""


# --- building -------------------------------------------------------------------------------


def build(reply: Reply) -> Document:
    """The document of any reply."""
    if isinstance(reply, TextReply):
        return text(reply)
    if isinstance(reply, RecommendationReply):
        return recommendation(reply)
    if isinstance(reply, QuestionReply):
        return question(reply)
    if isinstance(reply, PassagesReply):
        return passages(reply)
    if isinstance(reply, LessonReply):
        return lesson(reply)
    if isinstance(reply, PracticeReply):
        return practice(reply)
    return path_done(reply)


def text(reply: TextReply) -> Document:
    """A plain reply: one paragraph (of one or more lines) in its tone, and its actions."""
    return Document(
        id=f"text:{reply.tone}",
        summary=reply.text,
        lead=(Text(id=f"text:{reply.tone}", text=reply.text, tone=reply.tone),),
        actions=reply.actions,
    )


def welcome() -> Document:
    """What the advisor says when it is added to a chat, team or channel."""
    return Document(
        id="welcome",
        summary=T.HELP,
        lead=(Text(id="welcome", text=T.HELP),),
        actions=(T.START, T.LEARN, T.HELP_ACTION),
    )


def question(q: QuestionReply) -> Document:
    progress = T.progress(q)
    lead: list[Block] = [Note(id=f"hint:{q.factor}", text=q.hint)] if q.hint else []
    lead.append(Choices(factor=q.factor, items=tuple(
        Choice(answer=o.id, label=o.label, detail=o.explanation, current=o.id == q.current)
        for o in q.options
    )))
    return Document(
        id=f"q:{q.factor}",
        summary=f"{progress}: {q.prompt}",
        eyebrow=Note(id=f"progress:{q.factor}", text=progress),
        headline=q.prompt,
        lead=tuple(lead),
        actions=q.actions,
    )


def passages(reply: PassagesReply) -> Document:
    """An answer from the knowledge base: the passages, or the fallback when none is relevant."""
    lead: Block
    if reply.passages:
        lead = Passages(items=reply.passages, role="answer")
        summary = T.FROM_KNOWLEDGE_BASE.format(titles="; ".join(p.title for p in reply.passages))
    else:
        summary = reply.fallback or T.HELP
        lead = Text(id="fallback", text=summary)
    return Document(
        id="ask",
        summary=summary,
        eyebrow=Note(id="ask", text=T.YOU_ASKED.format(question=reply.question)),
        lead=(lead,),
        actions=reply.actions,
        query=reply.question,
    )


def lesson(reply: LessonReply) -> Document:
    headline = T.LESSON.format(number=reply.number, count=reply.count, title=reply.title)
    notes = (Note(id="read-more", text=T.LESSON_READ_MORE.format(title=reply.read_more)),)
    return Document(
        id=f"lesson:{reply.id}",
        summary=headline,
        headline=headline,
        lead=(Text(id="lesson", text=reply.text),),
        notes=notes if reply.read_more else (),
        actions=reply.actions,
    )


def practice(reply: PracticeReply) -> Document:
    """The verdict on a practice answer: why, the deciding facts, the passage that teaches it."""
    name = F.SHORT_NAMES[reply.model]
    headline = (T.PRACTICE_RIGHT.format(model=name) if reply.right
                else T.PRACTICE_WRONG.format(model=name, picked=F.SHORT_NAMES[reply.picked]))
    sections: list[Section] = []
    if reply.reasons:
        sections.append(Section(id="reasons", heading=T.SECTION_WHY,
                                blocks=(Bullets(items=reply.reasons),)))
    facts: list[Block] = [Bullets(items=tuple(T.QUOTED.format(text=f) for f in reply.facts))]
    facts += [Callout(code=w.code, severity="warning", text=w.message) for w in reply.warnings]
    if reply.facts or reply.warnings:
        sections.append(Section(id="facts", heading=T.PRACTICE_FACTS, blocks=tuple(facts)))
    if reply.passage:
        sections.append(Section(id="passage", heading=T.PRACTICE_PASSAGE,
                                blocks=(Passages(items=(reply.passage,), role="answer"),)))
    return Document(
        id=f"practice:{'right' if reply.right else 'wrong'}",
        summary=headline,
        headline=headline,
        tone="success" if reply.right else "info",
        sections=tuple(sections),
        actions=reply.actions,
    )


def path_done(reply: PathDoneReply) -> Document:
    headline = T.LEARN_DONE.format(right=reply.right, count=reply.count)
    revisit = Section(id="revisit", heading=T.LEARN_REVISIT, blocks=(Bullets(items=reply.revisit),))
    return Document(
        id="learn:done",
        summary=headline,
        headline=headline,
        tone="success",
        lead=() if reply.revisit else (Text(id="all-right", text=T.LEARN_ALL_RIGHT),),
        sections=(revisit,) if reply.revisit else (),
        actions=reply.actions,
    )


def recommendation(rec: RecommendationReply) -> Document:
    a = rec.assessment
    lead: tuple[Block, ...] = ()
    if a.model == F.MISMATCH:
        lead = (Facts(id="split", rows=split_rows(a.answers)),)
    elif a.scores:
        lead = (Facts(id="scores", rows=tuple(
            Fact(label=F.SHORT_NAMES[m].capitalize(), value=T.score_value(v), ratio=v)
            for m, v in a.scores.items()
        )),)
    sections: list[Section] = []
    if a.warnings:
        sections.append(Section(id="warnings", heading=T.SECTION_WARNINGS, blocks=tuple(
            Callout(code=w.code, severity="warning", text=w.message) for w in a.warnings
        )))
    if a.reasons:
        sections.append(Section(id="reasons", heading=T.SECTION_WHY,
                                blocks=(Bullets(items=a.reasons),)))
    if a.call_prep.ask or a.call_prep.red_flags:
        parts = []
        if a.call_prep.ask:
            parts.append(SubSection(heading=T.SECTION_ASK, block=Bullets(items=a.call_prep.ask)))
        if a.call_prep.red_flags:
            parts.append(SubSection(heading=T.SECTION_RED_FLAGS, severity="warning",
                                    block=Bullets(items=a.call_prep.red_flags)))
        sections.append(Section(id="call-prep", heading=T.SECTION_CALL_PREP, parts=tuple(parts)))
    if a.inferred:
        quotes = tuple(Quote(text=T.answer_phrase(f, i.value), evidence=i.evidence)
                       for f, i in a.inferred.items())
        sections.append(Section(id="inferred", heading=T.SECTION_INFERRED,
                                blocks=(Quotes(items=quotes),), detail=True))
    if a.what_if:
        flips = tuple(T.what_if_sentence(w) for w in a.what_if[:T.MAX_WHAT_IF])
        sections.append(Section(id="what-if", heading=T.SECTION_WHAT_IF,
                                blocks=(Bullets(items=flips),), detail=True))
    if a.passages:
        sections.append(Section(id="read-more", heading=T.SECTION_READ_MORE,
                                blocks=(Passages(items=a.passages),), detail=True))
    notes: list[Note] = []
    if a.unconfirmed:  # not folded away: the confidence shown depends on it
        notes.append(Note(id="unconfirmed", text=T.unconfirmed_note(a.unconfirmed)))
    if a.missing:
        names = ", ".join(F.get(f).topic if f in F.BY_ID else f for f in a.missing)
        notes.append(Note(id="missing", text=T.NOT_ANSWERED.format(topics=names)))
    if rec.early:
        notes.append(Note(id="early", text=T.EARLY))
    headline = T.RECOMMENDATION.format(headline=rec.headline)
    return Document(
        id=f"rec:{a.model}",
        summary=headline,
        headline=headline,
        lead=lead,
        sections=tuple(sections),
        notes=tuple(notes),
        actions=rec.actions,
        corrections=rec.corrections,
    )


def split_rows(answers: dict[str, str]) -> tuple[Fact, ...]:
    """Who decides and who answers for results: the two halves of a mismatch."""
    rows = []
    for factor_id, label in ((F.OWNERSHIP[0], T.SPLIT_DECIDES), (F.OWNERSHIP[1], T.SPLIT_ANSWERS)):
        answer = answers.get(factor_id)
        value = F.get(factor_id).answer(answer).label if answer else T.SPLIT_UNKNOWN
        rows.append(Fact(label=label, value=value))
    return tuple(rows)
