"""End to end through ``POST /api/messages``: replies as the stand-in connector records them."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import replace

import pytest

from dialogs import factors as F
from dialogs import texts as T
from tests.standins.connector import ConnectorStandIn
from tests.support.apps import TEAMS_FAST
from tests.support.defaults import memory_store
from tests.support.profiles import PROFILES
from tests.teams.conftest import Client, MakeApp
from tests.teams.support import (
    BOT_ID,
    BOT_NAME,
    TENANT,
    AppClient,
    Chat,
    actions,
    card_text,
    markers,
    models,
    next_id,
    questions,
    store_of,
)


async def _assess_by_clicks(chat: Chat, answers: dict[str, str]) -> list[dict[str, object]]:
    """Start, then click whatever each question card asks, until a recommendation arrives."""
    replies = await chat.say("start")
    for _ in range(len(F.FACTORS) + 1):
        if models(replies):
            return replies
        factor = questions(replies)[-1]
        card = replies[-1]
        data = {"factor": factor, "answer": answers[factor]}
        assert data in [a["data"] for a in actions(card)], f"no button for {data}"
        replies = await chat.click(factor, answers[factor])
        assert chat.last_status == 201
    raise AssertionError("no recommendation after every factor was answered")


# --- surfaces -------------------------------------------------------------------------------


async def test_welcome_card_when_the_bot_is_added(chat: Chat, connector: ConnectorStandIn) -> None:
    added = chat.activity(
        type="conversationUpdate",
        membersAdded=[{"id": BOT_ID}],
        text=None,
    )
    replies = await chat.post(added)
    assert chat.last_status == 201
    assert len(replies) == 1
    assert "advisor-welcome" in markers(replies[0])
    assert {"command": "start"} in [a["data"] for a in actions(replies[0])]
    # A new message in the conversation, not a reply to the update.
    assert connector.calls[-1].activity_id is None
    assert connector.calls[-1].conversation == chat.conversation_id
    # The install is redelivered: greeted once.
    assert await chat.post(added) == []
    # Someone else joining is not greeted, and nothing is stored for the conversation.
    assert await chat.post(chat.activity(type="conversationUpdate",
                                         membersAdded=[{"id": "29:someone"}])) == []
    assert chat.last_status == 200
    assert await chat.forgotten()


@pytest.mark.parametrize("model", sorted(PROFILES))
async def test_a_whole_assessment_by_card_submits(chat: Chat, model: str) -> None:
    replies = await _assess_by_clicks(chat, PROFILES[model])
    assert models(replies) == [model]
    rec = next(r for r in replies if any(m.startswith("advisor-rec-") for m in markers(r)))
    found = markers(rec)
    text = card_text(rec)
    if model == "mismatch":  # the split of decisions and accountability, not scores
        assert "advisor-split" in found and "Who answers for results" in json.dumps(rec)
    else:  # the scores, as columns
        assert "Managed services" in text and "Staff augmentation" in text
        assert "%" in text and "█" not in text
    assert any(m.startswith("advisor-passage-") for m in found)
    if model == "mismatch":
        assert "advisor-warn-unmanaged_managed_services" in found
    assert "advisor-cmd-why" in found and "advisor-cmd-start" in found
    assert "advisor-cmd-share" not in found
    # Every reply is a reply to the activity that caused it.
    assert all(call.activity_id for call in chat.connector.delivered)


async def test_question_card_shape(chat: Chat) -> None:
    replies = await chat.say("start")
    card = replies[-1]
    factor = questions(replies)[-1]
    data = [a["data"] for a in actions(card)]
    answer_ids = F.get(factor).answer_ids
    assert data[: len(answer_ids)] == [{"factor": factor, "answer": a} for a in answer_ids]
    assert {"command": "start"} in data
    assert f"1 of {len(F.FACTORS)}" in card_text(card)
    replies = await chat.click(factor, answer_ids[0])
    assert {"command": "back"} in [a["data"] for a in actions(replies[-1])]


async def test_typed_commands_and_numbers_work_too(chat: Chat) -> None:
    first = questions(await chat.say("start"))[-1]
    second = questions(await chat.say("1"))[-1]
    assert second != first
    assert questions(await chat.say("back")) == [first]
    replies = await chat.say("help")
    assert T.HELP.splitlines()[0] in card_text(replies[0])
    replies = await chat.say("forget")
    assert markers(replies[0])[0] == "advisor-text-success"
    assert T.FORGOTTEN in card_text(replies[0])
    assert await chat.forgotten()


async def test_a_question_mid_assessment_keeps_the_place(chat: Chat) -> None:
    first = questions(await chat.say("start"))[-1]
    replies = await chat.say("what is staff augmentation?")
    found = [m for r in replies for m in markers(r)]
    assert any(m.startswith("advisor-passage-") for m in found)
    assert questions(replies)[-1] == first


async def test_channel_mention_is_stripped(
    client: AppClient, connector: ConnectorStandIn
) -> None:
    chat = Chat(client=client, connector=connector,
                conversation_id="19:general@thread.tacv2;messageid=1700000000001",
                conversation_type="channel")
    mention = f"<at>{BOT_NAME}</at>"
    replies = await chat.say(
        f"{mention} what is staff augmentation?",
        entities=[{"type": "mention", "text": mention,
                   "mentioned": {"id": BOT_ID, "name": BOT_NAME}}],
        channelData={"tenant": {"id": TENANT}, "teamsChannelId": "19:general@thread.tacv2",
                     "team": {"id": "19:team@thread.tacv2"}},
    )
    assert connector.calls[-1].conversation == chat.conversation_id  # the thread, encoded back
    found = [m for r in replies for m in markers(r)]
    assert any(m.startswith("advisor-passage-") for m in found), found
    # With the mention stripped, "start" is the start command, not a question.
    replies = await chat.say(f"{mention} start", entities=[
        {"type": "mention", "text": mention, "mentioned": {"id": BOT_ID, "name": BOT_NAME}}])
    assert questions(replies)


async def test_each_channel_thread_has_its_own_assessment(
    client: AppClient, connector: ConnectorStandIn
) -> None:
    root = "19:general@thread.tacv2"
    one = Chat(client=client, connector=connector, conversation_type="channel",
               conversation_id=f"{root};messageid=1")
    two = Chat(client=client, connector=connector, conversation_type="channel",
               conversation_id=f"{root};messageid=2")
    first = questions(await one.say("start"))[-1]
    await one.click(first, F.get(first).answer_ids[0])
    assert questions(await two.say("start"))[-1] == first  # thread two starts afresh
    assert not await one.forgotten() and not await two.forgotten()


async def test_group_chat(client: AppClient, connector: ConnectorStandIn) -> None:
    chat = Chat(client=client, connector=connector, conversation_id="19:group@thread.v2",
                conversation_type="groupChat")
    mention = f"<at>{BOT_NAME}</at>"
    replies = await chat.say(f"{mention}&nbsp;start")
    assert questions(replies)


async def test_redelivered_activity_is_applied_once(chat: Chat) -> None:
    first = questions(await chat.say("start"))[-1]
    click = chat.activity(text="", value={"factor": first, "answer": F.get(first).answer_ids[0]})
    replies = await chat.post(click)
    second = questions(replies)[-1]
    store = store_of(chat.client)
    before = await store.load(chat.session_id)
    assert await chat.post(click) == []  # Teams redelivers the same activity id
    assert chat.last_status == 201
    after = await store.load(chat.session_id)
    assert before is not None and after is not None
    assert after.rev == before.rev and after.answers == before.answers
    assert after.current == second


async def test_unknown_card_value_is_answered_politely_and_changes_nothing(chat: Chat) -> None:
    first = questions(await chat.say("start"))[-1]
    store = store_of(chat.client)
    before = await store.load(chat.session_id)
    for value in ({"factor": "scope", "answer": "sideways"}, {"factor": "nope", "answer": "x"},
                  {"command": "rm -rf"}, {"unexpected": True}, ["a", "list"], "text",
                  {"factor": 3, "answer": None}):
        replies = await chat.submit(value)
        assert chat.last_status == 201
        assert len(replies) == 1
        assert "advisor-text-error" in markers(replies[0])
        assert T.UNKNOWN_ACTION in card_text(replies[0])
    after = await store.load(chat.session_id)
    assert after == before
    assert after is not None and after.current == first


async def test_other_activity_types_send_nothing(chat: Chat, connector: ConnectorStandIn) -> None:
    for kind in ("typing", "messageReaction", "installationUpdate", "invoke", "event",
                 "messageUpdate", "messageDelete"):
        assert await chat.post(chat.activity(type=kind)) == []
        assert chat.last_status in (200, 201), kind
    assert connector.calls == []


# --- bad input ------------------------------------------------------------------------------


async def test_malformed_requests_get_4xx(chat: Chat, connector: ConnectorStandIn) -> None:
    client = chat.client

    async def post(data: bytes, content_type: str | None = "application/json") -> tuple[int, str]:
        headers = {"Content-Type": content_type} if content_type else {}
        resp = await client.post("/api/messages", data=data, headers=headers)
        return resp.status, await resp.text()

    assert (await post(b"{not json"))[0] == 400
    assert (await post(b"\xff\xfe"))[0] == 400
    assert (await post(b'{"type": "message"}', "text/plain"))[0] == 415
    assert (await post(b'{"type": "message"}', None))[0] == 415
    assert (await post(b"[1, 2]"))[0] == 400
    assert (await post(b'"message"'))[0] == 400
    good = chat.activity(text="hi")
    broken: list[dict[str, object]] = []
    for key in ("type", "conversation", "serviceUrl", "from"):
        broken.append({k: v for k, v in good.items() if k != key})
    broken += [
        {**good, "type": ""},
        {**good, "conversation": {}},
        {**good, "conversation": "a:1"},
        {**good, "conversation": {"id": 7}},
        {**good, "serviceUrl": "ftp://example.com/"},
        {**good, "text": {"not": "a string"}},
        {**good, "entities": {"type": "mention"}},
        {**good, "timestamp": "not a time"},
    ]
    for body in broken:
        status, text = await post(json.dumps(body).encode())
        assert status == 400, (body, status, text)
        assert "Traceback" not in text
        assert "error" in json.loads(text)
    assert connector.calls == []


async def test_body_over_the_cap_is_413(aiohttp_client: Client, make_app: MakeApp) -> None:
    client = await aiohttp_client(make_app(advisor_max_body_bytes=4096))
    resp = await client.post("/api/messages", data=b"{" + b" " * 10_000 + b"}",
                             headers={"Content-Type": "application/json"})
    assert resp.status == 413


async def test_overlong_text_is_refused_politely(chat: Chat) -> None:
    replies = await chat.say("x" * 5000)
    assert chat.last_status == 201
    assert "advisor-text-error" in markers(replies[0])


# --- the connector ----------------------------------------------------------------------------


async def test_a_429_burst_is_retried_then_delivered(
    chat: Chat, connector: ConnectorStandIn
) -> None:
    connector.fail_next(3, 429, retry_after=0.01)
    replies = await chat.say("start")
    assert chat.last_status == 201
    statuses = [c.status for c in connector.calls]
    assert statuses[:3] == [429, 429, 429]
    assert all(s == 200 for s in statuses[3:])
    assert questions(replies)  # the whole turn arrived, in order
    assert len(replies) == 1 and markers(replies[0])[0] == "advisor-text-info"  # one card per turn


@pytest.mark.parametrize("status", [500, 503, 502, 504, 412])
async def test_transient_errors_are_retried(
    chat: Chat, connector: ConnectorStandIn, status: int
) -> None:
    connector.fail_next(2, status)
    replies = await chat.say("start")
    assert [c.status for c in connector.calls][:2] == [status, status]
    assert questions(replies)


async def test_a_failing_reply_stops_the_turn_and_is_logged_without_text(
    chat: Chat, connector: ConnectorStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await chat.say("start")
    connector.fail_next(1, 403)
    mark = len(connector.calls)
    secret = "what is staff augmentation, for my very private project?"
    replies = await chat.say(secret)  # passages, "back to" and the question: one card, it fails
    assert chat.last_status == 201
    assert [c.status for c in connector.calls[mark:]] == [403]  # stopped: order matters more
    assert replies == []
    failures = [r for r in caplog.records if r.getMessage() == "teams reply not delivered"]
    assert len(failures) == 1
    assert getattr(failures[0], "status", None) == 403
    assert getattr(failures[0], "undelivered", None) == 1
    assert "private" not in caplog.text and "augmentation" not in caplog.text
    # The turn itself was applied; the next one carries on.
    assert questions(await chat.say("help"))


async def test_a_throttled_connector_that_never_recovers_gives_up_in_time(
    chat: Chat, connector: ConnectorStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    connector.fail_next(50, 429)
    await chat.say("start")
    assert chat.last_status == 201
    assert len(connector.calls) == 6  # the policy's attempts, then it stops
    assert any(r.getMessage() == "teams reply not delivered" for r in caplog.records)


async def test_oversized_reply_is_split_into_several_activities(
    chat: Chat, connector: ConnectorStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.turns import TurnResult, TurnRunner
    from dialogs.replies import PassagesReply, PassageView

    long_text = ("Managed services move accountability for outcomes to the provider. " * 60)
    passages = tuple(
        PassageView(id=f"p{i}", title=f"Passage {i}", topics=("definitions",), text=long_text)
        for i in range(12)
    )

    async def run(self: TurnRunner, turn: object, **_: object) -> TurnResult:
        reply = PassagesReply(question="q", passages=passages, actions=(T.START,))
        return TurnResult(replies=[reply], outcome="ok")

    monkeypatch.setattr(TurnRunner, "run", run)
    replies = await chat.say("tell me everything")
    assert len(replies) > 1
    for call in connector.delivered:
        assert len(await _raw_size(call.body)) < 28 * 1024
    found = [m for r in replies for m in markers(r)]
    assert [m for m in found if m.startswith("advisor-passage-")] == [
        f"advisor-passage-p{i}" for i in range(12)
    ]
    assert actions(replies[-1]) and not any(actions(r) for r in replies[:-1])


async def _raw_size(body: dict[str, object]) -> bytes:
    return json.dumps(body).encode()


async def test_replies_in_local_mode_carry_no_authorization(
    chat: Chat, connector: ConnectorStandIn
) -> None:
    await chat.say("start")
    assert connector.calls
    assert all("Authorization" not in c.headers for c in connector.calls)


async def test_store_is_shared_with_the_runner(
    aiohttp_client: Client, make_app: MakeApp, connector: ConnectorStandIn
) -> None:
    store = memory_store()
    client = await aiohttp_client(make_app(store=store))
    chat = Chat(client=client, connector=connector, conversation_id=f"a:{next_id()}")
    await chat.say("start")
    stored = await store.load(chat.session_id)
    assert stored is not None and stored.stage == "asking" and stored.current is not None


async def test_a_stalled_connector_cannot_hold_the_request_past_the_budget(
    aiohttp_client: Client, make_app: MakeApp, connector: ConnectorStandIn,
    caplog: pytest.LogCaptureFixture,
) -> None:
    options = replace(TEAMS_FAST, reply_budget=1.5, send_timeout=0.5)
    client = await aiohttp_client(make_app(options=options))
    chat = Chat(client=client, connector=connector)
    # A stall far longer than any test: only the reply budget can end the request. The outer
    # wait_for only turns a regression into a failure instead of a hung suite.
    connector.stall_next(1, 3600.0)
    replies = await asyncio.wait_for(chat.say("start"), 120)
    assert chat.last_status == 201
    assert replies == [], "the stalled reply never reached the connector"
    assert any(r.getMessage() == "teams reply not delivered" for r in caplog.records)


async def test_a_realistic_teams_channel_payload(
    client: AppClient, connector: ConnectorStandIn
) -> None:
    """Everything Teams puts on a channel message (HTML copy, client info, team and channel)."""
    chat = Chat(client=client, connector=connector, conversation_type="channel",
                conversation_id="19:7b5c@thread.tacv2;messageid=1700000000999")
    mention = f"<at>{BOT_NAME}</at>"
    activity = chat.activity(
        text=f"{mention} start\n",
        textFormat="plain",
        localTimestamp="2026-11-28T13:00:00.000+01:00",
        localTimezone="Europe/Berlin",
        attachments=[{"contentType": "text/html",
                      "content": f"<div><div><span itemscope>{BOT_NAME}</span> start</div></div>"}],
        entities=[
            {"type": "mention", "text": mention,
             "mentioned": {"id": BOT_ID, "name": BOT_NAME}},
            {"type": "clientInfo", "locale": "en-US", "country": "US", "platform": "Web",
             "timezone": "Europe/Berlin"},
        ],
        channelData={
            "teamsChannelId": "19:7b5c@thread.tacv2",
            "teamsTeamId": "19:team@thread.tacv2",
            "channel": {"id": "19:7b5c@thread.tacv2"},
            "team": {"id": "19:team@thread.tacv2"},
            "tenant": {"id": TENANT},
        },
    )
    activity["from"]["aadObjectId"] = "5b0b6b7a-0000-0000-0000-000000000000"
    activity["conversation"]["name"] = None
    replies = await chat.post(activity)
    assert chat.last_status == 201
    assert questions(replies)
    assert all(call.activity_id == activity["id"] for call in connector.delivered)


async def test_emulator_style_conversation(client: AppClient, connector: ConnectorStandIn) -> None:
    """The Bot Framework Emulator: no tenant, no conversation type, both members added."""
    chat = Chat(client=client, connector=connector, conversation_id="8a684db0-emulator|livechat")
    base = {"channelId": "emulator", "conversation": {"id": chat.conversation_id},
            "channelData": None, "from": {"id": "user-1", "name": "User"},
            "recipient": {"id": "bot-1", "name": "Bot"}}
    joined = chat.activity(type="conversationUpdate", **base,
                           membersAdded=[{"id": "user-1"}, {"id": "bot-1"}])
    assert "advisor-welcome" in markers((await chat.post(joined))[0])
    replies = await chat.post(chat.activity(text="start", **base))
    assert questions(replies)
    store = store_of(client)
    assert await store.load(f"teams:unknown:{chat.conversation_id}") is not None
