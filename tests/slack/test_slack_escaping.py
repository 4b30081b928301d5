"""Echoed text cannot format, link or mention: a hostile question and description through the
real server and the Slack stand-in (issue 15.3). The renderer-level cases are in
test_slack_render.py; the escape itself is bot/slack/mrkdwn.py."""

from __future__ import annotations

import json

from bot.slack.mrkdwn import LOOKALIKES
from tests.slack.support import SlackDriver, shown_texts

HOSTILE = "*bold* _slanted_ ~struck~ `code` ```block``` <!channel> <@U123> &amp; <!here>"
RAW = ("*bold*", "_slanted_", "~struck~", "`code`", "```", "<!channel>", "<@U123>", "<!here>")


def _shown(slack: SlackDriver) -> list[str]:
    return [t for c in slack.api.calls
            if c.method in ("chat.postMessage", "chat.update", "chat.postEphemeral", "response_url")
            for t in shown_texts(c.body)]


async def test_a_hostile_question_and_description_are_shown_inert(slack: SlackDriver) -> None:
    await slack.dm("U1", f"what is staff augmentation {HOSTILE}?")
    await slack.dm("U1", f"assess they want us to run {HOSTILE} 24/7 monitoring with a 99.9% SLA "
                         f"{HOSTILE} and we decide the tooling {HOSTILE}")
    shown = _shown(slack)
    assert shown
    for text in shown:
        for token in RAW:
            assert token not in text, (token, text)
    everything = json.dumps(shown, ensure_ascii=False)
    # Shown, not dropped: the marks arrive as look-alikes, the mentions as entities.
    assert f"{LOOKALIKES['*']}bold{LOOKALIKES['*']}" in everything
    assert f"{LOOKALIKES['`']}code{LOOKALIKES['`']}" in everything
    assert "&lt;!channel&gt;" in everything and "&lt;@U123&gt;" in everything
