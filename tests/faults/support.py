"""Helpers of the fault suite: answer plans, session checks and the log rule.

The log rule (``assert_clean_log``): a fault may be *reported* in the log, never *crash*
anything. So a test fails on

* any record at ERROR or above (the turn boundary's ``turn failed`` with its stack, the
  background-task reaper's ``background task failed``, aiohttp's ``Error handling request``,
  asyncio's ``Task exception was never retrieved``, botbuilder's ``teams turn failed``: each
  of those means an exception escaped the code that should have handled it), and
* any record that carries a traceback, except the ones listed in ``EXPECTED_TRACEBACKS``: the
  turn boundary's ``turn failed: session store unavailable`` warning, which logs the
  ``StoreUnavailable`` chain on purpose (operators need to see *why* Redis failed) and answers
  the user with the polite "can't reach my memory" reply.

Warnings without a traceback (a reply that could not be delivered, a claim that could not be
released) are the documented way of reporting a fault and are allowed; tests that expect one
assert on it explicitly.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import pytest
import redis.asyncio

from bot.store.keys import KeyScheme
from dialogs.session import Session
from tests.support.profiles import PROFILES

EXPECTED_TRACEBACKS: frozenset[tuple[str, str]] = frozenset({
    ("advisor.turns", "turn failed: session store unavailable"),
})
"""(logger, message) pairs allowed to carry a traceback, at WARNING only."""

_FORMAT = logging.Formatter()

MANAGED = PROFILES["managed_services"]
"""An answer for every factor; the plan every fault conversation follows."""


def assert_clean_log(
    caplog: pytest.LogCaptureFixture,
    *,
    expected: Iterable[tuple[str, str]] = EXPECTED_TRACEBACKS,
    forbid: Iterable[str] = (),
) -> None:
    """No ERROR records, no unexpected tracebacks, and none of ``forbid`` in any message."""
    allowed = set(expected)
    bad: list[str] = []
    for record in caplog.records:
        message = record.getMessage()
        where = f"{record.name} {record.levelname}: {message}"
        if record.levelno >= logging.ERROR:
            bad.append(f"error record: {where}")
        elif (record.exc_info or record.exc_text) and (record.name, message) not in allowed:
            bad.append(f"unexpected traceback: {where}")
        trace = _FORMAT.formatException(record.exc_info) if record.exc_info else ""
        for secret in forbid:
            if secret in message or secret in trace:
                bad.append(f"message text leaked into the log: {where}")
    assert not bad, "\n".join(bad)


async def raw_session(admin: redis.asyncio.Redis, keys: KeyScheme, session_id: str) -> bytes | None:
    """The session's stored bytes, read behind the bot's back (no proxy, no store code)."""
    value = await admin.get(keys.session(session_id))
    assert value is None or isinstance(value, bytes)
    return value


def assert_consistent(session: Session | None, clicked: list[tuple[str, str]], *,
                      turns: int | None = None) -> None:
    """Every acknowledged answer applied exactly once: answers, history and counters agree."""
    assert session is not None, "the conversation's session is gone"
    expected = dict(clicked)
    assert session.answers == expected, (session.answers, expected)
    history = [step.factor for step in session.history]
    assert history == list(expected), f"history {history} != answers in click order {list(expected)}"
    assert len(set(history)) == len(history), f"an answer was applied twice: {history}"
    if turns is not None:
        assert session.turns == turns, f"turns {session.turns}, expected {turns}"
    assert session.rev >= 1
