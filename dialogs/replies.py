"""Neutral replies: what the engine says, for a console, Slack or Teams renderer to draw.

Every string here is plain text (no markup): renderers escape it for their own format.
"""

# No ``from __future__ import annotations``: pydantic would compile and evaluate every string
# annotation when each model class is created (about a millisecond per module at start-up).

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from dialogs.feedback import Feedback


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)


class QuickAction(_Frozen):
    """A command the user can take next, drawn as a button or a numbered hint."""

    command: str
    label: str


class Option(_Frozen):
    id: str
    label: str
    explanation: str


class PassageView(_Frozen):
    id: str
    title: str
    topics: tuple[str, ...]
    text: str
    score: float | None = None


class TextReply(_Frozen):
    kind: Literal["text"] = "text"
    text: str
    tone: Literal["info", "error", "success"] = "info"
    actions: tuple[QuickAction, ...] = ()
    feedback: Feedback | None = Field(
        default=None, description="a rating for the turn boundary to record (not drawn)"
    )


class QuestionReply(_Frozen):
    kind: Literal["question"] = "question"
    factor: str
    prompt: str
    hint: str
    options: tuple[Option, ...]
    number: int = Field(description="1-based position of this question among the factors asked")
    answered: int = Field(description="factors answered so far")
    total: int = Field(description="number of factors")
    current: str | None = Field(default=None, description="the answer already given, if any")
    progress: str | None = Field(
        default=None, description='shown instead of "Question N of M" (practice questions)'
    )
    actions: tuple[QuickAction, ...] = ()


class Warning(_Frozen):
    code: str
    message: str


class WhatIf(_Frozen):
    factor: str
    answer: str
    model: str


class CallPrep(_Frozen):
    ask: tuple[str, ...]
    red_flags: tuple[str, ...]


class Inferred(_Frozen):
    value: str
    evidence: str
    rule: str = Field(default="", description="the stable id of the rule that produced it")

    @model_serializer(mode="wrap")
    def _drop_empty_rule(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # A reading stored by an older release has no rule: it is written back as it was read.
        data: dict[str, Any] = handler(self)
        if not self.rule:
            data.pop("rule", None)
        return data


class Assessment(_Frozen):
    """The engine's verdict: the JSON of ``advisor assess --json`` is this object."""

    model: Literal["managed_services", "staff_augmentation", "mismatch"]
    confidence: float
    scores: dict[str, float]
    answers: dict[str, str]
    inferred: dict[str, Inferred]
    unconfirmed: tuple[str, ...] = Field(
        default=(),
        description="inferred factors the model depends on that the user has not confirmed",
    )
    missing: tuple[str, ...]
    warnings: tuple[Warning, ...]
    reasons: tuple[str, ...]
    what_if: tuple[WhatIf, ...]
    call_prep: CallPrep
    passages: tuple[PassageView, ...]


class Correction(_Frozen):
    """A one-tap correction of an unconfirmed reading: drawn as a button whose value is
    ``FACTOR=VALUE`` (Slack), a card action (Teams) or a typed hint (console)."""

    factor: str
    answer: str
    label: str


class RecommendationReply(_Frozen):
    kind: Literal["recommendation"] = "recommendation"
    assessment: Assessment
    headline: str
    early: bool = Field(default=False, description="finished before every factor was answered")
    actions: tuple[QuickAction, ...] = ()
    corrections: tuple[Correction, ...] = Field(
        default=(), description="other answers for the unconfirmed ownership readings"
    )


class PassagesReply(_Frozen):
    kind: Literal["passages"] = "passages"
    question: str
    passages: tuple[PassageView, ...]
    fallback: str | None = None
    actions: tuple[QuickAction, ...] = ()


class LessonReply(_Frozen):
    """A lesson of the learn path (its practice question follows as a QuestionReply)."""

    kind: Literal["lesson"] = "lesson"
    id: str
    number: int
    count: int
    title: str
    text: str
    read_more: str | None = Field(default=None, description="the title of the passage to read")
    actions: tuple[QuickAction, ...] = ()


class PracticeReply(_Frozen):
    """The verdict on a practice answer: the right model, why, and the facts that decide it."""

    kind: Literal["practice"] = "practice"
    model: str
    picked: str
    reasons: tuple[str, ...]
    facts: tuple[str, ...] = Field(description="the scenario's sentences that decide it")
    warnings: tuple[Warning, ...] = ()
    passage: PassageView | None = Field(default=None, description="the passage that teaches it")
    actions: tuple[QuickAction, ...] = ()

    @property
    def right(self) -> bool:
        return self.model == self.picked


class PathDoneReply(_Frozen):
    """The end of the learn path: the score and the lessons worth another look."""

    kind: Literal["path_done"] = "path_done"
    right: int
    count: int
    revisit: tuple[str, ...] = Field(default=(), description="'lesson title (read: passages)'")
    actions: tuple[QuickAction, ...] = ()


Reply = Annotated[
    TextReply
    | QuestionReply
    | RecommendationReply
    | PassagesReply
    | LessonReply
    | PracticeReply
    | PathDoneReply,
    Field(discriminator="kind"),
]
