"""Retries for replies to the Bot Framework connector: exponential backoff with jitter, on tenacity.

The connector (``connector.py``) raises an error carrying ``.status`` and ``.headers`` for a
non-2xx answer; the status decides. 429 (throttled) and 412/500/502/503/504 are transient and
retried; a ``Retry-After`` header is honoured. A 500 is retried too: a reply lost is worse than
the rare duplicate when the connector stored the message before failing. An error marked
``transient`` without a status (the connection failed before any answer) is retried like a 503.
Everything stays inside a deadline so the turn still answers within Teams' 15 seconds.

This replaces the retry of botbuilder's ``ConnectorClient``: msrest's ``ClientRetryPolicy``
(urllib3's ``Retry``: 3 retries, backoff factor 0.8 up to 90 s, on 408 and 5xx but 501/505)
retries neither 429 nor 412 and knows no deadline, and the replies no longer go through that
client (``connector.py``). The loop itself is tenacity's.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, wait_exponential

__all__ = ["RETRY_STATUSES", "RetryPolicy", "SendFailed", "send_with_retry", "status_of"]

T = TypeVar("T")

RETRY_STATUSES = frozenset({412, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 6
    """Tries in all, the first included."""
    base_delay: float = 0.25
    max_delay: float = 4.0


class SendFailed(Exception):
    """A reply could not be delivered; carries no message text (safe to log)."""

    def __init__(self, status: int | None, attempts: int, reason: str) -> None:
        super().__init__(f"reply not delivered after {attempts} attempt(s): {reason}")
        self.status = status
        self.attempts = attempts
        self.reason = reason


def status_of(exc: BaseException) -> int | None:
    """The HTTP status of a connector error, if it has one."""
    status = getattr(exc, "status", None)
    return status if isinstance(status, int) and not isinstance(status, bool) else None


def _transient(exc: BaseException, status: int | None) -> bool:
    if status is not None:
        return status in RETRY_STATUSES
    return getattr(exc, "transient", False) is True


def _retry_after(exc: BaseException) -> float | None:
    headers: Any = getattr(exc, "headers", None)
    if headers is None:
        return None
    try:
        value = headers.get("Retry-After")
        seconds = float(value) if value is not None else None
    except (TypeError, ValueError, AttributeError):
        return None
    return seconds if seconds is not None and seconds >= 0 else None


async def send_with_retry(
    send: Callable[[], Awaitable[T]],
    *,
    policy: RetryPolicy,
    deadline: float,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    jitter: Callable[[], float] = random.random,
) -> T:
    """Call ``send`` until it succeeds, retrying transient statuses until ``deadline``.

    ``deadline`` is on ``clock``'s scale. Raises ``SendFailed`` (status, attempts) otherwise.
    tenacity runs the loop: it computes the wait before it asks whether to stop, so a retry
    whose wait (backoff, or a longer ``Retry-After``) would end past the deadline is not tried.
    """
    exponential = wait_exponential(multiplier=policy.base_delay, max=policy.max_delay)
    attempts = 0

    async def attempt() -> T:
        nonlocal attempts
        attempts += 1
        return await send()

    def wait(state: RetryCallState) -> float:
        delay: float = exponential(state) * (0.5 + jitter() / 2)
        hinted = _retry_after(_error(state))
        return delay if hinted is None else max(delay, hinted)

    def stop(state: RetryCallState) -> bool:
        return attempts >= policy.attempts or clock() + state.upcoming_sleep >= deadline

    def give_up(state: RetryCallState) -> NoReturn:
        exc = _error(state)
        why = "out of attempts" if attempts >= policy.attempts else "out of time"
        raise SendFailed(status_of(exc), attempts, f"{_what(exc)}, {why}") from exc

    retrying = AsyncRetrying(
        retry=retry_if_exception(lambda exc: _transient(exc, status_of(exc))),
        wait=wait,
        stop=stop,
        sleep=sleep,
        retry_error_callback=give_up,
    )
    try:
        return await retrying(attempt)
    except SendFailed:
        raise
    except Exception as exc:  # not transient: tenacity hands it back after the first try
        raise SendFailed(status_of(exc), attempts, _what(exc)) from exc


def _error(state: RetryCallState) -> BaseException:
    """The exception of the attempt that just failed."""
    assert state.outcome is not None  # tenacity calls wait, stop and give_up after an attempt
    exc = state.outcome.exception()
    assert exc is not None  # only failed attempts are retried
    return exc


def _what(exc: BaseException) -> str:
    status = status_of(exc)
    return f"status {status}" if status is not None else _name(exc)


def _name(exc: BaseException) -> str:
    """The error's type, and its cause's (``ConnectorError`` from ``ClientConnectorError``)."""
    cause = exc.__cause__
    return type(exc).__name__ + (f" ({type(cause).__name__})" if isinstance(cause, Exception)
                                 else "")
