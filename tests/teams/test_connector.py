"""Replies at the network edge: what reaches the stand-in connector, and over which connections.

The bot posts replies itself (``bot/teams/connector.py``) over one keep-alive session instead of
botbuilder's per-turn msrest client; these tests pin that the wire stays what botbuilder sent
(body, path, headers) and check the session's life: reused across turns, replaced when the
connector hangs up, closed at shutdown after the requests in flight.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from copy import deepcopy
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from botbuilder.core import TurnContext
from botbuilder.schema import Activity
from msrest import Configuration, Serializer
from msrest.service_client import ServiceClient

from bot.teams.adapter import TEAMS
from bot.teams.connector import activities_url, address
from bot.teams.render import render_all, welcome
from dialogs import texts as T
from dialogs.replies import PassagesReply, PassageView, TextReply
from tests.teams.conftest import Client, MakeApp
from tests.teams.support import (
    BOT_ID,
    BOT_NAME,
    AppClient,
    Chat,
    WatchedConnector,
    card_text,
    markers,
    next_id,
    questions,
)
from tests.teams.test_translate import activity


@pytest.fixture
async def edge() -> AsyncIterator[WatchedConnector]:
    async with WatchedConnector() as standin:
        yield standin


@pytest.fixture
def watched(client: AppClient, edge: WatchedConnector) -> Chat:
    return Chat(client=client, connector=edge)


# --- the wire is botbuilder's ------------------------------------------------------------------


def _botbuilder_body(incoming: dict[str, Any], message: dict[str, Any]) -> dict[str, Any]:
    """What ``TurnContext.send_activity`` + msrest's ``reply_to_activity`` put on the wire."""
    reference = TurnContext.get_conversation_reference(Activity().deserialize(incoming))
    reply = TurnContext.apply_conversation_reference(Activity().deserialize(message), reference)
    reply.input_hint = reply.input_hint or "acceptingInput"
    reply.type = reply.type or "message"
    reply.id = None
    body: dict[str, Any] = Serializer(_models()).body(reply, "Activity")
    return body


def _models() -> dict[str, type]:
    """The serializer's models, picked as botframework's ``ConnectorClient`` picks them."""
    from botframework.connector import models

    return {k: v for k, v in vars(models).items() if isinstance(v, type)}


def _incoming(**fields: Any) -> dict[str, Any]:
    """A channel message as Teams sends it, with fields botbuilder's models do not know."""
    base = activity(
        locale="en-GB",
        recipient={"id": BOT_ID, "name": BOT_NAME},
        conversation={"id": "19:abc@thread.tacv2;messageid=1700000000001",
                      "conversationType": "channel", "tenantId": "t-1", "isGroup": True,
                      "name": None},
        channelData={"tenant": {"id": "t-1"}},
        **{"from": {"id": "29:1pat", "name": "Pat", "aadObjectId": "aad-pat", "unknown": 1}},
    )
    return {**base, **fields}


INCOMING = {
    "channel message": _incoming(),
    "install (no reply id)": _incoming(type="conversationUpdate", membersAdded=[{"id": BOT_ID}]),
    "no locale, no name": _incoming(locale=None, recipient={"id": BOT_ID}),
    "emulator, odd ids": _incoming(channelId="emulator", recipient={"id": 7, "role": "bot"},
                                   conversation={"id": "emu|live chat"}),
    "webchat (never a reply)": _incoming(channelId="webchat", conversation={"id": "wc/1"}),
}

MESSAGES = [
    *welcome(),
    *render_all([
        TextReply(text="Plain text & <b>not html</b> ✓", actions=(T.START,)),
        PassagesReply(question="q", actions=(T.START,), passages=tuple(
            PassageView(id=f"p{i}", title=f"Passage {i}", topics=("definitions",),
                        text="Managed services move accountability. " * 40)
            for i in range(3))),
    ]),
]


@pytest.mark.parametrize("name", sorted(INCOMING))
def test_a_reply_body_is_what_botbuilder_sent(name: str) -> None:
    incoming = INCOMING[name]
    reference = TurnContext.get_conversation_reference(
        Activity().deserialize(incoming)).serialize()
    for message in MESSAGES:
        original = deepcopy(message)
        assert address(message, reference) == _botbuilder_body(incoming, message)
        assert message == original  # the rendered message is not changed


