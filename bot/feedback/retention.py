"""How long feedback is kept: one rule for every backend."""

from __future__ import annotations

from dataclasses import dataclass

from bot.feedback.base import FeedbackEntry

DAY = 86400


@dataclass(frozen=True, slots=True)
class Retention:
    days: int = 90
    question_days: int = 30

    def seconds(self, entry: FeedbackEntry) -> int:
        """An entry with question text lives no longer than the questions' retention."""
        days = min(self.days, self.question_days) if entry.question else self.days
        return days * DAY
