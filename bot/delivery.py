"""Reply deliveries: counted by platform and result, and whether a platform refuses our
credentials (an ERROR when it starts, a gauge, and ``/readyz``'s body).

The platforms call ``record`` once per reply message they try to send. While a turn's replies
are sent inside ``tracking()`` (the turn runner does this), a failed one marks the turn
undelivered, so ``advisor_turns_total{outcome="ok"}`` counts only turns the user saw.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

from bot.meters import TurnMetrics

log = logging.getLogger("advisor.delivery")

Result = Literal["delivered", "plain_fallback", "failed", "rate_limited", "auth_failed"]
SHOWN: frozenset[str] = frozenset({"delivered", "plain_fallback"})
"""Results the user saw (``plain_fallback``: the text without blocks)."""

SLACK_AUTH_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"}
)
"""Slack Web API errors that mean the token itself is refused."""


@dataclass
class Tracker:
    undelivered: int = 0


_current: ContextVar[Tracker | None] = ContextVar("advisor_delivery", default=None)


@contextmanager
def tracking() -> Iterator[Tracker]:
    """Count the failed deliveries ``record`` sees in this context (one turn's replies)."""
    tracker = Tracker()
    token = _current.set(tracker)
    try:
        yield tracker
    finally:
        _current.reset(token)


def record(metrics: TurnMetrics, platform: str, result: Result, *, why: str = "") -> None:
    """One reply message's fate. ``why`` (an error code, never a body or token) goes in the
    log when the platform starts or stops refusing the credentials."""
    metrics.replies.labels(platform, result).inc()
    if result not in SHOWN:
        tracker = _current.get()
        if tracker is not None:
            tracker.undelivered += 1
    if result == "auth_failed":
        auth_refused(metrics, platform, why or "auth error")
    elif result in SHOWN:
        auth_accepted(metrics, platform)


def auth_refused(metrics: TurnMetrics, platform: str, why: str) -> None:
    """The platform rejects the credentials: ERROR once per change, gauge 1."""
    if metrics.auth_problems.get(platform) != why:
        log.error("%s rejects the advisor's credentials (%s): no reply can be delivered until "
                  "they are fixed", platform, why, extra={"platform": platform})
    metrics.auth_problems[platform] = why
    metrics.auth_failing.labels(platform).set(1)


def auth_accepted(metrics: TurnMetrics, platform: str) -> None:
    """The platform accepted the credentials (a delivery, or ``auth.test`` at start)."""
    if metrics.auth_problems.get(platform) is not None:
        log.warning("%s accepts the advisor's credentials again", platform,
                    extra={"platform": platform})
    metrics.auth_problems[platform] = None
    metrics.auth_failing.labels(platform).set(0)


def slack_result(status: int | None, error: str) -> Result:
    """A failed Slack call's result from its HTTP status and ``error`` code."""
    if error in SLACK_AUTH_ERRORS or status == 401:
        return "auth_failed"
    if error == "ratelimited" or status == 429:
        return "rate_limited"
    return "failed"


def connector_result(status: int | None) -> Result:
    """A failed Teams connector call's result from its HTTP status."""
    if status in (401, 403):
        return "auth_failed"
    if status == 429:
        return "rate_limited"
    return "failed"
