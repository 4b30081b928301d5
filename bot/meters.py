"""What the turn boundary and the reply deliveries count, as a protocol with two implementations:
the server's Prometheus metrics (``bot.metrics.Metrics``, exported on ``/metrics``) and
``NoMetrics`` for the console, which exports nothing and so never imports prometheus_client
(12 ms of every ``advisor chat`` start, docs/performance.md).

The members are the subset of prometheus_client's metric API the callers use (``labels(...)``
then ``inc``, ``observe`` or ``set``), so ``Metrics`` satisfies the protocol as it is.
"""

from __future__ import annotations

from typing import Protocol


class Count(Protocol):
    def inc(self, amount: float = 1) -> None: ...


class Observe(Protocol):
    def observe(self, amount: float) -> None: ...


class Set(Protocol):
    def set(self, value: float) -> None: ...


class Counts(Protocol):
    def labels(self, *labelvalues: str) -> Count: ...


class Observes(Protocol):
    def labels(self, *labelvalues: str) -> Observe: ...


class Sets(Protocol):
    def labels(self, *labelvalues: str) -> Set: ...


class TurnMetrics(Protocol):
    """The counters of turns and deliveries (``bot.metrics.Metrics`` documents each one)."""

    @property
    def turns(self) -> Counts: ...
    @property
    def turn_seconds(self) -> Observes: ...
    @property
    def redis_errors(self) -> Count: ...
    @property
    def recommendations(self) -> Counts: ...
    @property
    def kb_questions(self) -> Counts: ...
    @property
    def assessments_started(self) -> Count: ...
    @property
    def assessments_finished(self) -> Count: ...
    @property
    def questions_asked(self) -> Counts: ...
    @property
    def lessons_started(self) -> Count: ...
    @property
    def lessons_completed(self) -> Count: ...
    @property
    def practice_answers(self) -> Counts: ...
    @property
    def feedback(self) -> Counts: ...
    @property
    def replies(self) -> Counts: ...
    @property
    def api_seconds(self) -> Observes: ...
    @property
    def auth_failing(self) -> Sets: ...
    @property
    def auth_problems(self) -> dict[str, str | None]:
        """Per platform: why its credentials are being refused (None: accepted lately)."""
        ...


class _Nothing:
    """Any metric, labelled or not, that records nothing."""

    def labels(self, *labelvalues: str) -> _Nothing:
        return self

    def inc(self, amount: float = 1) -> None:
        pass

    def observe(self, amount: float) -> None:
        pass

    def set(self, value: float) -> None:
        pass


class NoMetrics:
    """``TurnMetrics`` that count nothing: the console's (it has no ``/metrics`` to serve)."""

    def __init__(self) -> None:
        self.auth_problems: dict[str, str | None] = {}

    turns = turn_seconds = redis_errors = recommendations = kb_questions = _Nothing()
    assessments_started = assessments_finished = questions_asked = _Nothing()
    lessons_started = lessons_completed = practice_answers = feedback = _Nothing()
    replies = api_seconds = auth_failing = _Nothing()


__all__ = ["NoMetrics", "TurnMetrics"]
