"""Overload without loss (issue 16.5): past ``ADVISOR_MAX_IN_FLIGHT`` a platform request is
refused with 503 before it is acknowledged; every acknowledged event gets exactly one reply;
the refused ones are counted, nothing of them is stored, and their redelivery in the quiet
that follows is answered once.

Slow Redis (the fault proxy adds 0.05 s per chunk each way) keeps acknowledged turns in flight, so 16
DMs at once are four times the cap of 4.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from typing import Any

import pytest

from bot.appkeys import METRICS
from bot.store.redis import RedisSessionStore
from tests.faults.conftest import REDIS_DB
from tests.faults.support import assert_clean_log
from tests.slack.support import dm_of
from tests.standins.slack_api import SlackStandIn
from tests.support.tcp_proxy import TcpProxy

CAP = 4
USERS = [f"U{n:03d}OVER" for n in range(CAP * 4)]


def _dm(slack: Any, user: str, n: int) -> dict[str, Any]:
    return slack.event_body(
        {"type": "message", "channel_type": "im", "user": user, "channel": dm_of(user),
         "ts": f"1700000000.{n:06d}", "text": "what is an SLA?", "team": slack.team},
        event_id=f"EvOver{n:03d}",
    )


async def test_past_the_cap_requests_are_refused_before_ack_and_nothing_is_lost(
    make_slack: Any, proxy: TcpProxy, keys: Any, caplog: pytest.LogCaptureFixture,
) -> None:
    store = RedisSessionStore.from_url(proxy.url(REDIS_DB), prefix=keys.prefix, ttl_seconds=600)
    try:
        slack = await make_slack(store, advisor_max_in_flight=CAP)
        await slack.dm("UWARM", "help")  # auth.test and the scripts, before the burst
        slack.api.clear()
        proxy.set_latency(0.05)
        bodies = [_dm(slack, user, n) for n, user in enumerate(USERS)]
        statuses = await asyncio.gather(*(slack.post_json(b) for b in bodies))
        accepted = [b for b, (status, _) in zip(bodies, statuses, strict=True) if status == 200]
        refused = [b for b, (status, _) in zip(bodies, statuses, strict=True) if status == 503]
        assert len(accepted) + len(refused) == len(USERS), statuses
        assert len(accepted) >= CAP and refused, "the burst went past the cap"
        await slack.settle()

        replies = Counter(c.body.get("channel") for c in slack.api.messages)
        for body in accepted:
            assert replies[body["event"]["channel"]] == 1, "each acknowledged event answered once"
        for body in refused:
            assert replies[body["event"]["channel"]] == 0
            session_id = f"slack:{slack.team}:{body['event']['channel']}"
            assert await store.load(session_id) is None, "nothing of a refused event is stored"
        shed = slack.app[METRICS].shed.labels("slack")._value.get()
        assert shed == len(refused)

        proxy.set_latency(0)  # quiet: Slack redelivers what was refused, one after another
        for body in refused:
            status, _ = await slack.post_json(body, headers={"X-Slack-Retry-Num": "1",
                                                             "X-Slack-Retry-Reason": "http_error"})
            assert status == 200
            await slack.settle()
        replies = Counter(c.body.get("channel") for c in slack.api.messages)
        assert all(replies[dm_of(user)] == 1 for user in USERS), replies
        assert_clean_log(caplog)
    finally:
        await store.close()


async def test_teams_past_the_cap_gets_503_before_the_turn_runs(
    make_teams: Any, proxy: TcpProxy, keys: Any, caplog: pytest.LogCaptureFixture,
) -> None:
    """Teams turns run inside the request: with a cap of 2 and slow Redis, a burst of 8
    activities of 8 conversations has some refused (503) before any state is touched; each
    accepted one is answered once; a refused one sent again later is answered."""
    store = RedisSessionStore.from_url(proxy.url(REDIS_DB), prefix=keys.prefix, ttl_seconds=600)
    try:
        chat = await make_teams(store, advisor_max_in_flight=2)
        await chat.say("help")
        proxy.set_latency(0.05)
        activities = [chat.activity(text="what is an SLA?",
                                    conversation={"id": f"a:overload-{n}",
                                                  "conversationType": "personal",
                                                  "tenantId": chat.tenant})
                      for n in range(8)]
        responses = await asyncio.gather(
            *(chat.client.post("/api/messages", json=a) for a in activities))
        statuses = [r.status for r in responses]
        assert 503 in statuses and any(s in (200, 201) for s in statuses), statuses
        replied = Counter(call.body["conversation"]["id"] for call in chat.connector.calls)
        for activity, status in zip(activities, statuses, strict=True):
            conversation = activity["conversation"]["id"]
            assert replied[conversation] == (0 if status == 503 else 1), (conversation, status)
        proxy.set_latency(0)
        refused = [a for a, s in zip(activities, statuses, strict=True) if s == 503]
        for activity in refused:
            await chat.post(activity)
            assert chat.last_status in (200, 201)
        replied = Counter(call.body["conversation"]["id"] for call in chat.connector.calls)
        assert all(replied[a["conversation"]["id"]] == 1 for a in activities), replied
        assert chat.client.server.app[METRICS].shed.labels("teams")._value.get() == len(refused)
        assert_clean_log(caplog)
    finally:
        await store.close()


async def test_socket_mode_past_the_cap_leaves_envelopes_unacknowledged(
    make_slack: Any, slack_api: SlackStandIn, proxy: TcpProxy, keys: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Socket Mode honours the same cap: with slow Redis, 16 DM envelopes at once against a cap
    of 4 get some acknowledged over the WebSocket and the rest left unacknowledged (Slack
    redelivers those), counted as shed; each acknowledged one is answered once; a refused one
    redelivered in the quiet after (a new envelope, as Slack sends it) is answered once."""
    store = RedisSessionStore.from_url(proxy.url(REDIS_DB), prefix=keys.prefix, ttl_seconds=600)
    try:
        slack = await make_slack(store, advisor_max_in_flight=CAP, slack_app_token="xapp-test")
        await slack_api.socket_connected()
        proxy.set_latency(0.05)
        bodies = {f"env-{n}": _dm(slack, user, n) for n, user in enumerate(USERS)}
        for envelope, body in bodies.items():
            await slack_api.socket_send({"envelope_id": envelope, "type": "events_api",
                                         "accepts_response_payload": False, "payload": body})
        shed = slack.app[METRICS].shed.labels("slack")
        acked: set[str] = set()
        async with asyncio.timeout(30):  # a deadline, not a measurement: all 16 were handled
            while len(acked) + shed._value.get() < len(bodies):
                with contextlib.suppress(TimeoutError):
                    ack = await asyncio.wait_for(slack_api.socket_acks.get(), 0.1)
                    acked.add(ack["envelope_id"])
        await slack.settle()
        refused = [e for e in bodies if e not in acked]
        assert len(acked) >= CAP and refused, (acked, refused)
        assert shed._value.get() == len(refused)
        replies = Counter(c.body.get("channel") for c in slack_api.messages)
        for envelope, body in bodies.items():
            expected = 1 if envelope in acked else 0
            assert replies[body["event"]["channel"]] == expected, envelope

        proxy.set_latency(0)
        for envelope in refused:
            await slack_api.socket_send({"envelope_id": f"{envelope}-retry", "type": "events_api",
                                         "accepts_response_payload": False, "retry_attempt": 1,
                                         "retry_reason": "timeout", "payload": bodies[envelope]})
            async with asyncio.timeout(10):
                assert (await slack_api.socket_acks.get())["envelope_id"] == f"{envelope}-retry"
            await slack.settle()
        replies = Counter(c.body.get("channel") for c in slack_api.messages)
        assert all(replies[dm_of(user)] == 1 for user in USERS), replies
        assert_clean_log(caplog)
    finally:
        await slack.client.close()
        await store.close()
