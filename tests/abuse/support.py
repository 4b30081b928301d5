"""What the abuse tests throw at the bot, and how they check what came out.

Strategies produce hostile text (unicode edge cases, mention and link injection), arbitrary JSON
and plausible-but-wrong platform payloads. Checkers scan everything the stand-ins recorded:

* Slack: no raw ``<`` anywhere in a ``text`` the bot sent (mrkdwn sections, contexts, the
  top-level notification text, plain-text labels), except the one mention the bot writes
  itself, ``Shared by <@U…>`` with a well-formed user id. Slack's escaping turns every ``<``
  that came from a user into ``&lt;``, so a raw one means an injected ``<!channel>``,
  ``<!here>``, ``<!subteam^…>``, ``<@U…>`` or ``<https://…|label>`` would be acted on.
* Teams: text that came from a user only ever appears in ``TextRun``s (plain text); never in a
  ``TextBlock`` (which renders a markdown subset, so ``[click me](https://evil.example)`` would
  become a link) and never in the activity's own ``text``.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from hypothesis import strategies as st

from tests.standins.connector import Recorded
from tests.standins.slack_api import Call
from tests.support.json_tree import json_dicts

# --- hostile text -------------------------------------------------------------------------------

INJECTIONS = (
    "<!channel>", "<!here>", "<!everyone>", "<!subteam^S123>", "<!subteam^S123|@team>",
    "<@U123>", "<@W123|boss>", "<#C123>", "<https://evil.example|click me>",
    "<https://evil.example>", "<mailto:a@evil.example|mail>", "&lt;!channel&gt;",
    "&amp;lt;!here&amp;gt;", "[click me](https://evil.example)", "**bold** _it_ `code`",
    "<a href='https://evil.example'>x</a>", "<at>Someone</at>", "<script>alert(1)</script>",
    "![img](https://evil.example/x.png)", "<https://evil.example|<!channel>>",
)

UNICODE_EDGES = (
    "\u200f", "\u200e", "\u202e", "\u2066", "\u2069",  # RTL/LTR marks, overrides, isolates
    "\u200d", "\u200b", "\u200c", "\ufeff", "\u2060",  # zero-width joiner/space/non-joiner, BOM
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # family emoji (ZWJ sequence)
    "\U0001f1fa\U0001f1f8", "\U0001f44d\U0001f3fd",  # flag, skin tone
    "e\u0301", "Z\u0351\u0352\u0357\u035b\u0346\u0300",  # combining marks ("zalgo")
    "\x00", "\x07", "\x1b[31m", "\r\n", "\u2028", "\u0085",  # NUL, BEL, ANSI, line separators
    "\ud800", "\udfff", "\udc80",  # lone surrogates (JSON allows "\ud800")
    "\U0010ffff", "\ufffd", "\uffff",
    "مرحبا", "שלום", "日本語", "𝕳𝖊𝖑𝖑𝖔",
)

SEEDS = (
    "what is an SLA?", "can we mix the two models?", "start", "help", "back", "why", "reset",
    "1", "2", "3", "scope=bounded", "run their 24/7 monitoring with a 99.9% SLA; we pick the "
    "tooling", "they want three engineers under their tech lead", "assess clearly scoped work",
    "ask what is staff augmentation?",
)

hostile_piece = st.one_of(
    st.sampled_from(INJECTIONS),
    st.sampled_from(UNICODE_EDGES),
    st.sampled_from(SEEDS),
    st.text(max_size=20),
)

hostile_text = st.lists(hostile_piece, min_size=0, max_size=6).map(" ".join)
"""Short user text: seeds the bot understands, spliced with injections and unicode edges."""

long_text = st.integers(min_value=3990, max_value=4100).flatmap(
    lambda n: st.sampled_from(UNICODE_EDGES + INJECTIONS).map(lambda s: (s * n)[:n])
)
"""Around the 4,000-character limit of typed text."""

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False), hostile_text,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(("type", "text", "id", "value", "user")),
                                  st.text(max_size=8)), inner, max_size=4),
    ),
    max_leaves=12,
)
"""Arbitrary JSON, biased towards keys the adapters look at."""

maybe_str = st.one_of(st.none(), json_values, hostile_text, st.sampled_from(("", " ", "D0X", "C0X")))


async def in_chunks(raw: bytes, size: int = 1000) -> AsyncIterator[bytes]:
    """``raw`` as a streamed (chunked) request body."""
    for i in range(0, len(raw), size):
        yield raw[i:i + size]


# --- checking Slack output ------------------------------------------------------------------------

SHOWN_METHODS = frozenset({"chat.postMessage", "chat.update", "chat.postEphemeral", "response_url",
                           "views.publish"})
RENDERING_ERRORS = frozenset({"invalid_blocks", "invalid_blocks_format", "msg_blocks_too_long",
                              "msg_too_long", "no_text"})
"""Refusals caused by what the bot drew (not by a bogus channel or user id it was given)."""
_BOT_MENTION = re.compile(r"Shared by <@[UW][A-Z0-9]{2,30}>")


def texts_of(node: Any, key: str = "text") -> Iterator[str]:
    """Every string stored under ``key`` anywhere in a JSON document."""
    return (d[key] for d in json_dicts(node) if isinstance(d.get(key), str))


def shown_texts(call: Call) -> list[str]:
    """What Slack would render of one call: the top-level ``text`` and every ``text`` in its
    blocks (or its view's blocks, or its attachments)."""
    body = call.body
    out = [body["text"]] if isinstance(body.get("text"), str) else []
    for part in (body.get("blocks"), body.get("view"), body.get("attachments")):
        out += list(texts_of(part))
    return out


def unescaped_in_slack(calls: list[Call]) -> list[str]:
    """Texts the bot sent to Slack that carry a raw ``<`` (an entity Slack would act on)."""
    bad = []
    for call in calls:
        if call.method not in SHOWN_METHODS:
            continue
        for text in shown_texts(call):
            if "<" in _BOT_MENTION.sub("", text):
                bad.append(f"{call.method}: {text[:200]!r}")
    return bad


def assert_slack_output_safe(calls: list[Call]) -> None:
    bad = unescaped_in_slack(calls)
    assert not bad, "unescaped mrkdwn from user input:\n" + "\n".join(bad)
    refused = [c for c in calls if c.method in SHOWN_METHODS
               and (c.status == 400 or c.answer.get("error") in RENDERING_ERRORS)]
    assert not refused, f"Slack refused what the bot drew: {[c.answer for c in refused]}"


# --- checking Teams output -------------------------------------------------------------------------


def markdown_texts(activity: dict[str, Any]) -> list[str]:
    """Texts Teams would render as markdown: TextBlocks, and the activity's own text."""
    out = [n["text"] for n in json_dicts(activity)
           if n.get("type") == "TextBlock" and isinstance(n.get("text"), str)]
    if isinstance(activity.get("text"), str) and activity.get("textFormat") != "plain":
        out.append(activity["text"])
    return out


def assert_teams_output_safe(calls: list[Recorded], needles: list[str]) -> None:
    """No user-supplied ``needles`` in any markdown-rendered text of any reply."""
    bad = []
    for call in calls:
        assert "_invalid_json" not in call.body, "the bot sent invalid JSON"
        for text in markdown_texts(call.body):
            bad += [f"{needle!r} in TextBlock {text[:120]!r}" for needle in needles
                    if needle and needle in text]
    assert not bad, "user text rendered as markdown:\n" + "\n".join(bad)


# --- logs -----------------------------------------------------------------------------------------


def assert_no_errors(caplog: pytest.LogCaptureFixture, *,
                     ignore: Callable[[logging.LogRecord], bool] = lambda _r: False) -> None:
    """Nothing crashed: no ERROR records (the turn boundary, the task reaper, aiohttp, asyncio)
    and no tracebacks, except records ``ignore`` names (a stand-in's own complaints)."""
    records = [r for r in caplog.records if not ignore(r)]
    errors = [f"{r.name}: {r.getMessage()}" + (_trace(r) if r.exc_info else "")
              for r in records if r.levelno >= logging.ERROR]
    tracebacks = [f"{r.name}: {r.getMessage()}" for r in records
                  if r.exc_info and r.levelno < logging.ERROR]
    assert not errors, "\n".join(errors)
    assert not tracebacks, "unexpected tracebacks: " + "\n".join(tracebacks)


def standin_refused_request(record: logging.LogRecord) -> bool:
    """aiohttp's HTTP parser in a *stand-in* refusing a request line or header the bot's
    connector client sent (the bot logs that reply as not delivered)."""
    exc = record.exc_info[1] if record.exc_info else None
    return record.name == "aiohttp.server" and type(exc).__name__ == "BadHttpMessage"


def _trace(record: logging.LogRecord) -> str:
    assert record.exc_info is not None
    return "\n" + "".join(traceback.format_exception(*record.exc_info))[-1500:]
