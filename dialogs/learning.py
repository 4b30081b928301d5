"""A learner's progress along the learn path, stored with the session (Redis in production)."""

# No ``from __future__ import annotations``: pydantic would compile and evaluate every string
# annotation when each model class is created (about a millisecond per module at start-up).

from pydantic import BaseModel, ConfigDict, Field


class PracticeResult(BaseModel):
    """One answered practice scenario."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    lesson: str
    model: str = Field(description="the scenario's model")
    picked: str = Field(description="the learner's answer")

    @property
    def right(self) -> bool:
        return self.picked == self.model


class Learning(BaseModel):
    """Where the learner is: the lesson, whether its practice question is open, what was right.

    ``lesson`` is the index of the lesson being taken (``len(LESSONS)`` once the path is done);
    ``seed`` picks that lesson's scenario, so a resumed lesson shows the same one; ``started``
    counts the lessons begun this round (the metrics count its growth, never a re-show).
    """

    model_config = ConfigDict(defer_build=True)

    lesson: int = 0
    awaiting: bool = False
    seed: int = 0
    started: int = 0
    round: int = 0
    left: bool = Field(default=False, description="left the path with a practice question open")
    results: list[PracticeResult] = Field(default_factory=list)

    @property
    def begun(self) -> bool:
        return self.started > 0

    def paused(self) -> "Learning":
        """The same progress with no practice question open (the learner went elsewhere)."""
        if not self.awaiting:
            return self
        return self.model_copy(update={"awaiting": False, "left": True})
