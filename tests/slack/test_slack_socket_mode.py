"""Socket Mode (``SLACK_APP_TOKEN``): the same listeners over a WebSocket, acknowledged at once."""

from __future__ import annotations

import asyncio

from bot.slack.render import markers
from tests.slack.support import dm_of
from tests.standins.slack_api import SlackStandIn
from tests.support.apps import MakeSlack


async def test_socket_mode_events_and_commands(make_slack: MakeSlack,
                                               slack_api: SlackStandIn) -> None:
    slack = await make_slack(slack_app_token="xapp-test")
    await slack_api.socket_connected()
    (opened,) = slack_api.of("apps.connections.open")
    assert opened.headers["Authorization"] == "Bearer xapp-test"

    event = {"type": "message", "channel_type": "im", "user": "U1", "channel": dm_of("U1"),
             "ts": "1.1", "text": "start"}
    await slack_api.socket_send({"envelope_id": "env-1", "type": "events_api",
                                 "accepts_response_payload": False,
                                 "payload": slack.event_body(event, event_id="EvSOCK")})
    ack = await asyncio.wait_for(slack_api.socket_acks.get(), 5)
    assert ack["envelope_id"] == "env-1"
    await slack.settle()
    (msg,) = slack.posted()
    assert msg.channel == dm_of("U1") and markers(msg.blocks, "q")

    # The same event over HTTP (another delivery path) is not answered twice.
    await slack.event(event, event_id="EvSOCK")
    assert len(slack_api.of("chat.postMessage")) == 1

    command = {"token": "legacy", "team_id": slack.team, "channel_id": "C1", "user_id": "U1",
               "command": "/advisor", "text": "help", "api_app_id": "A0TESTAPP",
               "trigger_id": "sock-trigger", "response_url": slack_api.response_url()}
    await slack_api.socket_send({"envelope_id": "env-2", "type": "slash_commands",
                                 "accepts_response_payload": True, "payload": command})
    ack = await asyncio.wait_for(slack_api.socket_acks.get(), 5)
    assert ack["envelope_id"] == "env-2"
    await slack.settle()
    (hook,) = slack_api.of("response_url")
    assert hook.body["response_type"] == "ephemeral"
    await slack.client.close()
    assert not slack_api.sockets, "the socket is closed on shutdown"
