"""Connector retries: which statuses, how long, and never past the deadline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.teams.connector import ConnectorError
from bot.teams.retry import RetryPolicy, SendFailed, send_with_retry, status_of


def _http_error(status: int, headers: dict[str, str] | None = None) -> ConnectorError:
    """What the connector raises for a non-2xx answer."""
    return ConnectorError(status, retry_after=(headers or {}).get("Retry-After"))


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


Send = Callable[[], Awaitable[str]]


def _sender(failures: list[Exception]) -> tuple[list[int], Send]:
    calls: list[int] = []

    async def send() -> str:
        calls.append(1)
        if failures:
            raise failures.pop(0)
        return "sent"

    return calls, send


async def _run(send: Send, clock: _Clock, *, deadline: float = 100.0,
               policy: RetryPolicy | None = None) -> str:
    return await send_with_retry(
        send,
        policy=policy or RetryPolicy(attempts=6, base_delay=0.25, max_delay=4.0),
        deadline=deadline, clock=clock, sleep=clock.sleep, jitter=lambda: 1.0,
    )


@pytest.mark.parametrize("status", [412, 429, 500, 502, 503, 504])
async def test_transient_statuses_are_retried(status: int) -> None:
    clock = _Clock()
    calls, send = _sender([_http_error(status), _http_error(status)])
    assert await _run(send, clock) == "sent"
    assert len(calls) == 3
    assert clock.sleeps == [0.25, 0.5]  # exponential (jitter pinned to its top)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 413])
async def test_other_statuses_fail_at_once(status: int) -> None:
    clock = _Clock()
    calls, send = _sender([_http_error(status)])
    with pytest.raises(SendFailed) as failed:
        await _run(send, clock)
    assert failed.value.status == status and failed.value.attempts == 1
    assert len(calls) == 1 and clock.sleeps == []


async def test_errors_without_a_status_are_not_retried() -> None:
    clock = _Clock()
    calls, send = _sender([RuntimeError("boom with secret text")])
    with pytest.raises(SendFailed) as failed:
        await _run(send, clock)
    assert failed.value.status is None and "secret" not in str(failed.value)
    assert len(calls) == 1


async def test_backoff_is_capped_and_attempts_are_bounded() -> None:
    clock = _Clock()
    calls, send = _sender([_http_error(429) for _ in range(10)])
    with pytest.raises(SendFailed) as failed:
        await _run(send, clock)
    assert len(calls) == 6 and failed.value.attempts == 6
    assert clock.sleeps == [0.25, 0.5, 1.0, 2.0, 4.0]


async def test_jitter_spreads_the_delay() -> None:
    clock = _Clock()
    _, send = _sender([_http_error(429)])
    await send_with_retry(send, policy=RetryPolicy(base_delay=1.0), deadline=100, clock=clock,
                          sleep=clock.sleep, jitter=lambda: 0.0)
    assert clock.sleeps == [0.5]


async def test_retry_after_is_honoured() -> None:
    clock = _Clock()
    _, send = _sender([_http_error(429, {"Retry-After": "3"})])
    assert await _run(send, clock) == "sent"
    assert clock.sleeps == [3.0]


async def test_never_sleeps_past_the_deadline() -> None:
    clock = _Clock()
    calls, send = _sender([_http_error(429, {"Retry-After": "30"})])
    with pytest.raises(SendFailed, match="out of time"):
        await _run(send, clock, deadline=12.0)
    assert clock.sleeps == [] and len(calls) == 1


def test_status_of() -> None:
    assert status_of(_http_error(429)) == 429
    assert status_of(ConnectorError(None, transient=True)) is None
    assert status_of(ValueError()) is None


async def test_a_connection_that_failed_before_any_answer_is_retried() -> None:
    clock = _Clock()
    unreachable = ConnectorError(None, transient=True, reason="ClientConnectorError")
    calls, send = _sender([unreachable, unreachable])
    assert await _run(send, clock) == "sent"
    assert len(calls) == 3 and clock.sleeps == [0.25, 0.5]


async def test_a_connection_failure_that_never_ends_gives_up_without_a_status() -> None:
    clock = _Clock()
    calls, send = _sender([ConnectorError(None, transient=True) for _ in range(10)])
    with pytest.raises(SendFailed) as failed:
        await _run(send, clock)
    assert failed.value.status is None and failed.value.attempts == 6 == len(calls)
    assert "out of attempts" in failed.value.reason
