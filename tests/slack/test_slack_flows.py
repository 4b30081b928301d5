"""End to end through the aiohttp app: mentions, threads, DMs, buttons, App Home and sharing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.slack.render import markers
from dialogs.turn import MAX_TEXT_CHARS
from tests.slack.support import (
    Posted,
    SlackDriver,
    dm_of,
    has_button,
    observe,
    section_texts,
    shown_texts,
)
from tests.standins.slack_api import BOT_USER_ID
from tests.support.profiles import PROFILES


async def answer_by_clicks(slack: SlackDriver, user: str, channel: str,
                           profile: dict[str, str]) -> Posted:
    """Click the profile's answer on the question shown until a recommendation appears."""
    for _ in range(10):
        msg = slack.last("advisor:", channel=channel)
        if markers(msg.blocks, "rec"):
            return msg
        (factor,) = markers(msg.blocks, "q")
        status, _ = await slack.click(user, msg, f"{factor}={profile[factor]}")
        assert status == 200
    raise AssertionError("no recommendation after ten clicks")


@pytest.mark.parametrize("model", list(PROFILES))
async def test_whole_assessment_by_buttons_in_a_thread(slack: SlackDriver, model: str) -> None:
    status, body = await slack.mention("C1", "U1", "start", ts="1000.0001")
    assert (status, body) == (200, "")
    (first,) = slack.posted()
    assert (first.channel, first.thread_ts) == ("C1", "1000.0001")
    assert markers(first.blocks, "q") and "Question 1 of 8" in json.dumps(first.blocks)

    final = await answer_by_clicks(slack, "U1", "C1", PROFILES[model])

    assert markers(final.blocks, "rec") == [model]
    if model == "mismatch":
        assert "unmanaged_managed_services" in markers(final.blocks, "warn")
    # One message in the thread, updated in place for every click.
    posts = slack.api.of("chat.postMessage")
    assert len(posts) == 1 and posts[0].body["thread_ts"] == "1000.0001"
    updates = slack.api.of("chat.update")
    assert len(updates) >= 2
    assert {(u.body["channel"], u.body["ts"]) for u in updates} == {("C1", first.ts)}
    progress = [t for u in updates[:-1] for t in section_texts(u.blocks) if " of 8" in t]
    assert len(progress) == len(updates) - 1
    session = await slack.stored(f"slack:{slack.team}:C1:1000.0001")
    assert session is not None and session.stage == "done"


async def test_back_restores_the_previous_question_in_place(slack: SlackDriver) -> None:
    await slack.mention("C1", "U1", "start", ts="1000.0001")
    q1 = slack.last("advisor:q:")
    (f1,) = markers(q1.blocks, "q")
    await slack.click("U1", q1, f"{f1}={PROFILES['managed_services'][f1]}")
    q2 = slack.last("advisor:q:")
    assert q2.ts == q1.ts and markers(q2.blocks, "q") != [f1]
    await slack.click("U1", q2, "cmd:back")
    q3 = slack.last("advisor:q:")
    assert q3.ts == q1.ts and markers(q3.blocks, "q") == [f1]
    assert len(slack.api.of("chat.postMessage")) == 1


async def test_why_share_and_start_over_after_a_recommendation(slack: SlackDriver) -> None:
    await slack.mention("C1", "U1", "start", ts="1000.0001")
    rec = await answer_by_clicks(slack, "U1", "C1", PROFILES["staff_augmentation"])
    for value in ("cmd:why", "cmd:share", "cmd:start"):
        assert has_button(rec.blocks, value), value

    before = len(slack.api.calls)
    await slack.click("U1", rec, "cmd:why")
    (why,) = slack.posted(before)
    assert why.thread_ts == "1000.0001" and why.ts != rec.ts
    assert any("current leaning" in t.lower() for t in observe(slack.api.calls[before:]).texts)

    before = len(slack.api.calls)
    await slack.click("U1", rec, "cmd:share")
    (shared,) = slack.posted(before)
    assert shared.channel == "C1" and shared.thread_ts is None, "shared to the channel itself"
    assert markers(shared.blocks, "rec") == ["staff_augmentation"]
    assert not [b for b in shared.blocks if b["type"] == "actions"], "a read-only copy"
    assert any("Shared by <@U1>" in t for t in section_texts(shared.blocks))

    before = len(slack.api.calls)
    await slack.click("U1", rec, "cmd:start")
    (again,) = slack.posted(before)
    assert again.thread_ts == "1000.0001" and markers(again.blocks, "q")
    assert again.ts != rec.ts, "the recommendation stays in the thread"


