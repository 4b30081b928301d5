"""Retries for replies to the Bot Framework connector: exponential backoff with jitter.

The connector (``connector.py``) raises an error carrying ``.status`` and ``.headers`` for a
non-2xx answer; the status decides. 429 (throttled) and 412/500/502/503/504 are transient and
retried; a ``Retry-After`` header is honoured. A 500 is retried too: a reply lost is worse than
the rare duplicate when the connector stored the message before failing. An error marked
``transient`` without a status (the connection failed before any answer) is retried like a 503.
Everything stays inside a deadline so the turn still answers within Teams' 15 seconds.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

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
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            return await send()
        except Exception as exc:
            status = status_of(exc)
            what = f"status {status}" if status is not None else _name(exc)
            if not _transient(exc, status):
                raise SendFailed(status, attempt, what) from exc
            if attempt >= policy.attempts:
                raise SendFailed(status, attempt, f"{what}, out of attempts") from exc
            backoff = min(policy.max_delay, policy.base_delay * 2 ** (attempt - 1))
            delay = backoff * (0.5 + jitter() / 2)
            hinted = _retry_after(exc)
            if hinted is not None:
                delay = max(delay, hinted)
            if clock() + delay >= deadline:
                raise SendFailed(status, attempt, f"{what}, out of time") from exc
            await sleep(delay)


def _name(exc: BaseException) -> str:
    """The error's type, and its cause's (``ConnectorError`` from ``ClientConnectorError``)."""
    cause = exc.__cause__
    return type(exc).__name__ + (f" ({type(cause).__name__})" if isinstance(cause, Exception)
                                 else "")
