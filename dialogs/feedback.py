"""Feedback on answers: what the last answer was, and a user's rating of it.

The engine keeps the last rateable answer (a knowledge-base answer or a recommendation) in the
session as :class:`Rated`; ``helpful`` / ``not helpful`` turn it into a :class:`Feedback` that
rides on the thank-you reply, for the turn boundary to record. Neither holds platform data. The
question text is kept in the session (which expires and which ``forget`` deletes) so that an
operator who enables it can keep the questions curators should read; by default the recorded
feedback holds only passage ids, the model and the factor answers.
"""

# No ``from __future__ import annotations``: pydantic would compile and evaluate every string
# annotation when each model class is created (about a millisecond per module at start-up).

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["passages", "recommendation"]

MAX_QUESTION_CHARS = 300
"""Questions kept for curators are cut to this length."""


class Rated(BaseModel):
    """The last answer a user can rate."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    kind: Kind
    passages: tuple[str, ...] = ()
    model: str | None = None
    answers: dict[str, str] = Field(default_factory=dict)
    question: str | None = Field(default=None, description="the question, for passage answers")
    rated: bool = Field(default=False, description="already rated once")


class Feedback(BaseModel):
    """One rating, as the turn boundary records it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    helpful: bool
    kind: Kind
    passages: tuple[str, ...] = ()
    model: str | None = None
    answers: dict[str, str] = Field(default_factory=dict)
    question: str | None = None


def keepable(question: str) -> str:
    """``question`` cut to ``MAX_QUESTION_CHARS``, with anything UTF-8 cannot carry (a lone
    surrogate from a broken client) replaced, so the session stays encodable."""
    cut = question[:MAX_QUESTION_CHARS]
    return cut.encode("utf-8", "replace").decode("utf-8")


def rated_from(rated: Rated, helpful: bool) -> Feedback:
    return Feedback(
        helpful=helpful,
        kind=rated.kind,
        passages=rated.passages,
        model=rated.model,
        answers=dict(rated.answers),
        question=rated.question,
    )