async def test_a_description_in_a_mention_prefills_answers(slack: SlackDriver) -> None:
    await slack.mention("C1", "U1", "they want us to run 24/7 monitoring with a 99.9% SLA, and "
                        "we decide the tooling", ts="1000.0001")
    (msg,) = slack.posted()
    seen = observe(slack.api.of("chat.postMessage"))
    assert any("picked up" in t.lower() for t in seen.texts)
    assert seen.questions and seen.questions[-1] not in ("scope", "measurability")
    session = await slack.stored(f"slack:{slack.team}:C1:1000.0001")
    assert session is not None and session.inferred
    assert msg.thread_ts == "1000.0001"


async def test_typed_answers_in_a_thread_mention(slack: SlackDriver) -> None:
    await slack.mention("C1", "U1", "start", ts="1000.0001")
    (factor,) = markers(slack.last("advisor:q:").blocks, "q")
    before = len(slack.api.calls)
    await slack.mention("C1", "U2", "1", ts="1000.0005", thread_ts="1000.0001")
    seen = observe(slack.api.calls[before:])
    assert seen.questions and seen.questions[-1] != factor
    session = await slack.stored(f"slack:{slack.team}:C1:1000.0001")
    assert session is not None and factor in session.answers


async def test_each_thread_is_its_own_assessment(slack: SlackDriver) -> None:
    await slack.mention("C1", "U1", "start", ts="1000.0001")
    await slack.mention("C1", "U1", "start", ts="2000.0001")
    a = slack.last("advisor:q:")
    (factor,) = markers(a.blocks, "q")
    await slack.click("U1", a, f"{factor}={PROFILES['mismatch'][factor]}")
    one = await slack.stored(f"slack:{slack.team}:C1:1000.0001")
    two = await slack.stored(f"slack:{slack.team}:C1:2000.0001")
    assert one is not None and two is not None
    assert not one.answers and two.answers == {factor: PROFILES["mismatch"][factor]}


async def test_dm_questions_are_answered_from_the_knowledge_base(slack: SlackDriver) -> None:
    await slack.dm("U1", "What is staff augmentation?")
    (answer,) = slack.posted()
    assert answer.channel == dm_of("U1") and answer.thread_ts is None
    assert markers(answer.blocks, "passage"), "at least one passage"
    titles = [t for t in section_texts(answer.blocks) if t.startswith(":books:")]
    assert titles

    await slack.dm("U1", "start")
    (factor,) = markers(slack.last("advisor:q:").blocks, "q")
    before = len(slack.api.calls)
    await slack.dm("U1", "How does managed services differ from staff augmentation?")
    seen = observe(slack.api.calls[before:])
    assert seen.passages > 0 and seen.questions == [factor], "the place is kept"

    before = len(slack.api.calls)
    await slack.dm("U1", "What's the weather like tomorrow?")
    seen = observe(slack.api.calls[before:])
    assert seen.passages == 0 and seen.fallback


async def test_dm_threads_reply_in_the_thread(slack: SlackDriver) -> None:
    await slack.dm("U1", "start", thread_ts="77.7")
    (msg,) = slack.posted()
    assert msg.thread_ts == "77.7"
    assert await slack.stored(f"slack:{slack.team}:{dm_of('U1')}:77.7") is not None


async def test_unknown_button_values_get_a_polite_reply_and_change_nothing(slack: SlackDriver) -> None:
    await slack.dm("U1", "start")
    q = slack.last("advisor:q:")
    (factor,) = markers(q.blocks, "q")
    stored = await slack.stored(f"slack:{slack.team}:{dm_of('U1')}")
    for value in (f"{factor}=nonsense", "nofactor=x", "cmd:self-destruct", "garbage", ""):
        before = len(slack.api.calls)
        status, _ = await slack.click_raw("U1", channel=q.channel, message_ts=q.ts, value=value,
                                          action_id=f"advisor:answer:{factor}:x",
                                          block_id=f"advisor:answers:{factor}",
                                          message_blocks=q.blocks)
        assert status == 200
        seen = observe(slack.api.calls[before:])
        assert any("didn't recognise" in t for t in seen.texts), value
    after = await slack.stored(f"slack:{slack.team}:{dm_of('U1')}")
    assert after == stored


async def test_app_home_welcomes_and_starts_an_assessment_in_the_dm(slack: SlackDriver) -> None:
    status, _ = await slack.event({"type": "app_home_opened", "user": "U1", "channel": "D1",
                                   "tab": "home"})
    assert status == 200
    (publish,) = slack.api.of("views.publish")
    assert publish.body["user_id"] == "U1"
    view = publish.body["view"]
    assert view["type"] == "home"
    text = " ".join(section_texts(view["blocks"]))
    assert "Welcome" in text and "What I do" in text
    assert has_button(view["blocks"], "cmd:start")

    await slack.click_raw("U1", channel="", message_ts="", value="cmd:start",
                          action_id="advisor:home:start", block_id="advisor:home:actions",
                          view={"id": "V0HOME", "type": "home", "blocks": view["blocks"]})
    (opened,) = slack.api.of("conversations.open")
    assert opened.body["users"] == "U1"
    (msg,) = slack.posted()
    assert msg.channel == dm_of("U1") and msg.thread_ts is None
    assert markers(msg.blocks, "q")
    # Typing in the DM continues the same assessment.
    await slack.dm("U1", "1")
    session = await slack.stored(f"slack:{slack.team}:{dm_of('U1')}")
    assert session is not None and len(session.answers) == 1


