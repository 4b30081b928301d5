"""Slack delivering one event four times (at once and late), and 50 concurrent turns on one
conversation, through the HTTP app, with two bot processes sharing one Redis.

"Two processes" are two instances of the application, each with its own ``RedisSessionStore``
(its own connection pool, its own in-process lock table), exactly what two pods behind a load
balancer are to Redis. Slack's deliveries of one event may reach different pods.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import redis.asyncio

from bot.store.keys import KeyScheme
from bot.store.redis import RedisSessionStore
from dialogs import factors as F
from tests.faults.conftest import REDIS_DB
from tests.faults.flows import SlackDM, seen_slack, teams_answer, teams_start, teams_step
from tests.faults.support import MANAGED, assert_clean_log, assert_consistent, raw_session
from tests.slack.support import SlackDriver, find_button
from tests.standins.slack_api import SlackStandIn
from tests.support.apps import MakeSlack, MakeTeams
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.redis

RETRY_HEADERS: list[dict[str, str]] = [
    {},
    {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    {"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_timeout"},
    {"X-Slack-Retry-Num": "3", "X-Slack-Retry-Reason": "http_error"},
]


@pytest.fixture
async def two_processes(
    make_slack: MakeSlack, redis_store: RedisSessionStore, other_store: RedisSessionStore
) -> tuple[SlackDriver, SlackDriver]:
    """The app twice behind one Slack: on ``redis_store`` and on ``other_store``."""
    a, b = await make_slack(redis_store), await make_slack(other_store)
    share_ids(a, b)
    return a, b


def share_ids(a: SlackDriver, b: SlackDriver) -> None:
    """One Slack: event ids, timestamps and action stamps are unique across both drivers."""
    b._ids = a._ids


@pytest.fixture
async def other_store(keys: KeyScheme, redis_url: str) -> Any:
    """A second process's store: same Redis, same key space, its own pool and locks."""
    store = RedisSessionStore.from_url(redis_url, prefix=keys.prefix, ttl_seconds=600)
    yield store
    await store.close()


async def settle(*drivers: SlackDriver) -> None:
    for _ in range(3):  # a turn on one process can wait on the other's claim: settle twice more
        for d in drivers:
            await d.settle()


async def four_at_once(
    a: SlackDriver, b: SlackDriver,
    send: Callable[[SlackDriver, dict[str, str]], Awaitable[tuple[int, str]]],
) -> None:
    """``send(process, retry_headers)`` four times at once, alternating b, a, b, a, with Slack's
    retry headers; every delivery must be acknowledged. Then both processes settle."""
    results = await asyncio.gather(*(
        send(a if i % 2 else b, headers) for i, headers in enumerate(RETRY_HEADERS)))
    assert [s for s, _ in results] == [200] * 4, "every delivery is acknowledged"
    await settle(a, b)


def dm_event(slack: SlackDriver, user: str, text: str) -> dict[str, Any]:
    return slack.event_body({
        "type": "message", "channel_type": "im", "user": user, "channel": "D" + user[1:],
        "ts": slack.ts(), "text": text, "team": slack.team,
    })


# --- the same event four times ------------------------------------------------------------------


async def test_same_event_four_times_at_once_across_two_processes_is_applied_once(
    two_processes: tuple[SlackDriver, SlackDriver], redis_store: RedisSessionStore,
    slack_api: SlackStandIn, caplog: pytest.LogCaptureFixture,
) -> None:
    a, b = two_processes
    dm = SlackDM(a)
    first = await dm.start()
    body = dm_event(a, dm.user, "1")  # answers the first question with its first option
    mark = len(slack_api.calls)
    await four_at_once(a, b, lambda process, headers: process.post_json(body, headers=headers))
    seen = seen_slack([c for c in slack_api.messages if slack_api.calls.index(c) >= mark])
    assert len(seen.questions) == 1, f"answered once, not {len(seen.questions)} times"
    session = await redis_store.load(dm.session_id)
    assert_consistent(session, [(first, F.get(first).answer_ids[0])], turns=2)
    assert session is not None and session.rev == 2
    assert_clean_log(caplog)


async def test_same_event_redelivered_late_three_times_changes_nothing(
    two_processes: tuple[SlackDriver, SlackDriver], redis_store: RedisSessionStore,
    slack_api: SlackStandIn, redis_admin: redis.asyncio.Redis, keys: KeyScheme,
    caplog: pytest.LogCaptureFixture,
) -> None:
    a, b = two_processes
    dm = SlackDM(a)
    first = await dm.start()
    body = dm_event(a, dm.user, "1")
    assert (await a.post_json(body))[0] == 200
    await settle(a)
    after_first = await raw_session(redis_admin, keys, dm.session_id)
    mark = len(slack_api.calls)
    for i, headers in enumerate(RETRY_HEADERS[1:]):
        driver = b if i % 2 == 0 else a
        assert (await driver.post_json(body, headers=headers))[0] == 200
        await settle(a, b)
    sent = [c for c in slack_api.calls[mark:] if c.method != "auth.test"]
    assert sent == [], "a late redelivery sends nothing"
    assert await raw_session(redis_admin, keys, dm.session_id) == after_first, "byte-identical"
    assert_consistent(await redis_store.load(dm.session_id),
                      [(first, F.get(first).answer_ids[0])], turns=2)
    assert_clean_log(caplog)


