"""How long feedback is kept: one rule for every backend."""

from __future__ import annotations

from dataclasses import dataclass

from bot.feedback.base import FeedbackEntry

DAY = 86400


@dataclass(frozen=True, slots=True)
class Retention:
    """``ADVISOR_FEEDBACK_TTL_DAYS`` and ``ADVISOR_FEEDBACK_QUESTION_TTL_DAYS`` (defaults in
    ``Settings``; ``bot.feedback.factory.retention_of``)."""

    days: int
    question_days: int

    def seconds(self, entry: FeedbackEntry) -> int:
        """An entry with question text lives no longer than the questions' retention."""
        days = min(self.days, self.question_days) if entry.question else self.days
        return days * DAY
