"""The Slack Web API and the Teams connector answering 429/500/503 in bursts.

The promise: a reply is retried and eventually delivered (once), or, when the platform keeps
failing past the retry budget, the failure is logged without message text and nothing crashes.
Either way the turn itself was applied exactly once, and the next turn works.

Slack's budget (``bot/slack/app.py``): slack_sdk's retry handlers share one attempt counter per
call; 429s are retried up to ``RATE_LIMIT_RETRIES`` times after ``Retry-After``, 500/503 once
(``SERVER_ERROR_RETRIES``), and the server-error retry is only available while fewer than that
many attempts were made, so a 5xx *after* a 429 is not retried. Teams' budget
(``bot/teams/retry.py``): 429, 412 and 5xx are retried with backoff (and ``Retry-After``)
inside the reply deadline, up to the policy's attempts.
"""

from __future__ import annotations

import logging

import pytest

from bot.slack import app as slack_app
from bot.store.redis import RedisSessionStore
from bot.teams.adapter import TEAMS_OPTIONS
from tests.faults.flows import Seen, SlackDM, teams_answer, teams_start, teams_step
from tests.faults.support import MANAGED, assert_clean_log, assert_consistent
from tests.standins.connector import ConnectorStandIn
from tests.standins.slack_api import SlackStandIn
from tests.support.apps import MakeSlack, MakeTeams
from tests.teams.support import Chat

pytestmark = pytest.mark.redis

SECRET_TEXT = "our confidential merger with Initech"
"""Typed by the user in the failing turns: must never reach the log."""


@pytest.fixture
async def dm(make_slack: MakeSlack, redis_store: RedisSessionStore) -> SlackDM:
    """A DM with the whole app (Slack mounted) on the shared Redis."""
    return SlackDM(await make_slack(redis_store))


@pytest.fixture
async def chat(make_teams: MakeTeams, redis_store: RedisSessionStore) -> Chat:
    """A Teams chat with the whole app (Teams in local mode) on the shared Redis."""
    return await make_teams(redis_store)


def slack_failures(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records
            if r.name == "advisor.slack" and "failed" in r.getMessage()]


async def slack_burst(
    dm: SlackDM, slack_api: SlackStandIn, method: str, statuses: list[int]
) -> tuple[str, Seen, list[int]]:
    """Start, make ``method`` answer ``statuses`` in a row, then answer the first question.

    A DM text answer is posted (chat.postMessage); a click updates in place (chat.update).
    Returns the first question, what the answer turn showed and ``method``'s statuses in it.
    """
    first = await dm.start()
    for status in statuses:
        slack_api.fail(method, status=status, retry_after=0)
    mark = len(slack_api.calls)
    if method == "chat.postMessage":
        seen = await dm.say("1")  # the first option, typed
    else:
        seen = await dm.click(first)
    return first, seen, [c.status for c in slack_api.calls[mark:] if c.method == method]


# --- Slack ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "statuses"), [
    ("chat.postMessage", [429, 429, 429]),
    ("chat.postMessage", [503]),
    ("chat.postMessage", [500]),
    ("chat.update", [429, 429]),
    ("chat.update", [503]),
])
async def test_slack_burst_within_the_budget_is_retried_and_delivered_once(
    dm: SlackDM, redis_store: RedisSessionStore, slack_api: SlackStandIn,
    caplog: pytest.LogCaptureFixture, method: str, statuses: list[int],
) -> None:
    first, seen, attempts = await slack_burst(dm, slack_api, method, statuses)
    assert attempts == [*statuses, 200], attempts
    assert attempts.count(200) == 1, "delivered exactly once"
    assert seen.question not in (None, first) or seen.models
    session = await redis_store.load(dm.session_id)
    assert session is not None and session.turns == 2 and first in session.answers
    assert not slack_failures(caplog)
    assert_clean_log(caplog, forbid=[SECRET_TEXT])


@pytest.mark.parametrize(("method", "statuses"), [
    ("chat.postMessage", [503, 503]),
    ("chat.postMessage", [500, 500, 500]),
    ("chat.postMessage", [429, 503]),
    ("chat.postMessage", [429, 429, 429, 429]),
    ("chat.update", [500, 503]),
])
async def test_slack_burst_past_the_budget_is_logged_without_text_and_the_turn_stands(
    dm: SlackDM, redis_store: RedisSessionStore, slack_api: SlackStandIn,
    caplog: pytest.LogCaptureFixture, method: str, statuses: list[int],
) -> None:
    first, seen, attempts = await slack_burst(dm, slack_api, method, statuses)
    assert 200 not in attempts and len(attempts) <= slack_app.RATE_LIMIT_RETRIES + 1, attempts
    assert seen.questions == [] and seen.models == []
    (failure,) = slack_failures(caplog)
    assert failure.levelno == logging.WARNING
    assert f"HTTP {statuses[len(attempts) - 1]}" in failure.getMessage()
    # The answer was applied (once) even though its reply was lost; the user asks again.
    session = await redis_store.load(dm.session_id)
    assert session is not None and session.turns == 2
    second = session.current
    seen = await dm.say("help")
    assert seen.question == second
    clicked = [(first, session.answers[first])]
    assert_consistent(await redis_store.load(dm.session_id), clicked, turns=3)
    # A failing question turn: the failure is logged, the question is not.
    for status in statuses:
        slack_api.fail("chat.postMessage", status=status, retry_after=0)
    await dm.say(f"what about {SECRET_TEXT}?")
    assert len(slack_failures(caplog)) == 2
    assert_clean_log(caplog, forbid=[SECRET_TEXT])