async def test_same_mention_four_times_at_once_gets_one_threaded_reply(
    two_processes: tuple[SlackDriver, SlackDriver], redis_store: RedisSessionStore,
    slack_api: SlackStandIn, caplog: pytest.LogCaptureFixture,
) -> None:
    a, b = two_processes
    ts = a.ts()
    body = a.event_body({"type": "app_mention", "user": "U0MENTION", "channel": "C0FAULTS",
                         "ts": ts, "text": "<@UBOTADVSR> start", "team": a.team})
    await four_at_once(a, b, lambda process, headers: process.post_json(body, headers=headers))
    posted = slack_api.of("chat.postMessage")
    assert len(posted) == 1 and posted[0].body.get("thread_ts") == ts
    session = await redis_store.load(f"slack:{a.team}:C0FAULTS:{ts}")
    assert session is not None and session.turns == 1
    assert_clean_log(caplog)


async def test_same_click_four_times_at_once_is_applied_once(
    two_processes: tuple[SlackDriver, SlackDriver], redis_store: RedisSessionStore,
    slack_api: SlackStandIn, caplog: pytest.LogCaptureFixture,
) -> None:
    """Interactivity is not redelivered by Slack, but a double-clicking user or a proxy can."""
    a, b = two_processes
    dm = SlackDM(a)
    first = await dm.start()
    assert dm.question_message is not None
    message = dm.question_message
    block, button = find_button(message.blocks, f"{first}={MANAGED[first]}")
    payload = {
        "type": "block_actions", "user": {"id": dm.user, "team_id": a.team},
        "api_app_id": "A0TESTAPP", "token": "legacy", "team": {"id": a.team},
        "trigger_id": "trigger.click", "response_url": slack_api.response_url(),
        "container": {"type": "message", "message_ts": message.ts, "channel_id": message.channel,
                      "is_ephemeral": False},
        "channel": {"id": message.channel, "name": "directmessage"},
        "message": {"type": "message", "ts": message.ts, "user": "UBOTADVSR",
                    "bot_id": "BBOTADVSR", "blocks": message.blocks},
        "actions": [{"type": "button", "action_id": button["action_id"],
                     "block_id": block["block_id"], "value": button["value"],
                     "action_ts": "1700000999.000001", "text": {"type": "plain_text", "text": "x"}}],
    }
    form = {"payload": json.dumps(payload)}
    mark = len(slack_api.calls)
    await four_at_once(a, b, lambda process, _headers: process.post_form(form))  # no retry headers
    updates = [c for c in slack_api.calls[mark:] if c.method == "chat.update"]
    assert len(updates) == 1, f"{len(updates)} updates for one click"
    assert_consistent(await redis_store.load(dm.session_id), [(first, MANAGED[first])], turns=2)
    assert_clean_log(caplog)


# --- 50 concurrent turns on one conversation ---------------------------------------------------


async def test_fifty_concurrent_slack_turns_on_one_dm_lose_no_update(
    make_slack: MakeSlack, redis_store: RedisSessionStore, proxy: TcpProxy, keys: KeyScheme,
    slack_api: SlackStandIn, caplog: pytest.LogCaptureFixture,
) -> None:
    """Two processes on a jittery link (so their turns overlap and race), 50 turns at once.

    Eight turns click one answer each (every factor), 42 ask questions. Every turn must land:
    ``turns`` counts all 51 (with the opening ``start``), the revision moved once per turn,
    every factor holds its answer and history holds each factor exactly once.
    """
    slow = [RedisSessionStore.from_url(proxy.url(REDIS_DB), prefix=keys.prefix, ttl_seconds=600)
            for _ in range(2)]
    proxy.set_latency(0.001, jitter=0.004)
    try:
        a, b = await make_slack(slow[0]), await make_slack(slow[1])
        share_ids(a, b)
        dm = SlackDM(a)
        await dm.say("start")
        message = dm.question_message
        assert message is not None
        sends = []
        for i in range(50):
            driver = a if i % 2 else b
            if i % 6 == 0 and i // 6 < len(F.FACTORS):
                factor = F.FACTORS[i // 6].id
                sends.append(driver.click_raw(
                    dm.user, channel=message.channel, message_ts=message.ts,
                    value=f"{factor}={MANAGED[factor]}", action_id=f"advisor:answer:{factor}",
                    block_id=f"advisor:answers:{factor}", settle=False))
            else:
                sends.append(driver.post_json(dm_event(driver, dm.user, f"what is an SLA? #{i}")))
        results = await asyncio.gather(*sends)
        assert [s for s, _ in results] == [200] * 50
        await settle(a, b)
        session = await redis_store.load(dm.session_id)
        assert session is not None
        assert session.turns == 51, f"lost updates: {51 - session.turns}"
        assert session.rev == 51
        assert session.answers == MANAGED
        assert sorted(s.factor for s in session.history) == sorted(MANAGED)
        replies = [c for c in slack_api.messages if c.method in ("chat.postMessage", "chat.update")]
        assert len(replies) >= 51
        assert_clean_log(caplog)
    finally:
        for store in slow:
            await store.close()


async def test_fifty_concurrent_teams_turns_on_one_conversation_lose_no_update(
    make_teams: MakeTeams, redis_store: RedisSessionStore, other_store: RedisSessionStore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    one = await make_teams(redis_store)
    two = await make_teams(other_store)
    await teams_start(one)
    activities = []
    for i in range(50):
        chat = one if i % 2 else two
        if i % 6 == 0 and i // 6 < len(F.FACTORS):
            factor = F.FACTORS[i // 6].id
            activities.append((chat, teams_answer(chat, factor)))
        else:
            activities.append((chat, chat.activity(text=f"can we mix the two models? #{i}")))
    await asyncio.gather(*(teams_step(chat, act) for chat, act in activities))
    assert one.last_status == 201 and two.last_status == 201
    session = await redis_store.load(one.session_id)
    assert session is not None
    assert session.turns == 51, f"lost updates: {51 - session.turns}"
    assert session.answers == MANAGED
    assert sorted(s.factor for s in session.history) == sorted(MANAGED)
    assert_clean_log(caplog)
