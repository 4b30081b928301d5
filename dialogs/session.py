"""The conversation's state: a pydantic model stored as JSON (never pickle)."""

# No ``from __future__ import annotations``: pydantic would compile and evaluate every string
# annotation when each model class is created (about a millisecond per module at start-up).

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from dialogs.feedback import Rated
from dialogs.learning import Learning
from dialogs.replies import Inferred

SCHEMA_VERSION = 2
"""Bump when the shape changes; ``bot/store/migrations.py`` then gets the step from the previous
version (sessions written by older releases are migrated on load, never discarded).

History: 1, the first shape; 2, ``unconfirmed`` (answers that rest on a reading of free text)."""

Stage = Literal["idle", "asking", "done"]


class Step(BaseModel):
    """One applied answer, kept so ``back`` can undo it. Immutable, so copies can share it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    factor: str
    previous: str | None = None


class Session(BaseModel):
    model_config = ConfigDict(defer_build=True)

    schema_version: int = SCHEMA_VERSION
    rev: int = Field(default=0, description="compare-and-set revision, managed by the store")
    stage: Stage = "idle"
    answers: dict[str, str] = Field(default_factory=dict)
    inferred: dict[str, Inferred] = Field(default_factory=dict)
    history: list[Step] = Field(default_factory=list)
    current: str | None = Field(default=None, description="the factor being asked")
    early_offered: bool = Field(default=False, description="the early finish was announced")
    turns: int = Field(default=0, description="turns applied to this session")
    assessments: int = Field(default=0, description="assessments started in this conversation")
    unconfirmed: list[str] = Field(
        default_factory=list,
        description="factors whose answer was read from free text and not yet given or confirmed "
        "by the user (in factor order); what issue 13's confirmation step works from",
    )
    learn: Learning = Field(default_factory=Learning, description="progress on the learn path")
    rated: Rated | None = Field(default=None, description="the last answer the user can rate")

    def fresh(self) -> "Session":
        """A new assessment in the same conversation (counters carry over)."""
        return Session(
            turns=self.turns,
            assessments=self.assessments + 1,
            learn=self.learn.paused(),
            rated=self.rated,
        )

    def working_copy(self) -> "Session":
        """A copy the engine may change without touching this one: new containers holding the
        same (immutable) items. Much cheaper than a deep copy, which the engine paid per turn."""
        return self.model_copy(update={
            "answers": dict(self.answers),
            "inferred": dict(self.inferred),
            "history": list(self.history),
            "unconfirmed": list(self.unconfirmed),
        })

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, raw: str | bytes) -> "Session":
        return cls.model_validate_json(raw)
