"""Share to channel: from a DM the advisor asks which channel (Slack's conversation picker) and
posts there; in a channel it posts to the channel; through the server and the stand-in."""

from __future__ import annotations

from typing import Any

from bot.slack.render import markers, unescape
from bot.slack.share import NOT_POSTED, SHARE_TO_ACTION, SHARED
from tests.slack.support import Posted, SlackDriver, dm_of, has_button, section_texts
from tests.slack.test_slack_flows import answer_by_clicks
from tests.standins.slack_api import Call
from tests.support.profiles import PROFILES

DM = dm_of("U1")


def sent(slack: SlackDriver, since: int, method: str) -> list[Call]:
    """Successful calls to ``method`` from call number ``since`` on."""
    return [c for c in slack.api.calls[since:] if c.method == method and c.answer.get("ok")]


def pickers(message: Posted) -> list[dict[str, Any]]:
    return [e for b in message.blocks if b.get("type") == "actions"
            for e in b.get("elements", []) if e.get("type") == "conversations_select"]


async def recommendation_in_dm(slack: SlackDriver) -> Posted:
    await slack.dm("U1", "start")
    return await answer_by_clicks(slack, "U1", DM, PROFILES["managed_services"])


async def test_share_in_a_dm_asks_which_channel_then_posts_there(slack: SlackDriver) -> None:
    rec = await recommendation_in_dm(slack)
    before = len(slack.api.calls)
    status, _ = await slack.click("U1", rec, "cmd:share")
    assert status == 200
    (picker,) = slack.posted(before)
    assert picker.channel == DM and picker.ts != rec.ts, "the recommendation stays as it was"
    (select,) = pickers(picker)
    assert select["action_id"] == SHARE_TO_ACTION
    assert select["filter"] == {"include": ["public", "private"], "exclude_bot_users": True}
    assert any("which channel" in t for t in section_texts(picker.blocks))
    assert not [c for c in slack.api.calls[before:] if c.body.get("channel", DM) != DM]

    before = len(slack.api.calls)
    status, _ = await slack.select_conversation("U1", picker, "C0SALES")
    assert status == 200
    (copy,) = sent(slack, before, "chat.postMessage")
    assert copy.body["channel"] == "C0SALES" and "thread_ts" not in copy.body
    assert markers(copy.blocks, "rec") == ["managed_services"]
    assert not [b for b in copy.blocks if b["type"] == "actions"], "a read-only copy"
    footer = [b for b in copy.blocks if b.get("block_id") == "advisor:shared"]
    assert section_texts(footer) == ["Shared by <@U1>"], "the footer says who shared it, only"
    (update,) = sent(slack, before, "chat.update")
    assert update.body["channel"] == DM and update.body["ts"] == picker.ts
    assert not [b for b in update.blocks if b["type"] == "actions"], "the picker is done"
    assert unescape(SHARED.text) in " ".join(unescape(t) for t in section_texts(update.blocks))


async def test_a_picked_channel_the_advisor_is_not_in_keeps_the_picker(slack: SlackDriver) -> None:
    rec = await recommendation_in_dm(slack)
    before = len(slack.api.calls)
    await slack.click("U1", rec, "cmd:share")
    (picker,) = slack.posted(before)
    slack.api.fail("chat.postMessage", status=200, error="not_in_channel")
    before = len(slack.api.calls)
    await slack.select_conversation("U1", picker, "C0PRIVATE")
    tried = [c for c in slack.api.calls[before:] if c.method == "chat.postMessage"]
    assert tried[0].body["channel"] == "C0PRIVATE" and tried[0].answer["error"] == "not_in_channel"
    assert not [c for c in slack.api.calls[before:] if c.method == "chat.update"], "picker kept"
    (note,) = sent(slack, before, "chat.postMessage")
    assert note.body["channel"] == DM
    assert "Invite me" in " ".join(section_texts(note.blocks)) and NOT_POSTED.tone == "error"

    before = len(slack.api.calls)
    await slack.select_conversation("U1", picker, "C0SALES")  # invited now: pick again
    assert [c.body["channel"] for c in sent(slack, before, "chat.postMessage")] == ["C0SALES"]


async def test_share_in_a_dm_before_any_answer_says_so_and_offers_no_picker(
    slack: SlackDriver,
) -> None:
    await slack.dm("U1", "start")
    question = slack.last("advisor:q:")
    before = len(slack.api.calls)
    await slack.click_raw("U1", channel=DM, message_ts=question.ts, value="cmd:share",
                          action_id="advisor:cmd:share", block_id="advisor:rec-actions",
                          message_blocks=question.blocks)
    shown = slack.posted(before)
    assert shown and not any(pickers(m) for m in shown)
    assert all(m.channel == DM for m in shown)


async def test_a_stale_picker_posts_nothing_to_the_channel(slack: SlackDriver) -> None:
    """The DM was forgotten after the picker was shown: nothing to share, said in the DM."""
    rec = await recommendation_in_dm(slack)
    before = len(slack.api.calls)
    await slack.click("U1", rec, "cmd:share")
    (picker,) = slack.posted(before)
    await slack.dm("U1", "forget")
    before = len(slack.api.calls)
    await slack.select_conversation("U1", picker, "C0SALES")
    shown = [c for c in slack.api.calls[before:] if c.method.startswith("chat.")]
    assert shown and all(c.body["channel"] == DM for c in shown)


async def test_share_in_a_channel_posts_to_the_channel(slack: SlackDriver) -> None:
    await slack.mention("C1", "U1", "start", ts="1000.0001")
    rec = await answer_by_clicks(slack, "U1", "C1", PROFILES["staff_augmentation"])
    assert has_button(rec.blocks, "cmd:share")
    before = len(slack.api.calls)
    await slack.click("U1", rec, "cmd:share")
    (shared,) = slack.posted(before)
    assert shared.channel == "C1" and shared.thread_ts is None
    assert not pickers(shared) and markers(shared.blocks, "rec") == ["staff_augmentation"]


async def test_a_copy_sent_as_text_only_is_reported_as_shared(slack: SlackDriver) -> None:
    """Slack refuses the copy's blocks, takes the text-only fallback: the copy is in the channel,
    so the picker becomes the confirmation (not the "could not post" note)."""
    rec = await recommendation_in_dm(slack)
    before = len(slack.api.calls)
    await slack.click("U1", rec, "cmd:share")
    (picker,) = slack.posted(before)
    slack.api.fail("chat.postMessage", status=200, error="invalid_blocks")
    before = len(slack.api.calls)
    await slack.select_conversation("U1", picker, "C0SALES")
    tried = [c for c in slack.api.calls[before:] if c.method == "chat.postMessage"]
    assert [c.body["channel"] for c in tried] == ["C0SALES", "C0SALES"], "no note in the DM"
    assert tried[0].answer["error"] == "invalid_blocks"
    (copy,) = sent(slack, before, "chat.postMessage")
    assert not copy.body.get("blocks") and "Managed services" in copy.body["text"]
    assert "share = " not in copy.body["text"], "a read-only copy names no commands"
    (update,) = sent(slack, before, "chat.update")
    assert update.body["channel"] == DM and update.body["ts"] == picker.ts
    shown = " ".join(unescape(t) for t in section_texts(update.blocks))
    assert unescape(SHARED.text) in shown and "Invite me" not in shown
