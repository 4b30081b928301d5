"""Learn mode on Slack, through the real server and the Web API stand-in: ``/advisor learn``,
the App Home button, practice buttons (``practice=<model>``), progress kept in Redis across a
restart, and the learn-path metrics."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from bot.server import build_app
from bot.settings import Settings
from tests.slack.support import (
    SECRET,
    TOKEN,
    Posted,
    SlackDriver,
    dm_of,
    has_button,
    section_texts,
    shown_texts,
)
from tests.standins.slack_api import SlackStandIn

PRACTICE_VALUES = ("practice=managed_services", "practice=staff_augmentation", "practice=mismatch")


def all_text(blocks: list[dict[str, Any]]) -> str:
    return "\n".join(section_texts(blocks))


async def test_slash_learn_shows_a_lesson_and_practice_buttons(slack: SlackDriver) -> None:
    status, _ = await slack.command("U1", "C1", "learn")
    assert status == 200
    (hook,) = slack.api.of("response_url")
    assert hook.body["response_type"] == "ephemeral"
    text = "\n".join(shown_texts(hook.body))
    assert "Lesson 1 of 7" in text and "Practice 1 of 7" in text
    for value in PRACTICE_VALUES:
        assert has_button(hook.blocks, value)
    before = len(slack.api.calls)
    await slack.click("U1", Posted("C1", "ephemeral", None, hook.blocks),
                      "practice=managed_services", ephemeral=True)
    answered = [c for c in slack.api.of("response_url") if slack.api.calls.index(c) >= before]
    assert any("Right: this is managed services" in t
               for c in answered for t in shown_texts(c.body))


async def test_app_home_offers_the_learn_path_and_starts_it_in_the_dm(slack: SlackDriver) -> None:
    await slack.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    (publish,) = slack.api.of("views.publish")
    view = publish.body["view"]
    assert has_button(view["blocks"], "cmd:learn")
    await slack.click_raw("U1", channel="", message_ts="", value="cmd:learn",
                          action_id="advisor:home:learn", block_id="advisor:home:actions",
                          view={"id": "V0HOME", "type": "home", "blocks": view["blocks"]})
    posted = slack.posted()
    assert posted and all(p.channel == dm_of("U1") for p in posted)
    text = "\n".join(all_text(p.blocks) for p in posted)
    assert "Lesson 1 of 7" in text
    assert any(has_button(p.blocks, "practice=mismatch") for p in posted)


async def test_progress_survives_a_restart_with_redis_and_is_counted(
    aiohttp_client: Any, slack_api: SlackStandIn, make_settings: Callable[..., Settings],
    redis_url: str, redis_prefix: str,
) -> None:
    def settings() -> Settings:
        return make_settings(slack_bot_token=TOKEN, slack_signing_secret=SECRET,
                             slack_api_url=slack_api.api_url, redis_url=redis_url,
                             advisor_redis_prefix=redis_prefix)

    first = SlackDriver(client=await aiohttp_client(build_app(settings())), api=slack_api)
    await first.dm("U7", "learn", event_id=f"Ev{uuid.uuid4().hex[:12]}")
    question = first.last()
    await first.click("U7", question, "practice=managed_services")
    metrics = await (await first.client.get("/metrics")).text()
    assert "advisor_lessons_started_total 1.0" in metrics
    assert "advisor_lessons_completed_total 1.0" in metrics
    assert 'advisor_practice_answers_total{model="managed_services",result="right"} 1.0' in metrics
    await first.client.close()  # the first process stops

    second = SlackDriver(client=await aiohttp_client(build_app(settings())), api=slack_api)
    mark = len(slack_api.calls)
    await second.dm("U7", "learn", event_id=f"Ev{uuid.uuid4().hex[:12]}")  # a new event
    text = "\n".join(all_text(p.blocks) for p in second.posted(mark))
    assert "Lesson 2 of 7" in text
    session = await second.stored(f"slack:{second.team}:{dm_of('U7')}")
    assert session is not None and [r.picked for r in session.learn.results] == [
        "managed_services"]
