"""The knowledge base's value types: topics, passages, search hits and the loading error."""

# No ``from __future__ import annotations``: pydantic would compile and evaluate every string
# annotation when each model class is created (about a millisecond per module at start-up).

import re
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, field_validator

TOPICS: Final[tuple[str, ...]] = (
    "definitions",
    "ownership",
    "managed_services",
    "staff_augmentation",
    "fit_criteria",
    "mixing_models",
    "scaling_limits",
    "cost_misconception",
    "examples",
    "leadership_impact",
    "escalation_governance",
    "readiness",
)

SLUG: Final = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE: Final = re.compile(SLUG)


class KnowledgeError(ValueError):
    """A passage file or a knowledge-base directory is invalid; the message names file and problem.

    ``problems`` holds one human-readable line per problem.
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(problems) if problems else (message,)


def check_topics(topics: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [t for t in topics if t not in TOPICS]
    if unknown:
        raise ValueError(f"unknown topic(s) {unknown}; allowed: {', '.join(TOPICS)}")
    if len(set(topics)) != len(topics):
        raise ValueError("topics are repeated")
    return topics


class Passage(BaseModel):
    """One curated passage. ``text`` is the body as plain prose: stripped, each paragraph on one
    line, paragraphs separated by a blank line."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    topics: tuple[str, ...] = Field(min_length=1)
    questions: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    text: str = Field(min_length=1)

    _topics = field_validator("topics")(check_topics)


class Hit(BaseModel):
    """A search result.

    ``score`` is in (0, 1]: the passage's BM25 score divided by the most any passage could
    score for the query's known terms (the sum, over those terms, of the best single-passage
    contribution of each). 1.0 means no passage could match the query's vocabulary better.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    passage: Passage
    score: float
