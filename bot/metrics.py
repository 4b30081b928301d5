"""Prometheus metrics, one registry per application (tests build many).

Names follow Prometheus's conventions and pass ``promtool check metrics`` (tested on a live
scrape, tests/server/test_metrics.py); docs/operations.md lists them with the alert rules.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    Info,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        r = self.registry
        self.turns = Counter(
            "advisor_turns",
            "Turns handled, by outcome (ok, undelivered: applied but a reply was not delivered, "
            "rejected, duplicate, store_unavailable, newer_session, error)",
            ["platform", "outcome"],
            registry=r,
        )
        self.replies = Counter(
            "advisor_replies",
            "Reply messages sent to a platform, by result (delivered, plain_fallback, failed, "
            "rate_limited, auth_failed)",
            ["platform", "result"],
            registry=r,
        )
        self.api_seconds = Histogram(
            "advisor_platform_api_seconds",
            "Outbound platform API calls (Slack Web API, response_url, Teams connector), "
            "SDK retries included",
            ["platform", "method"],
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=r,
        )
        self.auth_failing = Gauge(
            "advisor_platform_auth_failing",
            "1 while the platform rejects the advisor's credentials (Slack invalid_auth, "
            "token_revoked...; Teams connector 401/403), else 0",
            ["platform"],
            registry=r,
        )
        self.http_requests = Counter(
            "advisor_http_requests",
            "HTTP requests served, by route and status class (2xx, 4xx, 5xx)",
            ["route", "status"],
            registry=r,
        )
        Info("advisor_build", "The advisor's version", registry=r).info({"version": _version()})
        # prometheus_client's standard collectors (process_*, python_info, python_gc_*).
        ProcessCollector(registry=r)
        PlatformCollector(registry=r)
        GCCollector(registry=r)
        self.auth_problems: dict[str, str | None] = {}
        """Per platform: why its credentials are being refused (None: accepted lately)."""
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
            "advisor_knowledge_questions",
            "Questions put to the knowledge base, by whether passages were found",
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


def _version() -> str:
    try:
        return version("engagement-advisor")
    except PackageNotFoundError:  # pragma: no cover - running from an unpacked tree
        return "unknown"