@pytest.mark.parametrize("service_url", [
    "https://smba.trafficmanager.net/emea/", "https://smba.trafficmanager.net/amer",
    "http://127.0.0.1:3978/",
])
@pytest.mark.parametrize("conversation", [
    "a:1personal", "19:abc@thread.tacv2;messageid=17", "emu|live chat", "wc/1?x=%2F#f",
])
@pytest.mark.parametrize("reply_to", [None, "1700000000123", "f:1/2 3"])
def test_the_url_is_msrests(service_url: str, conversation: str, reply_to: str | None) -> None:
    serialize = Serializer()
    client = ServiceClient(None, Configuration(service_url))
    path = "/v3/conversations/{conversationId}/activities"
    args = {"conversationId": serialize.url("conversation_id", conversation, "str")}
    if reply_to is not None:
        path += "/{activityId}"
        args["activityId"] = serialize.url("activity_id", reply_to, "str")
    assert activities_url(service_url, conversation, reply_to) == client.format_url(path, **args)


async def test_the_encoded_path_reaches_the_connector_as_sent(
    watched: Chat, edge: WatchedConnector
) -> None:
    watched.conversation_id = "19:abc@thread.tacv2;messageid=1700000000001"
    replies = await watched.say("help")
    assert replies
    activity_id = edge.calls[-1].activity_id
    assert edge.raw_paths[-1] == (
        f"/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1700000000001/activities/"
        f"{activity_id}")
    assert edge.calls[-1].conversation == watched.conversation_id
    headers = edge.calls[-1].headers
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["x-ms-conversation-id"] == watched.conversation_id
    assert "Authorization" not in headers  # local mode


# --- one session, kept alive ------------------------------------------------------------------


async def test_turns_reuse_one_connection(watched: Chat, edge: WatchedConnector) -> None:
    first = questions(await watched.say("start"))[-1]
    await watched.click(first, "bogus")
    await watched.say("help")
    other = Chat(client=watched.client, connector=edge, conversation_id=f"a:{next_id()}")
    await other.say("start")
    assert len(edge.delivered) >= 4  # one card per turn
    assert len(edge.peers) == 1, edge.peers
    assert all("Authorization" not in c.headers for c in edge.calls)


async def test_retries_stay_on_the_connection(watched: Chat, edge: WatchedConnector) -> None:
    edge.fail_next(2, 503)
    edge.fail_next(1, 429, retry_after=0.01)
    replies = await watched.say("start")
    assert [c.status for c in edge.calls][:4] == [503, 503, 429, 200]
    assert questions(replies)
    assert len(edge.peers) == 1


async def test_a_connection_the_connector_closed_is_replaced(
    watched: Chat, edge: WatchedConnector
) -> None:
    assert questions(await watched.say("start"))
    edge.hang_up()
    replies = await watched.say("help")
    assert watched.last_status == 201 and questions(replies)
    assert len(edge.peers) == 2


async def test_a_connector_that_refuses_connections_is_retried_then_given_up(
    aiohttp_client: Client, make_app: MakeApp, caplog: pytest.LogCaptureFixture
) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    client = await aiohttp_client(make_app())
    unreachable = WatchedConnector()
    unreachable.url = f"http://127.0.0.1:{port}/"
    chat = Chat(client=client, connector=unreachable)
    assert await chat.say("start") == []
    assert chat.last_status == 201
    (failure,) = [r for r in caplog.records if r.getMessage() == "teams reply not delivered"]
    options = client.server.app[TEAMS].bot.options  # type: ignore[union-attr]
    assert getattr(failure, "status", "missing") is None
    assert getattr(failure, "attempts", None) == options.retry.attempts  # retried, then stopped
    assert "ClientConnectorError" in getattr(failure, "reason", "")


