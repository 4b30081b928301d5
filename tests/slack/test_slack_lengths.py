"""Emoji, flags, combining marks and astral characters against Block Kit's limits.

The regression: ``/advisor`` with about 4,000 family emoji (or ``𝕳𝖊𝖑𝖑𝖔``) was echoed as
"You asked: ..." cut at 1,500 code points, which is 18,000 characters once JSON-encoded as
slack_sdk sends it (each astral character is a 12-character surrogate-pair escape); the renderer
measured its messages in code points, so Slack's ``msg_blocks_too_long`` refused the reply.
"""

from __future__ import annotations

import json

import pytest

from bot.slack import render
from bot.slack.length import fit, is_boundary, units, wire
from bot.slack.render import RenderOptions, to_messages
from dialogs.turn import MAX_TEXT_CHARS
from tests.slack.support import SlackDriver
from tests.slack.test_slack_render import assert_within_limits, every_reply
from tests.standins.slack_api import check_message
from tests.support.json_tree import json_dicts

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 👨‍👩‍👧‍👦, 7 code points
CLUSTERS = (
    FAMILY,
    "\U0001f1fa\U0001f1f8",  # a flag: two regional indicators
    "\U0001f44d\U0001f3fd",  # thumbs up, skin tone
    "\u2764\ufe0f",  # heart with emoji presentation
    "e\u0301",  # e + combining acute
    "Z\u0351\u0352\u0357\u035b\u0346\u0300",  # "zalgo"
    "\U0001d573",  # 𝕳, one astral letter
    "\r\n",
    "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland's flag
)
EDGES = (*CLUSTERS, "\U0001d573\U0001d58a\U0001d591\U0001d591\U0001d594", "日本語", "é", "a")


def test_units_count_utf16_and_wire_counts_ascii_json() -> None:
    assert units("a") == 1 and units("é") == 1 and units("\U0001f44d") == 2
    assert units(FAMILY) == 11
    for text in ("a", "é", "\U0001f44d", FAMILY, 'x"\\\n\x00', "日本語"):
        assert wire(text) == len(json.dumps(text)) - 2


@pytest.mark.parametrize("cluster", CLUSTERS, ids=repr)
@pytest.mark.parametrize("limit", [1, 2, 3, 7, 10, 75, 1000])
def test_fit_cuts_between_whole_clusters_only(cluster: str, limit: int) -> None:
    text = cluster * 300
    cut = fit(text, limit)
    assert units(text[:cut]) <= limit
    if units(cluster) <= limit:
        assert cut > 0 and cut % len(cluster) == 0, (cut, limit)
        assert cut + len(cluster) > len(text) or units(text[:cut + len(cluster)]) > limit
    assert is_boundary(text, cut) or units(cluster) > limit


def test_fit_keeps_entities_whole_and_honours_the_wire_budget() -> None:
    text = "ab&amp;cd"
    assert text[:fit(text, 5)] == "ab"
    assert wire(("é" * 100)[:fit("é" * 100, 100, 60)]) <= 60
    assert fit("abc", 10) == 3 and fit("", 3) == 0


@pytest.mark.parametrize("cluster", CLUSTERS, ids=repr)
def test_trim_and_split_never_break_a_cluster(cluster: str) -> None:
    text = cluster * 2000
    trimmed = render.trim(text, 75)
    assert trimmed.endswith("…") and units(trimmed) <= 75
    assert trimmed[:-1].replace(cluster, "") == ""
    chunks = render.split_text(text)
    assert all(units(c) <= render.MAX_SECTION_CHARS for c in chunks)
    assert all(c.replace(cluster, "") == "" for c in chunks) or cluster == "\r\n"
    if cluster != "\r\n":  # split_text strips the whitespace it cuts at
        assert "".join(chunks) == text


@pytest.mark.parametrize("edge", EDGES, ids=repr)
@pytest.mark.parametrize("surface", ["channel", "dm", "slash"])
def test_every_reply_type_in_emoji_and_astral_text_fits_slack(edge: str, surface: str) -> None:
    n = MAX_TEXT_CHARS
    text = (edge * n)[:n]
    for reply in every_reply(text, n=30, long=text):
        messages = to_messages([reply], RenderOptions(surface=surface))  # type: ignore[arg-type]
        assert messages
        for message in messages:
            assert_within_limits(message)
            assert check_message({"text": message.text, "blocks": message.blocks}) is None
            for obj in json_dicts(message.blocks):
                if obj.get("type") in ("mrkdwn", "plain_text"):
                    limit = render.MAX_SECTION_CHARS
                    assert units(obj["text"]) <= limit
                if obj.get("type") == "button":
                    assert units(obj["value"]) <= render.MAX_BUTTON_VALUE
                    assert units(obj["text"]["text"]) <= render.MAX_BUTTON_LABEL


@pytest.mark.parametrize("edge", [FAMILY, "\U0001d573\U0001d58a\U0001d591\U0001d591\U0001d594",
                                  "\U0001f1fa\U0001f1f8"], ids=repr)
@pytest.mark.parametrize("prefix", ["", "ask ", "assess "])
async def test_slash_command_of_emoji_near_the_limit_is_answered(
    slack: SlackDriver, edge: str, prefix: str,
) -> None:
    """The Hypothesis failure, deterministically: the response_url send is accepted (not 400)."""
    for n in (MAX_TEXT_CHARS - 10, MAX_TEXT_CHARS):
        mark = len(slack.api.calls)
        text = prefix + (edge * n)[:n - len(prefix)]
        status, _ = await slack.command("U0LEN", "C0LEN", text)
        assert status == 200
        sent = slack.api.attempts("response_url")[-1:]
        assert sent and slack.api.calls.index(sent[0]) >= mark
        assert sent[0].status == 200 and sent[0].answer == {"ok": True}, sent[0].answer