async def test_slack_slash_response_url_burst(
    redis_store: RedisSessionStore, make_slack: MakeSlack, slack_api: SlackStandIn,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """``response_url`` deliveries (slash commands, ephemeral clicks) retry 429s too."""
    slack = await make_slack(redis_store)
    slack_api.fail("response_url", status=429, retry_after=0, times=2)
    await slack.command("U0SLASH", "C0FAULTS", "ask what is an SLA?")
    hooks = [c.status for c in slack_api.calls if c.method == "response_url"]
    assert hooks == [429, 429, 200], hooks
    slack_api.fail("response_url", status=500, times=5)
    await slack.command("U0SLASH", "C0FAULTS", f"ask {SECRET_TEXT}?")
    hooks = [c.status for c in slack_api.calls if c.method == "response_url"]
    assert 200 not in hooks[3:], hooks
    assert any(r.name == "advisor.slack" and "response_url" in r.getMessage()
               for r in caplog.records)
    assert_clean_log(caplog, forbid=[SECRET_TEXT])


# --- Teams ------------------------------------------------------------------------------------


async def test_teams_mixed_burst_mid_assessment_is_delivered_and_applied_once(
    chat: Chat, redis_store: RedisSessionStore, connector: ConnectorStandIn,
    caplog: pytest.LogCaptureFixture,
) -> None:
    first = await teams_start(chat)
    connector.fail_next(1, 429, retry_after=0.01)
    connector.fail_next(1, 503)
    connector.fail_next(1, 502)
    connector.fail_next(1, 429)
    mark = len(connector.calls)
    seen = await teams_step(chat, teams_answer(chat, first))
    assert chat.last_status == 201
    statuses = [c.status for c in connector.calls[mark:]]
    assert statuses == [429, 503, 502, 429, 200], statuses
    assert seen.question not in (None, first)
    assert_consistent(await redis_store.load(chat.session_id), [(first, MANAGED[first])],
                      turns=2)
    assert_clean_log(caplog)


async def test_teams_5xx_past_the_budget_keeps_the_answer_and_the_next_turn_shows_the_place(
    chat: Chat, redis_store: RedisSessionStore, connector: ConnectorStandIn,
    caplog: pytest.LogCaptureFixture,
) -> None:
    first = await teams_start(chat)
    attempts = chat.client.server.app[TEAMS_OPTIONS].retry.attempts  # type: ignore[index]
    connector.fail_next(attempts, 500)
    connector.fail_next(1, 503)
    seen = await teams_step(chat, teams_answer(chat, first))
    assert chat.last_status == 201 and seen.questions == []
    (failure,) = [r for r in caplog.records if r.getMessage() == "teams reply not delivered"]
    assert getattr(failure, "status", None) == 500
    assert getattr(failure, "attempts", None) == attempts
    help_mark = len(connector.calls)
    seen = await teams_step(chat, chat.activity(text="help"))
    assert seen.question not in (None, first), "the answer was applied; the next question shows"
    assert_consistent(await redis_store.load(chat.session_id), [(first, MANAGED[first])],
                      turns=3)
    assert_clean_log(caplog)
    after = [c.status for c in connector.calls[help_mark:]]
    assert after[0] == 503 and set(after[1:]) == {200}, f"the next turn retried too: {after}"


async def test_teams_retry_after_past_the_deadline_gives_up_at_once(
    chat: Chat, redis_store: RedisSessionStore, connector: ConnectorStandIn,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A Retry-After longer than what is left of Teams' 15 s is not waited for."""
    connector.fail_next(1, 429, retry_after=60)
    await teams_step(chat, chat.activity(text=f"start {SECRET_TEXT}"))
    assert chat.last_status == 201
    statuses = [c.status for c in connector.calls]
    assert statuses == [429], f"a retry that could not come in time was sent: {statuses}"
    (failure,) = [r for r in caplog.records if r.getMessage() == "teams reply not delivered"]
    assert getattr(failure, "status", None) == 429 and "out of time" in failure.reason  # type: ignore[attr-defined]
    session = await redis_store.load(chat.session_id)
    assert session is not None and session.turns == 1
    assert_clean_log(caplog, forbid=[SECRET_TEXT])