async def test_retry_after_is_read_from_the_connectors_answer(
    watched: Chat, edge: WatchedConnector, caplog: pytest.LogCaptureFixture
) -> None:
    """A hint longer than the reply budget (10 s in these tests) is not waited for."""
    edge.fail_next(1, 429, retry_after=60)
    assert await watched.say("start") == []
    assert watched.last_status == 201
    assert [c.status for c in edge.calls] == [429]
    (failure,) = [r for r in caplog.records if r.getMessage() == "teams reply not delivered"]
    assert getattr(failure, "status", None) == 429
    assert "out of time" in getattr(failure, "reason", "")


async def test_the_session_closes_at_shutdown_after_the_request_in_flight(
    make_app: MakeApp, edge: WatchedConnector
) -> None:
    app = make_app()
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    chat = Chat(client=None, connector=edge)  # type: ignore[arg-type]  # only builds activities
    edge.stall_next(1, 0.3)  # the first reply is still on its way when shutdown starts
    async with aiohttp.ClientSession() as http:
        posting = asyncio.create_task(
            http.post(f"http://{host}:{port}/api/messages", json=chat.activity(text="start")))
        await edge.arrived.wait()
        session = app[TEAMS].connector.session
        assert not session.closed
        await runner.cleanup()  # stops taking requests, finishes this one, then cleans up
        response = await posting
        assert response.status == 201
    assert session.closed
    assert [c.status for c in edge.calls] == [200] * len(edge.calls) and len(edge.calls) >= 1
    assert questions([c.body for c in edge.calls])


# --- what a turn answers besides replies -------------------------------------------------------


async def test_expect_replies_returns_the_replies_in_the_answer(
    watched: Chat, edge: WatchedConnector
) -> None:
    activity = watched.activity(text="help", deliveryMode="expectReplies")
    resp = await watched.client.post("/api/messages", json=activity)
    assert resp.status == 200
    body = await resp.json()
    assert edge.calls == []
    assert [a["replyToId"] for a in body["activities"]] == [activity["id"]] * len(body["activities"])
    assert body["activities"][0]["recipient"]["id"] == watched.user_id
    assert body["activities"][0]["from"]["id"] == BOT_ID
    assert T.HELP.splitlines()[0] in card_text(body["activities"][0])


async def test_a_failing_turn_is_logged_and_still_answered(
    watched: Chat, edge: WatchedConnector, caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.turns import TurnRunner

    async def run(self: TurnRunner, turn: object) -> object:
        raise RuntimeError("engine bug")

    monkeypatch.setattr(TurnRunner, "run", run)
    caplog.set_level(logging.INFO)
    assert await watched.say("start") == []
    assert watched.last_status == 201
    (failed,) = [r for r in caplog.records if r.getMessage() == "teams turn failed"]
    assert failed.levelno == logging.ERROR and failed.exc_info is not None
    assert edge.calls == []


async def test_the_welcome_goes_out_once_as_a_new_message(
    watched: Chat, edge: WatchedConnector
) -> None:
    added = watched.activity(type="conversationUpdate", membersAdded=[{"id": BOT_ID}])
    replies = await watched.post(added)
    assert watched.last_status == 201 and "advisor-welcome" in markers(replies[0])
    assert await watched.post(added) == []
    assert edge.raw_paths == ["/v3/conversations/a%3A1personal-chat-with-pat/activities"]
    assert "x-ms-conversation-id" not in edge.calls[0].headers  # as send_to_conversation


async def test_the_environments_proxy_carries_the_replies(
    aiohttp_client: Client, make_app: MakeApp, edge: WatchedConnector,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """HTTP(S)_PROXY applies, as it did with requests: here the stand-in plays the proxy, so
    a reply to a service URL nobody could reach arrives there in proxy (absolute) form."""
    for name in ("no_proxy", "NO_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", edge.url)
    chat = Chat(client=await aiohttp_client(make_app()), connector=edge)
    service = "http://connector.example.invalid/"
    replies = await chat.post(chat.activity(text="help", serviceUrl=service))
    assert chat.last_status == 201 and replies
    assert all(path.startswith(f"{service}v3/conversations/") for path in edge.raw_paths)
    assert len(edge.peers) == 1
