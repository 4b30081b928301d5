"""Slack payloads -> neutral turns (pure functions)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.slack import translate
from bot.slack.translate import HomeStart, Inbound, ShareAnswer
from dialogs.turn import AnswerAction, CommandAction

BOT = "UBOTADVSR"


def event(**fields: Any) -> dict[str, Any]:
    ev = {"type": "app_mention", "user": "U1", "channel": "C1", "ts": "100.1",
          "text": f"<@{BOT}> start"}
    ev.update(fields)
    return {"team_id": "T1", "event_id": "Ev1", "type": "event_callback", "event": ev}


def click(value: str, *, block_id: str = "advisor:answers:scope", channel: str = "C1",
          thread_ts: str | None = "100.1", ephemeral: bool = False,
          action_id: str = "advisor:answer:scope:bounded") -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "block_actions", "user": {"id": "U1", "team_id": "T1"}, "team": {"id": "T1"},
        "container": {"type": "message", "message_ts": "200.2", "channel_id": channel,
                      "is_ephemeral": ephemeral},
        "response_url": "https://hooks.example/r/1", "trigger_id": "tr1",
        "actions": [{"action_id": action_id, "block_id": block_id, "value": value,
                     "action_ts": "300.3"}],
    }
    if not ephemeral:
        body["message"] = {"ts": "200.2", **({"thread_ts": thread_ts} if thread_ts else {})}
    return body


def test_mention_starts_a_thread_scope_and_drops_the_mention() -> None:
    got = translate.from_event(event(), bot_user_id=BOT)
    assert isinstance(got, Inbound)
    t = got.turn
    assert (t.platform, t.tenant, t.conversation, t.thread, t.user, t.text, t.surface) == (
        "slack", "T1", "C1", "100.1", "U1", "start", "channel")
    assert t.event_id == "Ev1"
    assert got.target.thread_ts == "100.1" and got.target.channel == "C1"


def test_mention_inside_a_thread_uses_the_thread() -> None:
    got = translate.from_event(event(ts="100.9", thread_ts="100.1"), bot_user_id=BOT)
    assert got is not None and got.turn.thread == "100.1" and got.target.thread_ts == "100.1"


def test_mention_text_keeps_other_mentions_as_text_and_decodes_entities() -> None:
    text = f"<@{BOT}|advisor> is <@U123> ok &lt;!channel&gt; R&amp;D <@{BOT}>"
    got = translate.from_event(event(text=text), bot_user_id=BOT)
    assert got is not None and got.turn.text == "is <@U123> ok <!channel> R&D"


def test_mention_before_the_bot_id_is_known_strips_the_first_mention() -> None:
    assert translate.clean_text("<@UX> hello", None) == "hello"


def test_dm_top_level_has_no_thread_and_dm_threads_are_their_own_scope() -> None:
    top = translate.from_event(event(type="message", channel="D1", channel_type="im", text="hi"),
                               bot_user_id=BOT)
    assert top is not None
    assert (top.turn.conversation, top.turn.thread, top.turn.surface) == ("D1", None, "dm")
    threaded = translate.from_event(event(type="message", channel="D1", channel_type="im",
                                          text="hi", thread_ts="50.5"), bot_user_id=BOT)
    assert threaded is not None and threaded.turn.thread == "50.5"
    assert threaded.target.thread_ts == "50.5"


@pytest.mark.parametrize("fields", [
    {"bot_id": "B9"},
    {"user": BOT},
    {"subtype": "message_changed"},
    {"subtype": "message_deleted"},
    {"subtype": "bot_message"},
    {"subtype": "channel_join"},
    {"user": None},
    {"channel": "D1"},  # a mention in a DM: the message event carries it
    {"type": "message", "channel_type": "channel"},  # not a DM
    {"type": "reaction_added"},
])
def test_ignored_events(fields: dict[str, Any]) -> None:
    assert translate.from_event(event(**fields), bot_user_id=BOT) is None


@pytest.mark.parametrize(("value", "expected"), [
    ("scope=bounded", AnswerAction(factor="scope", answer="bounded")),
    ("scope=nonsense", AnswerAction(factor="scope", answer="nonsense")),
    ("cmd:back", CommandAction(command="back")),
    ("cmd:rm -rf", CommandAction(command="rm -rf")),
    ("garbage", CommandAction(command="?garbage")),
    ("=x", CommandAction(command="?=x")),
    ("", CommandAction(command="?")),
])
def test_button_values_are_parsed_but_not_trusted(value: str, expected: Any) -> None:
    assert translate.parse_value(value) == expected


def test_click_in_a_channel_thread_updates_the_question_in_place() -> None:
    got = translate.from_action(click("scope=bounded"))
    assert isinstance(got, Inbound)
    assert (got.turn.conversation, got.turn.thread, got.turn.surface) == ("C1", "100.1", "channel")
    assert got.turn.action == AnswerAction(factor="scope", answer="bounded")
    assert got.turn.event_id == "action:300.3:U1"
    assert got.target.update_ts == "200.2" and got.target.thread_ts == "100.1"


def test_click_outside_a_question_posts_a_new_message() -> None:
    got = translate.from_action(click("cmd:why", block_id="advisor:rec-actions"))
    assert isinstance(got, Inbound) and got.target.update_ts is None
    assert got.turn.action == CommandAction(command="why")


def test_click_on_a_top_level_channel_message_scopes_to_its_thread() -> None:
    got = translate.from_action(click("cmd:start", thread_ts=None, block_id="advisor:text-actions"))
    assert isinstance(got, Inbound) and got.turn.thread == "200.2"


def test_click_in_a_dm() -> None:
    got = translate.from_action(click("scope=open", channel="D1", thread_ts=None))
    assert isinstance(got, Inbound)
    assert (got.turn.conversation, got.turn.thread, got.target.surface) == ("D1", None, "dm")


def test_click_on_an_ephemeral_message_goes_to_the_response_url() -> None:
    got = translate.from_action(click("scope=open", ephemeral=True))
    assert isinstance(got, Inbound)
    assert got.turn.thread == "slash-U1" and got.turn.surface == "slash"
    assert got.target.response_url == "https://hooks.example/r/1"
    assert got.target.replace_original is True


def test_share_of_a_private_answer() -> None:
    got = translate.from_action(click("share:ask:what is an SLA?", ephemeral=True,
                                      block_id="advisor:ask-actions",
                                      action_id="advisor:share:ask"))
    assert isinstance(got, ShareAnswer) and got.question == "what is an SLA?"


def test_home_button() -> None:
    body = click("cmd:start", action_id="advisor:home:start", block_id="advisor:home:actions")
    body["container"] = {"type": "view", "view_id": "V1"}
    body["view"] = {"type": "home", "id": "V1"}
    got = translate.from_action(body)
    assert isinstance(got, HomeStart) and got.user == "U1"
    inbound = translate.home_turn(got, "D77")
    assert inbound.turn.conversation == "D77" and inbound.turn.thread is None
    assert inbound.turn.action == CommandAction(command="start")
    assert inbound.target.channel == "D77"


def test_foreign_actions_are_not_ours() -> None:
    assert translate.from_action(click("x", action_id="someone-else")) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("", "help"),
    ("   ", "help"),
    ("start", "start"),
    ("ask what is an SLA?", "ask what is an SLA?"),
    ("assess they want 24/7 monitoring &amp; a 99.9% SLA", "assess they want 24/7 monitoring & a 99.9% SLA"),
    ("forget", "forget"),
    ("frobnicate", "frobnicate"),
])
def test_slash_command(text: str, expected: str) -> None:
    got = translate.from_command({"team_id": "T1", "user_id": "U1", "channel_id": "C9",
                                  "command": "/advisor", "text": text, "trigger_id": "tr9",
                                  "response_url": "https://hooks.example/c/1"})
    assert got is not None
    assert got.turn.text == expected
    assert (got.turn.conversation, got.turn.thread, got.turn.surface) == ("C9", "slash-U1", "slash")
    assert got.turn.event_id == "command:tr9"
    assert got.target.response_url == "https://hooks.example/c/1"
