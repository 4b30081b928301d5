"""Channel threads like a colleague: typed replies in a thread that holds an assessment are read
without an @mention (``message.channels`` / ``message.groups``), every other channel message is
dropped without a store write, a Web API call or a log line that carries it."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.slack.render import markers
from bot.store.memory import MemorySessionStore
from dialogs import texts as T
from tests.slack.support import SlackDriver, observe
from tests.standins.slack_api import BOT_ID, BOT_USER_ID
from tests.support.apps import MakeSlack
from tests.support.defaults import memory_store

THREAD = "1000.000100"
SECRET_TEXT = "zebra-quartz confidential pricing 1"
"""A message nobody addressed to the advisor: it must not show up anywhere."""


@pytest.fixture
def store() -> MemorySessionStore:
    return memory_store()


@pytest.fixture
async def slack(make_slack: MakeSlack, store: MemorySessionStore) -> SlackDriver:
    return await make_slack(store)


def channel_message(slack: SlackDriver, channel: str, text: str, *, thread_ts: str | None = THREAD,
                    user: str = "U2", **extra: Any) -> dict[str, Any]:
    """A ``message.channels`` (C…) or ``message.groups`` (G…) event as Slack sends it."""
    event: dict[str, Any] = {
        "type": "message", "channel": channel, "user": user, "text": text, "ts": slack.ts(),
        "team": slack.team, "channel_type": "group" if channel.startswith("G") else "channel",
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return {**event, **extra}


def entries(store: MemorySessionStore) -> dict[str, str]:
    """Everything stored: sessions and event claims."""
    return {name: entry.value for name, entry in store._entries.items()}


@pytest.mark.parametrize("channel", ["C1", "G1"])
async def test_a_typed_reply_in_an_assessment_thread_is_read_without_a_mention(
    slack: SlackDriver, channel: str,
) -> None:
    await slack.mention(channel, "U1", "start", ts=THREAD)
    (factor,) = markers(slack.last("advisor:q:").blocks, "q")
    before = len(slack.api.calls)

    status, _ = await slack.event(channel_message(slack, channel, "1"))

    assert status == 200
    seen = observe(slack.api.calls[before:])
    assert seen.questions and seen.questions[-1] != factor
    posted = slack.api.of("chat.postMessage")[-1]
    assert posted.body["channel"] == channel and posted.body["thread_ts"] == THREAD
    session = await slack.stored(f"slack:{slack.team}:{channel}:{THREAD}")
    assert session is not None and factor in session.answers


async def test_a_question_typed_in_an_assessment_thread_keeps_the_assessment(
    slack: SlackDriver,
) -> None:
    await slack.mention("C1", "U1", "start", ts=THREAD)
    before = len(slack.api.calls)
    await slack.event(channel_message(slack, "C1", "what is an SLA?"))
    seen = observe(slack.api.calls[before:])
    assert seen.passages >= 1
    session = await slack.stored(f"slack:{slack.team}:C1:{THREAD}")
    assert session is not None and session.stage == "asking"


async def test_replies_after_a_description_and_a_reset_are_still_read(slack: SlackDriver) -> None:
    await slack.mention("C1", "U1", "they want us to run 24/7 monitoring with a 99.9% SLA, we "
                        "own the outcome and pick the tooling", ts=THREAD)
    for text in ("why", "reset", "start"):
        before = len(slack.api.calls)
        await slack.event(channel_message(slack, "C1", text))
        replies = [c for c in slack.api.calls[before:] if c.method == "chat.postMessage"]
        assert replies and all(c.body["thread_ts"] == THREAD for c in replies), text
    session = await slack.stored(f"slack:{slack.team}:C1:{THREAD}")
    assert session is not None and session.stage == "asking" and session.assessments >= 1


def ignored_cases(slack: SlackDriver) -> dict[str, dict[str, Any]]:
    """Channel messages the advisor must not read, with an assessment running in ``THREAD``."""
    return {
        "top level of the channel": channel_message(slack, "C1", SECRET_TEXT, thread_ts=None),
        "another thread": channel_message(slack, "C1", SECRET_TEXT, thread_ts="2000.000100"),
        "another channel's thread of the same ts": channel_message(slack, "C2", SECRET_TEXT),
        "a private channel's top level": channel_message(slack, "G1", SECRET_TEXT, thread_ts=None),
        "a bot's reply": channel_message(slack, "C1", SECRET_TEXT, bot_id="B0OTHER",
                                         subtype="bot_message"),
        "the advisor's own reply": channel_message(slack, "C1", SECRET_TEXT, user=BOT_USER_ID,
                                                   bot_id=BOT_ID),
        "an edit": channel_message(slack, "C1", SECRET_TEXT, subtype="message_changed"),
        "a deletion": channel_message(slack, "C1", SECRET_TEXT, subtype="message_deleted"),
        "someone joining": channel_message(slack, "C1", SECRET_TEXT, subtype="channel_join"),
        "files only": channel_message(slack, "C1", "", subtype="file_share",
                                      files=[{"id": "F1", "name": "x.pdf"}]),
        "a group DM (mpim)": {**channel_message(slack, "C1", SECRET_TEXT), "channel_type": "mpim"},
    }


async def test_every_other_channel_message_is_dropped_unstored_and_unlogged(
    slack: SlackDriver, store: MemorySessionStore, caplog: pytest.LogCaptureFixture,
) -> None:
    await slack.mention("C1", "U1", "start", ts=THREAD)
    for name, event in ignored_cases(slack).items():
        stored = entries(store)
        calls = len(slack.api.calls)
        caplog.clear()
        with caplog.at_level(logging.DEBUG):
            status, _ = await slack.event(event)
        assert status == 200, name
        assert entries(store) == stored, f"{name}: the store was written"
        assert slack.api.calls[calls:] == [], f"{name}: the advisor answered"
        assert not [r for r in caplog.records if SECRET_TEXT in r.getMessage()
                    or SECRET_TEXT in str(r.__dict__)], f"{name}: logged"
        assert not [r for r in caplog.records if r.name.startswith("advisor.")], name


async def test_a_thread_holding_only_a_question_is_not_read(
    slack: SlackDriver, store: MemorySessionStore,
) -> None:
    """A mention that asked the knowledge base (no assessment) leaves the thread to people."""
    await slack.mention("C1", "U1", "what is an SLA?", ts=THREAD)
    assert await slack.stored(f"slack:{slack.team}:C1:{THREAD}") is not None
    stored, calls = entries(store), len(slack.api.calls)
    await slack.event(channel_message(slack, "C1", SECRET_TEXT))
    assert entries(store) == stored and slack.api.calls[calls:] == []


async def test_a_reply_that_mentions_the_advisor_is_answered_once(slack: SlackDriver) -> None:
    """Slack sends such a reply twice, as ``app_mention`` and as ``message``: one answer."""
    await slack.mention("C1", "U1", "start", ts=THREAD)
    before = len(slack.api.calls)
    ts = slack.ts()
    text = f"<@{BOT_USER_ID}> 1"
    await slack.event({"type": "app_mention", "user": "U2", "channel": "C1", "ts": ts,
                       "thread_ts": THREAD, "text": text, "team": slack.team})
    await slack.event({**channel_message(slack, "C1", text), "ts": ts})
    sent = [c for c in slack.api.calls[before:] if c.method in ("chat.postMessage", "chat.update")]
    assert len(observe(sent).questions) == 1, [c.method for c in sent]
    session = await slack.stored(f"slack:{slack.team}:C1:{THREAD}")
    assert session is not None and len(session.answers) == 1


async def test_a_redelivered_thread_reply_is_answered_once(slack: SlackDriver) -> None:
    await slack.mention("C1", "U1", "start", ts=THREAD)
    event = channel_message(slack, "C1", "1")
    before = len(slack.api.calls)
    await slack.event(event, event_id="Ev0THREAD1")
    await slack.event(event, event_id="Ev0THREAD1", headers={"X-Slack-Retry-Num": "1",
                                                             "X-Slack-Retry-Reason": "timeout"})
    sent = [c for c in slack.api.calls[before:] if c.method == "chat.postMessage"]
    assert len(sent) == 1


def type_hint(blocks: list[dict[str, Any]], factor: str) -> str:
    (hint,) = [e["text"] for b in blocks if b.get("block_id") == f"advisor:type:{factor}"
               for e in b["elements"]]
    return str(hint)


async def test_the_channel_question_s_hint_says_what_the_thread_reads(slack: SlackDriver) -> None:
    """The hint under a question in a channel thread is true: a plain reply answers it."""
    await slack.mention("C1", "U1", "start", ts=THREAD)
    q = slack.last("advisor:q:")
    (factor,) = markers(q.blocks, "q")
    hint = type_hint(q.blocks, factor)
    assert hint == T.TYPE_HINTS["channel"] and "reply in this thread" in hint

    await slack.event(channel_message(slack, "C1", "1"))  # as the hint says: no mention
    session = await slack.stored(f"slack:{slack.team}:C1:{THREAD}")
    assert session is not None and factor in session.answers


async def test_a_practice_question_in_a_channel_asks_for_a_mention(slack: SlackDriver) -> None:
    """The learn path is not an assessment: its thread is not read without a mention, and the
    practice question's hint says so; a mention answers it."""
    await slack.mention("C1", "U1", "learn", ts=THREAD)
    practice = slack.last("advisor:type:practice")
    assert type_hint(practice.blocks, "practice") == T.MENTION_HINT
    before = len(slack.api.calls)
    await slack.event(channel_message(slack, "C1", "1"))
    assert slack.api.calls[before:] == [], "an unaddressed reply in a learn thread is not read"
    await slack.mention("C1", "U1", "1", thread_ts=THREAD)
    assert observe(slack.api.calls[before:]).texts, "a mention answers the practice question"