async def test_the_messages_tab_does_not_republish_home(slack: SlackDriver) -> None:
    await slack.event({"type": "app_home_opened", "user": "U1", "channel": "D1",
                       "tab": "messages"})
    assert not slack.api.of("views.publish")


async def test_mention_of_only_the_bot_gets_help(slack: SlackDriver) -> None:
    await slack.event({"type": "app_mention", "user": "U1", "channel": "C1", "ts": "9.9",
                       "text": f"<@{BOT_USER_ID}>"})
    seen = observe(slack.api.of("chat.postMessage"))
    assert any("guided assessment" in t for t in seen.texts)


def _injected(slack: SlackDriver) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for call in slack.api.calls:
        if call.method in ("chat.postMessage", "chat.update", "chat.postEphemeral",
                           "response_url", "views.publish"):
            out.append((call.method, call.body))
    return out


RAW = ("<!channel>", "<!here>", "<@U123>", "<https://evil", "<!subteam")
INJECTION = "<!channel> <!here> <@U123> <https://evil.example|click> <!subteam^S1>"


def assert_no_raw_tokens(slack: SlackDriver) -> None:
    bodies = _injected(slack)
    assert bodies
    for method, body in bodies:
        shown = shown_texts(body)
        for text in shown:
            for token in RAW:
                assert token not in text, (method, token, text)


async def test_injection_attempts_are_shown_not_acted_on(slack: SlackDriver) -> None:
    # As Slack sends them: real mentions as <...>, typed brackets as entities.
    await slack.dm("U1", f"what is staff augmentation {INJECTION}?")
    await slack.dm("U1", "what is &lt;!channel&gt; &lt;@U123&gt; staff augmentation?")
    await slack.mention("C1", "U1", f"{INJECTION} they want a 99.9% SLA {INJECTION} and we "
                        f"decide the tooling {INJECTION}", ts="1000.0001")
    await slack.command("U1", "C1", f"ask what is an SLA {INJECTION}")
    await slack.command("U1", "C2", f"assess {INJECTION} 24/7 monitoring with a 99.9% SLA "
                        f"{INJECTION}")
    assert_no_raw_tokens(slack)
    everything = json.dumps([b for _, b in _injected(slack)])
    assert "&lt;!channel&gt;" in everything and "&lt;@U123&gt;" in everything


async def test_oversized_input_gets_a_short_polite_reply(slack: SlackDriver) -> None:
    huge = "x" * 40_000
    await slack.dm("U1", huge)
    await slack.mention("C1", "U1", huge, ts="1000.0001")
    await slack.command("U1", "C1", huge)
    messages = slack.api.messages
    assert len(messages) == 3
    for call in messages:
        assert len(call.body["text"]) < 400
        assert "too long" in call.body["text"]
        assert len(json.dumps(call.body.get("blocks", []))) < 1500
    assert await slack.stored(f"slack:{slack.team}:{dm_of('U1')}") is None


async def test_the_longest_accepted_input_is_answered_within_block_kit_limits(
    slack: SlackDriver,
) -> None:
    filler = "what is staff augmentation <&> "
    question = (filler * (MAX_TEXT_CHARS // len(filler) + 1))[:MAX_TEXT_CHARS - 1] + "?"
    await slack.dm("U1", question.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    await slack.command("U1", "C1", "ask " + question[:-10] + "?")
    await slack.mention("C1", "U1", "start", ts="1000.0001")
    rec = await answer_by_clicks(slack, "U1", "C1", {
        "scope": "open", "interfaces": "volatile", "measurability": "entangled",
        "change_rate": "fast", "domain_coupling": "deep", "leadership": "weak",
        "decision_owner": "provider", "accountability": "provider"})
    assert markers(rec.blocks, "rec")
    # Every message was accepted by the stand-in, which checks Slack's limits.
    attempts = [c for c in slack.api.calls if c.method != "auth.test"]
    assert attempts and all(c.status == 200 and c.answer.get("ok") for c in attempts), [
        (c.method, c.answer) for c in attempts if not c.answer.get("ok")]
    share = [e for c in slack.api.of("response_url") for b in c.blocks if b["type"] == "actions"
             for e in b["elements"] if e["value"].startswith("share:ask:")]
    assert share and len(share[0]["value"]) <= 2000
