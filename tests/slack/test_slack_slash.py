"""``/advisor [start|ask QUESTION|assess TEXT|help|forget]``: private answers, shared on request."""

from __future__ import annotations

from bot.slack.render import markers
from tests.slack.support import Posted, SlackDriver, has_button, observe
from tests.standins.slack_api import Call

SCOPE = "slack:{team}:C1:slash-U1"


def hooks(slack: SlackDriver, since: int = 0) -> list[Call]:
    return [c for c in slack.api.of("response_url") if slack.api.calls.index(c) >= since]


def as_posted(call: Call) -> Posted:
    return Posted(channel="C1", ts="ephemeral", thread_ts=None, blocks=call.blocks)


def nothing_public(slack: SlackDriver) -> None:
    assert not slack.api.of("chat.postMessage", "chat.update"), "nothing public"


async def test_help_is_private_and_acked_with_an_empty_200(slack: SlackDriver) -> None:
    for text in ("", "help"):
        before = len(slack.api.calls)
        status, body = await slack.command("U1", "C1", text)
        assert (status, body) == (200, "")
        (hook,) = hooks(slack, before)
        assert hook.body["response_type"] == "ephemeral"
        assert any("guided assessment" in t for t in observe([hook]).texts)
    nothing_public(slack)


async def test_start_then_buttons_update_the_private_message(slack: SlackDriver) -> None:
    await slack.command("U1", "C1", "start")
    (first,) = hooks(slack)
    assert first.body["response_type"] == "ephemeral"
    (factor,) = markers(first.blocks, "q")
    answer = {"decision_owner": "client", "accountability": "client"}.get(factor, "partly")
    value = f"{factor}={answer}"
    if not has_button(first.blocks, value):
        value = next(e["value"] for b in first.blocks if b["type"] == "actions"
                     for e in b["elements"] if e["value"].startswith(f"{factor}="))
    before = len(slack.api.calls)
    await slack.click("U1", as_posted(first), value, ephemeral=True)
    (update,) = hooks(slack, before)
    assert update.body["replace_original"] is True
    assert update.body["response_type"] == "ephemeral"
    (nxt,) = markers(update.blocks, "q")
    assert nxt != factor
    session = await slack.stored(SCOPE.format(team=slack.team))
    assert session is not None and session.answers == {factor: value.split("=")[1]}
    nothing_public(slack)


async def test_ask_is_private_until_shared(slack: SlackDriver) -> None:
    await slack.command("U1", "C1", "ask what is staff augmentation?")
    (answer,) = hooks(slack)
    assert answer.body["response_type"] == "ephemeral"
    assert markers(answer.blocks, "passage")
    value = "share:ask:what is staff augmentation?"
    assert has_button(answer.blocks, value)

    before = len(slack.api.calls)
    await slack.click("U1", as_posted(answer), value, ephemeral=True)
    (shared,) = hooks(slack, before)
    assert shared.body["response_type"] == "in_channel"
    assert shared.body["replace_original"] is False
    assert markers(shared.blocks, "passage") == markers(answer.blocks, "passage")
    assert not [b for b in shared.blocks if b["type"] == "actions"]
    assert "Shared by <@U1>" in str(shared.blocks)
    nothing_public(slack)


async def test_assess_text_prefills_and_asks_the_rest(slack: SlackDriver) -> None:
    await slack.command("U1", "C1", "assess they want us to run 24/7 monitoring with a 99.9% SLA")
    (reply,) = hooks(slack)
    seen = observe([reply])
    assert any("picked up" in t.lower() for t in seen.texts)
    assert seen.questions
    session = await slack.stored(SCOPE.format(team=slack.team))
    assert session is not None and session.inferred
    nothing_public(slack)


async def test_a_private_assessment_can_be_shared_to_the_channel(slack: SlackDriver) -> None:
    await slack.command("U1", "C1", "start")
    profile = {"decision_owner": "client", "accountability": "client", "scope": "open",
               "interfaces": "volatile", "measurability": "entangled", "change_rate": "fast",
               "domain_coupling": "deep", "leadership": "strong"}
    for _ in range(10):
        last = hooks(slack)[-1]
        if markers(last.blocks, "rec"):
            break
        (factor,) = markers(last.blocks, "q")
        await slack.click("U1", as_posted(last), f"{factor}={profile[factor]}", ephemeral=True)
    rec = hooks(slack)[-1]
    assert markers(rec.blocks, "rec") == ["staff_augmentation"]
    before = len(slack.api.calls)
    await slack.click("U1", as_posted(rec), "cmd:share", ephemeral=True)
    (shared,) = hooks(slack, before)
    assert shared.body["response_type"] == "in_channel" and shared.body["replace_original"] is False
    assert markers(shared.blocks, "rec") == ["staff_augmentation"]
    assert not [b for b in shared.blocks if b["type"] == "actions"]
    nothing_public(slack)


async def test_forget_deletes_the_private_scope(slack: SlackDriver) -> None:
    await slack.command("U1", "C1", "start")
    assert await slack.stored(SCOPE.format(team=slack.team)) is not None
    before = len(slack.api.calls)
    await slack.command("U1", "C1", "forget")
    (reply,) = hooks(slack, before)
    assert any("deleted" in t for t in observe([reply]).texts)
    assert await slack.stored(SCOPE.format(team=slack.team)) is None


async def test_unknown_subcommand_gets_a_polite_private_answer(slack: SlackDriver) -> None:
    await slack.command("U1", "C1", "start")
    stored = await slack.stored(SCOPE.format(team=slack.team))
    before = len(slack.api.calls)
    status, _ = await slack.command("U1", "C1", "frobnicate the widgets")
    assert status == 200
    (reply,) = hooks(slack, before)
    assert reply.body["response_type"] == "ephemeral"
    seen = observe([reply])
    assert seen.fallback or seen.passages
    assert stored is not None and seen.questions == [stored.current], "the place is kept"
    after = await slack.stored(SCOPE.format(team=slack.team))
    assert after is not None and stored is not None and after.answers == stored.answers
    nothing_public(slack)


async def test_each_user_has_a_private_scope(slack: SlackDriver) -> None:
    await slack.command("U1", "C1", "start")
    await slack.command("U2", "C1", "forget")
    kept = await slack.stored(SCOPE.format(team=slack.team))
    assert kept is not None and kept.stage == "asking", "U2's forget left U1's assessment"


async def test_without_a_response_url_answers_go_ephemeral(slack: SlackDriver) -> None:
    form = {"token": "legacy", "team_id": slack.team, "channel_id": "C1", "user_id": "U1",
            "command": "/advisor", "text": "help", "api_app_id": "A0TESTAPP",
            "trigger_id": "t-no-url"}
    status, _ = await slack.post_form(form)
    assert status == 200
    await slack.settle()
    (eph,) = slack.api.of("chat.postEphemeral")
    assert (eph.body["channel"], eph.body["user"]) == ("C1", "U1")
    nothing_public(slack)


async def test_a_question_mentioning_payload_is_still_answered(slack: SlackDriver) -> None:
    # bolt alone reads any form body containing "payload" as an interaction and routes nothing
    status, body = await slack.command("U1", "C1", "ask who owns the payload of a managed service?")
    assert (status, body) == (200, "")
    (answer,) = hooks(slack)
    assert answer.body["response_type"] == "ephemeral"
    seen = observe([answer])
    assert seen.passages or seen.fallback
    nothing_public(slack)
