"""Prometheus metrics, one registry per application (tests build many)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        r = self.registry
        self.turns = Counter("advisor_turns", "Turns handled", ["platform", "outcome"], registry=r)
        self.turn_seconds = Histogram(
            "advisor_turn_seconds",
            "Turn latency at the turn boundary",
            ["platform"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
            registry=r,
        )
        self.shed = Counter(
            "advisor_shed_requests",
            "Platform requests refused with 503 before acknowledgement: work in flight was at "
            "ADVISOR_MAX_IN_FLIGHT (the platform redelivers)",
            ["platform"],
            registry=r,
        )
        self.recommendations = Counter(
            "advisor_recommendations", "Recommendations given", ["model"], registry=r
        )
        self.kb_questions = Counter(
            "advisor_kb_questions",
            "Questions put to the knowledge base",
            ["answered"],
            registry=r,
        )
        self.assessments_started = Counter(
            "advisor_assessments_started", "Assessments started", registry=r
        )
        self.assessments_finished = Counter(
            "advisor_assessments_finished",
            "Assessments that reached a recommendation",
            registry=r,
        )
        self.questions_asked = Counter(
            "advisor_questions_asked",
            "Assessment questions shown, by factor (drop-off)",
            ["factor"],
            registry=r,
        )
        self.lessons_started = Counter(
            "advisor_lessons_started", "Learn-path lessons begun (a resumed lesson counts once)",
            registry=r,
        )
        self.lessons_completed = Counter(
            "advisor_lessons_completed", "Learn-path lessons whose practice was answered",
            registry=r,
        )
        self.practice_answers = Counter(
            "advisor_practice_answers",
            "Practice scenarios answered, by the scenario's model and whether the answer was right",
            ["model", "result"],
            registry=r,
        )
        self.feedback = Counter(
            "advisor_feedback",
            "Ratings of answers, by what was rated (passages, recommendation) and the rating",
            ["kind", "rating"],
            registry=r,
        )
        self.redis_errors = Counter(
            "advisor_redis_errors",
            "Turns that failed because the store was unreachable",
            registry=r,
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
