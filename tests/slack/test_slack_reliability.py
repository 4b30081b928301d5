"""Exactly once, retried Web API calls, concurrency without crosstalk, and draining on shutdown."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from bot.appkeys import STORE, TASKS
from bot.slack.render import markers
from bot.store.base import StoreUnavailable
from bot.store.memory import MemorySessionStore
from bot.store.redis import RedisSessionStore
from dialogs.session import Session
from tests.slack.support import SlackDriver, dm_of, observe
from tests.slack.test_slack_flows import answer_by_clicks
from tests.support.apps import MakeSlack
from tests.support.defaults import PREFIX, SESSION_TTL
from tests.support.profiles import PROFILES

RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


def start_dm(slack: SlackDriver, user: str = "U1", text: str = "start") -> dict[str, Any]:
    return {"type": "message", "channel_type": "im", "user": user, "channel": dm_of(user),
            "ts": slack.ts(), "text": text}


# --- exactly once ---------------------------------------------------------------------------


async def test_a_redelivered_event_is_answered_once(slack: SlackDriver) -> None:
    event = start_dm(slack)
    assert (await slack.event(event, event_id="EvSAME"))[0] == 200
    for n in ("1", "2", "3"):
        status, _ = await slack.event(event, event_id="EvSAME",
                                      headers={"X-Slack-Retry-Num": n,
                                               "X-Slack-Retry-Reason": "http_timeout"})
        assert status == 200
    assert len(slack.api.of("chat.postMessage")) == 1


async def test_a_redelivery_whose_first_delivery_never_arrived_is_processed(
    slack: SlackDriver,
) -> None:
    status, _ = await slack.event(start_dm(slack), event_id="EvLOST1", headers=RETRY)
    assert status == 200
    (msg,) = slack.posted()
    assert markers(msg.blocks, "q")


class FlakyStore(MemorySessionStore):
    """Fails the first ``failures`` loads, as a Redis outage would."""

    def __init__(self, failures: int) -> None:
        super().__init__(ttl_seconds=SESSION_TTL, prefix=PREFIX)
        self.failures = failures

    async def load(self, key: str) -> Session | None:
        if self.failures > 0:
            self.failures -= 1
            raise StoreUnavailable("down")
        return await super().load(key)


async def test_an_event_whose_first_delivery_failed_is_processed_on_retry(
    make_slack: MakeSlack,
) -> None:
    slack = await make_slack(store=FlakyStore(failures=1))
    event = start_dm(slack)
    await slack.event(event, event_id="EvFLAKY")
    (sorry,) = slack.api.of("chat.postMessage")
    assert "memory" in sorry.body["text"], "a polite store-down reply"
    await slack.event(event, event_id="EvFLAKY", headers=RETRY)
    posts = slack.api.of("chat.postMessage")
    assert len(posts) == 2 and markers(posts[1].blocks, "q")
    await slack.event(event, event_id="EvFLAKY", headers={**RETRY, "X-Slack-Retry-Num": "2"})
    assert len(slack.api.of("chat.postMessage")) == 2, "and only once"


async def test_a_double_click_delivered_twice_counts_once(slack: SlackDriver) -> None:
    await slack.dm("U1", "start")
    q = slack.last("advisor:q:")
    (factor,) = markers(q.blocks, "q")
    payload_value = f"{factor}={PROFILES['mismatch'][factor]}"
    # The same delivery twice (same action_ts): Slack retried it.
    n = slack.next_id()
    body = {
        "type": "block_actions", "user": {"id": "U1", "team_id": slack.team},
        "team": {"id": slack.team}, "api_app_id": "A0TESTAPP", "token": "legacy",
        "trigger_id": f"t{n}", "response_url": slack.api.response_url(),
        "container": {"type": "message", "message_ts": q.ts, "channel_id": q.channel,
                      "is_ephemeral": False},
        "channel": {"id": q.channel}, "message": {"ts": q.ts, "blocks": q.blocks},
        "actions": [{"type": "button", "action_id": f"advisor:answer:{payload_value}",
                     "block_id": f"advisor:answers:{factor}", "value": payload_value,
                     "action_ts": "1700000999.000001"}],
    }
    for _ in range(2):
        assert (await slack.post_form({"payload": json.dumps(body)}))[0] == 200
    await slack.settle()
    assert len(slack.api.of("chat.update")) == 1


# --- Web API failures ------------------------------------------------------------------------


async def test_a_429_is_retried_after_retry_after_then_delivered(slack: SlackDriver) -> None:
    slack.api.fail("chat.postMessage", times=1, status=429, retry_after=1)
    await slack.dm("U1", "start")
    attempts = slack.api.attempts("chat.postMessage")
    # The stand-in answers 429 again to a retry inside the Retry-After window (as Slack does):
    # exactly one 429 then a 200 means the retry waited for Retry-After.
    assert [c.status for c in attempts] == [429, 200]
    assert len(slack.api.of("chat.postMessage")) == 1


async def test_a_429_on_update_and_on_response_url_is_retried(slack: SlackDriver) -> None:
    await slack.dm("U1", "start")
    q = slack.last("advisor:q:")
    (factor,) = markers(q.blocks, "q")
    slack.api.fail("chat.update", times=1, status=429, retry_after=1)
    await slack.click("U1", q, f"{factor}={PROFILES['mismatch'][factor]}")
    assert [c.status for c in slack.api.attempts("chat.update")] == [429, 200]

    slack.api.fail("response_url", times=1, status=429, retry_after=1)
    await slack.command("U1", "C1", "help")
    assert [c.status for c in slack.api.attempts("response_url")] == [429, 200]


async def test_a_server_error_is_retried(slack: SlackDriver) -> None:
    slack.api.fail("chat.postMessage", times=1, status=500)
    await slack.dm("U1", "start")
    assert [c.status for c in slack.api.attempts("chat.postMessage")] == [500, 200]


async def test_rejected_blocks_fall_back_to_text(slack: SlackDriver) -> None:
    slack.api.fail("chat.postMessage", times=1, status=200, error="invalid_blocks")
    await slack.dm("U1", "start")
    attempts = slack.api.attempts("chat.postMessage")
    assert len(attempts) == 2
    assert attempts[1].answer["ok"] is True
    assert attempts[1].body.get("blocks") in (None, [])
    assert "1." in attempts[1].body["text"], "numbered options in the text version"


async def test_an_unreachable_slack_loses_the_reply_but_not_the_app(slack: SlackDriver) -> None:
    slack.api.fail("chat.postMessage", times=1, status=200, error="channel_not_found")
    status, _ = await slack.dm("U1", "start")
    assert status == 200
    slack.api.clear()
    await slack.dm("U2", "start")
    assert slack.api.of("chat.postMessage")


# --- concurrency -------------------------------------------------------------------------------


async def test_two_channels_and_two_users_at_once_without_crosstalk(slack: SlackDriver) -> None:
    convos = [("C1", "U1", "1000.0001", "managed_services"),
              ("C2", "U2", "2000.0001", "staff_augmentation"),
              (dm_of("U3"), "U3", None, "mismatch"),
              (dm_of("U4"), "U4", None, "staff_augmentation")]
    starts = []
    for channel, user, ts, _ in convos:
        if ts:
            starts.append(slack.mention(channel, user, "start", ts=ts, settle=False))
        else:
            starts.append(slack.dm(user, "start", settle=False))
    await asyncio.gather(*starts)
    await slack.settle()
    for _ in range(10):
        clicks = []
        for channel, user, _, model in convos:
            msg = slack.last("advisor:", channel=channel)
            if markers(msg.blocks, "rec"):
                continue
            (factor,) = markers(msg.blocks, "q")
            clicks.append(slack.click(user, msg, f"{factor}={PROFILES[model][factor]}",
                                      settle=False))
        if not clicks:
            break
        await asyncio.gather(*clicks)
        await slack.settle()
    for channel, _, ts, model in convos:
        final = slack.last("advisor:", channel=channel)
        assert markers(final.blocks, "rec") == [model], channel
        mine = [c for c in slack.api.of("chat.postMessage", "chat.update")
                if c.body["channel"] == channel]
        assert len([c for c in mine if c.method == "chat.postMessage"]) == 1
        if ts:
            assert all(c.body.get("thread_ts") == ts for c in mine if c.method == "chat.postMessage")
        session = await slack.stored(f"slack:{slack.team}:{channel}" + (f":{ts}" if ts else ""))
        assert session is not None
        assert session.answers == {f: PROFILES[model][f] for f in session.answers}


async def test_many_users_typing_at_once_in_one_thread_are_serialised(slack: SlackDriver) -> None:
    await slack.mention("C1", "U1", "start", ts="1000.0001")
    slack.api.clear()
    await asyncio.gather(*(slack.mention("C1", f"U{i}", "why", ts=f"1000.{i:04d}",
                                         thread_ts="1000.0001", settle=False)
                           for i in range(2, 12)))
    await slack.settle()
    posts = slack.api.of("chat.postMessage")
    assert len(posts) == 10
    assert all(p.body["thread_ts"] == "1000.0001" for p in posts)


# --- shutdown -------------------------------------------------------------------------------------


async def test_shutdown_drains_acknowledged_work(make_slack: MakeSlack) -> None:
    slack = await make_slack()
    slack.api.fail("chat.postMessage", times=1, status=429, retry_after=1)
    status, _ = await slack.dm("U1", "start", settle=False)
    assert status == 200
    assert len(slack.app[TASKS]) == 1, "acknowledged first, working after"
    await slack.client.close()  # runs the cleanup: Slack closes after the work is drained
    assert len(slack.api.of("chat.postMessage")) == 1


# --- with Redis ------------------------------------------------------------------------------------


async def test_with_redis_an_assessment_and_a_redelivery(make_slack: MakeSlack,
                                                        redis_store: RedisSessionStore) -> None:
    slack = await make_slack(store=redis_store)
    assert slack.app[STORE] is redis_store
    event = {"type": "app_mention", "user": "U1", "channel": "C1", "ts": "1000.0001",
             "text": "<@UBOTADVSR> start"}
    await slack.event(event, event_id="EvREDIS")
    await slack.event(event, event_id="EvREDIS", headers=RETRY)
    assert len(slack.api.of("chat.postMessage")) == 1
    final = await answer_by_clicks(slack, "U1", "C1", PROFILES["managed_services"])
    assert markers(final.blocks, "rec") == ["managed_services"]
    assert observe(slack.api.of("chat.update")).models == ["managed_services"]
