"""Activity -> Turn: pure translation, and the shape checks that guard botbuilder."""

from __future__ import annotations

from typing import Any

import pytest

from bot.teams.translate import Ignored, Welcome, clean_text, problem, session_id, translate
from dialogs.turn import AnswerAction, CommandAction, Turn

BOT = {"id": "28:bot", "name": "Engagement Advisor"}


def activity(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "message",
        "id": "1700000000001",
        "channelId": "msteams",
        "serviceUrl": "https://smba.trafficmanager.net/emea/",
        "from": {"id": "29:user", "aadObjectId": "aad-user"},
        "recipient": BOT,
        "conversation": {"id": "a:chat", "conversationType": "personal", "tenantId": "t-1"},
        "text": "hello",
    }
    base.update(fields)
    return base


def turn(**fields: Any) -> Turn:
    result = translate(activity(**fields))
    assert isinstance(result, Turn)
    return result


def test_personal_message() -> None:
    t = turn()
    assert (t.platform, t.tenant, t.conversation, t.user) == ("teams", "t-1", "a:chat", "aad-user")
    assert t.text == "hello" and t.action is None and t.surface == "dm"
    assert t.event_id == "a:chat|1700000000001"
    assert t.session_id == "teams:t-1:a:chat" == session_id(activity())


def test_tenant_falls_back_to_channel_data_then_unknown() -> None:
    conv = {"id": "a:chat"}
    assert turn(conversation=conv, channelData={"tenant": {"id": "t-2"}}).tenant == "t-2"
    assert turn(conversation=conv).tenant == "unknown"
    assert turn(conversation=conv, channelData={"tenant": "weird"}).tenant == "unknown"


def test_user_falls_back_to_the_channel_account_id() -> None:
    assert turn(**{"from": {"id": "29:user"}}).user == "29:user"


def test_channel_thread_is_its_own_conversation() -> None:
    conv_id = "19:abc@thread.tacv2;messageid=1700000000000"
    t = turn(conversation={"id": conv_id, "conversationType": "channel", "tenantId": "t-1"})
    assert t.conversation == conv_id and t.surface == "channel"
    assert turn(conversation={"id": "19:g@thread.v2", "conversationType": "groupChat"}
                ).surface == "group"


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        ("<at>Engagement Advisor</at> start", [{"type": "mention", "text":
         "<at>Engagement Advisor</at>", "mentioned": BOT}], "start"),
        ("<at>Advisor</at> what is an SLA?", [{"type": "mention", "text": "<at>Advisor</at>",
         "mentioned": {"id": "28:bot", "name": "Advisor"}}], "what is an SLA?"),
        # No entity, but the tag names the bot.
        ("<at>Engagement Advisor</at>&nbsp;help", [], "help"),
        # Someone else's mention keeps their name.
        ("<at>Engagement Advisor</at> ask <at>Kim</at> about SLAs",
         [{"type": "mention", "text": "<at>Engagement Advisor</at>", "mentioned": BOT},
          {"type": "mention", "text": "<at>Kim</at>", "mentioned": {"id": "29:kim"}}],
         "ask Kim about SLAs"),
        ("fish &amp; chips &lt;b&gt;", [], "fish & chips <b>"),
        ("  two\nlines  ", [], "two\nlines"),
        (None, [], ""),
    ],
)
def test_mentions_are_stripped(text: str | None, entities: list[Any], expected: str) -> None:
    assert clean_text(activity(text=text, entities=entities)) == expected


def test_emulator_text_is_not_unescaped() -> None:
    assert clean_text(activity(channelId="emulator", text="a &amp; b")) == "a &amp; b"


def test_card_submits() -> None:
    t = turn(text="", value={"factor": "scope", "answer": "bounded"})
    assert t.action == AnswerAction(factor="scope", answer="bounded")
    assert t.text is None and t.surface == "card"
    assert turn(value={"command": "back"}).action == CommandAction(command="back")


@pytest.mark.parametrize(
    "value",
    [{"factor": "scope"}, {"factor": 1, "answer": 2}, {"other": 1}, [], "scope=bounded", 0,
     {"answer": "x" * 10_000, "factor": "scope"}],
)
def test_anything_else_becomes_an_answer_the_engine_rejects(value: Any) -> None:
    action = turn(text="", value=value).action
    assert isinstance(action, AnswerAction)
    assert len(action.factor) <= 100 and len(action.answer) <= 100


def test_welcome_only_when_the_bot_is_added() -> None:
    update = activity(type="conversationUpdate", text=None, membersAdded=[{"id": "28:bot"}])
    assert translate(update) == Welcome(tenant="t-1", conversation="a:chat",
                                        event_id="a:chat|1700000000001")
    others = activity(type="conversationUpdate", membersAdded=[{"id": "29:someone"}])
    assert isinstance(translate(others), Ignored)
    assert isinstance(translate(activity(type="conversationUpdate")), Ignored)


@pytest.mark.parametrize("kind", ["typing", "messageReaction", "installationUpdate", "invoke",
                                  "event", "endOfConversation"])
def test_other_types_are_ignored(kind: str) -> None:
    assert isinstance(translate(activity(type=kind)), Ignored)


def test_no_id_means_no_event_id() -> None:
    body = activity()
    del body["id"]
    result = translate(body)
    assert isinstance(result, Turn) and result.event_id is None
    assert turn(id="").event_id is None


def test_problem_accepts_real_activities() -> None:
    assert problem(activity()) is None
    assert problem(activity(type="typing", serviceUrl=None)) is None


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ([], "JSON object"),
        ({"conversation": {"id": "x"}}, "type"),
        (activity(conversation=None), "conversation.id"),
        (activity(conversation={"id": " "}), "conversation.id"),
        (activity(serviceUrl=None), "serviceUrl"),
        (activity(serviceUrl="javascript:alert(1)"), "serviceUrl"),
        (activity(serviceUrl="http://"), "serviceUrl"),
        (activity(**{"from": None}), "from.id"),
        (activity(recipient=None), "recipient"),
        (activity(text=5), "text"),
        (activity(entities={}), "entities"),
        (activity(channelData=[]), "channelData"),
        (activity(type="conversationUpdate", serviceUrl=None), "serviceUrl"),
    ],
)
def test_problem_names_what_is_wrong(body: Any, needle: str) -> None:
    reason = problem(body)
    assert reason is not None and needle in reason
