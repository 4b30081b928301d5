"""An unrecognised or stale click keeps the question and its buttons: nothing is replaced, the
clicker alone gets an ephemeral note (chat.postEphemeral, or the response_url with
``replace_original`` false for a click on an ephemeral message)."""

from __future__ import annotations

import pytest

from bot.slack.render import markers
from dialogs import texts as T
from tests.slack.support import Posted, SlackDriver, dm_of, observe
from tests.standins.slack_api import Call

JUNK = ("{factor}=nonsense", "nofactor=x", "cmd:self-destruct", "garbage", "")


def public(calls: list[Call]) -> list[Call]:
    return [c for c in calls if c.method in ("chat.update", "chat.postMessage")]


async def click_junk(slack: SlackDriver, q: Posted, value: str, *,
                     action_id: str | None = None) -> list[Call]:
    (factor,) = markers(q.blocks, "q")
    before = len(slack.api.calls)
    status, _ = await slack.click_raw(
        "U1", channel=q.channel, message_ts=q.ts, thread_ts=q.thread_ts,
        value=value.format(factor=factor), action_id=action_id or f"advisor:answer:{factor}:x",
        block_id=f"advisor:answers:{factor}", message_blocks=q.blocks)
    assert status == 200
    return slack.api.calls[before:]


@pytest.mark.parametrize("where", ["dm", "thread"])
async def test_an_unrecognised_click_keeps_the_question_and_notes_it_ephemerally(
    slack: SlackDriver, where: str,
) -> None:
    if where == "dm":
        await slack.dm("U1", "start")
        channel, thread = dm_of("U1"), None
    else:
        await slack.mention("C1", "U1", "start", ts="1000.0001")
        channel, thread = "C1", "1000.0001"
    q = slack.last("advisor:q:")
    scope = f"slack:{slack.team}:{channel}" + (f":{thread}" if thread else "")
    stored = await slack.stored(scope)
    for value in JUNK:
        calls = await click_junk(slack, q, value)
        assert public(calls) == [], f"{value!r}: the question was replaced or reposted"
        (note,) = [c for c in calls if c.method == "chat.postEphemeral"]
        assert note.answer["ok"], note.answer
        assert note.body["channel"] == channel and note.body["user"] == "U1"
        assert note.body.get("thread_ts") == thread
        assert any("didn't recognise" in t for t in observe([note]).texts), value
        assert slack.last("advisor:q:").blocks == q.blocks, "buttons still there"
    assert await slack.stored(scope) == stored


async def test_a_retired_advisor_button_gets_the_same_note(slack: SlackDriver) -> None:
    """A button of an older release (an ``advisor:`` action id this one does not draw)."""
    await slack.dm("U1", "start")
    q = slack.last("advisor:q:")
    calls = await click_junk(slack, q, "", action_id="advisor:retired-thing")
    assert public(calls) == []
    assert [c.method for c in calls] == ["chat.postEphemeral"]


async def test_an_unrecognised_click_on_a_private_question_answers_beside_it(
    slack: SlackDriver,
) -> None:
    await slack.command("U1", "C1", "start")
    (first,) = slack.api.of("response_url")
    q = Posted(channel="C1", ts="ephemeral", thread_ts=None, blocks=first.blocks)
    (factor,) = markers(q.blocks, "q")
    before = len(slack.api.calls)
    await slack.click_raw("U1", channel="C1", message_ts="ephemeral", ephemeral=True,
                          value=f"{factor}=nonsense", action_id=f"advisor:answer:{factor}:x",
                          block_id=f"advisor:answers:{factor}")
    (hook,) = [c for c in slack.api.calls[before:] if c.method == "response_url"]
    assert hook.body["replace_original"] is False and hook.body["response_type"] == "ephemeral"
    assert any(T.UNKNOWN_ACTION.split(",")[0] in t for t in observe([hook]).texts)
    assert public(slack.api.calls) == []


async def test_a_valid_click_still_updates_the_question_in_place(slack: SlackDriver) -> None:
    await slack.dm("U1", "start")
    q = slack.last("advisor:q:")
    (factor,) = markers(q.blocks, "q")
    value = next(e["value"] for b in q.blocks if b["type"] == "actions"
                 for e in b["elements"] if e["value"].startswith(f"{factor}="))
    before = len(slack.api.calls)
    await slack.click("U1", q, value)
    (update,) = [c for c in slack.api.calls[before:] if c.method == "chat.update"]
    assert update.body["ts"] == q.ts and markers(update.blocks, "q") != [factor]
    assert not [c for c in slack.api.calls[before:] if c.method == "chat.postEphemeral"]
