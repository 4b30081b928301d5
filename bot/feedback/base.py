"""The feedback store protocol and its entry. Backends: ``memory.py`` and ``redis.py``.

An entry holds passage ids, the model and the factor answers; the question text only when the
operator turned that on (``ADVISOR_FEEDBACK_KEEP_QUESTIONS``), and then with its own, shorter
retention. ``conversation`` is a hash of the conversation id, so ``forget`` can find a user's
entries without the store naming the user.
"""

# No ``from __future__ import annotations``: pydantic would compile and evaluate every string
# annotation when each model class is created (about a millisecond per module at start-up).

from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

EntryKind = Literal["passages", "recommendation", "unanswered"]


class FeedbackUnavailable(Exception):
    """The feedback store could not be reached; the turn goes on without recording."""


class FeedbackEntry(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    at: float = Field(description="unix time of the rating")
    conversation: str = Field(description="hash of the conversation id (for forget)")
    platform: str
    kind: EntryKind
    helpful: bool | None = Field(description="None for a question that found nothing")
    passages: tuple[str, ...] = ()
    model: str | None = None
    answers: dict[str, str] = Field(default_factory=dict)
    question: str | None = None


class FeedbackStore(Protocol):
    async def record(self, entry: FeedbackEntry) -> None:
        """Keep ``entry`` until its retention ends. Raises ``FeedbackUnavailable``."""
        ...

    async def since(self, cutoff: float) -> list[FeedbackEntry]:
        """Entries rated at or after ``cutoff`` (unix time), oldest first."""
        ...

    async def forget(self, conversation: str) -> None:
        """Delete every entry of one conversation (its hash, as in ``FeedbackEntry``)."""
        ...
