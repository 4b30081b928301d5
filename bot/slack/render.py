"""Neutral replies -> Slack Block Kit messages. Pure functions: no I/O, no clock.

Every text of a reply (from a user, the knowledge base or ``dialogs.texts``) goes through
:func:`bot.slack.mrkdwn.escape` before it lands in mrkdwn, so ``<!channel>``, ``<@U…>``,
``<https://x|label>``, ``*bold*`` or backticks typed by someone are shown, never acted on. Every message respects Block Kit's limits (see the constants below):
long texts are split over several sections or trimmed, long messages are split over several
messages, so Slack never rejects what we send.

Machine-readable markers live in ``block_id``s (tests and tools read them back):

``advisor:q:{factor}``            a question (its answer buttons are in ``advisor:answers:{factor}``)
``advisor:rec:{model}``           a recommendation
``advisor:warn:{code}``           one warning of a recommendation
``advisor:rec-passage:{id}``      a passage suggested with a recommendation
``advisor:passage:{id}``          a passage answering a question
``advisor:fallback``              "nothing relevant" answer to a question
``advisor:text:{tone}``           a text reply (``info``, ``error``, ``success``)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.actions import answer_value, command_value
from bot.render_text import document_text
from bot.slack.length import fit
from bot.slack.mrkdwn import escape, unescape
from dialogs import document as D
from dialogs import texts as T
from dialogs.learn import PRACTICE
from dialogs.replies import (
    QuickAction,
    Reply,
)

Block = dict[str, Any]
Surface = Literal["channel", "dm", "slash", "home"]

# Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks).
MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_CONTEXT_CHARS = 2000
MAX_CONTEXT_ELEMENTS = 10
MAX_FIELDS = 10
MAX_FIELD_CHARS = 2000
MAX_BUTTON_LABEL = 75
MAX_BUTTON_VALUE = 2000
MAX_ID = 255
MAX_ACTIONS = 25
MAX_TEXT = 40_000
# Slack answers ``msg_blocks_too_long`` for very long block payloads (~13k characters): stay under,
# counted as sent (ASCII-only JSON, bot/slack/length.py). Character limits count UTF-16 units, and
# a text may be at most WIRE_PER_CHAR times its limit on the wire (a 3,000-character section of
# emoji would be 36,000), so the largest block still fits in one message.
MAX_BLOCKS_JSON = 11_000
WIRE_PER_CHAR = 3
NOTIFICATION_CHARS = 3000
PASSAGE_PREVIEW_CHARS = 700
EYEBROW_CHARS = 1500
"""The line above a headline (it may echo the user's question) stays short."""

DEFAULT_TEXT = "Engagement Advisor"
BLANK = "…"  # Slack refuses empty or blank texts
PREFIX = "advisor:"
SHARE_ASK_PREFIX = "share:ask:"

_USER_ID = re.compile(r"^[UW][A-Z0-9]{1,30}$")


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """One chat message: ``blocks`` plus the top-level ``text`` used for notifications."""

    text: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How to draw: where the message goes, and whether it is a read-only shared copy."""

    surface: Surface = "channel"
    static: bool = False
    shared_by: str | None = None


# --- escaping and trimming ------------------------------------------------------------------


def trim(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters (an ellipsis marks the cut); see :func:`fit`."""
    if fit(text, limit, WIRE_PER_CHAR * limit) == len(text):
        return text
    return text[:fit(text, limit - 1, WIRE_PER_CHAR * limit - 6)].rstrip() + "…"


def split_text(text: str, limit: int = MAX_SECTION_CHARS) -> list[str]:
    """Split at line breaks, else at spaces, else hard; never inside an escape entity or a
    grapheme cluster (:func:`fit`)."""
    chunks: list[str] = []
    rest = text
    while (hard := fit(rest, limit, WIRE_PER_CHAR * limit)) < len(rest):
        cut = rest.rfind("\n", 0, hard)
        if cut < hard // 2:
            cut = rest.rfind(" ", 0, hard)
        if cut < hard // 2:
            cut = hard
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not chunks:
        chunks.append(rest)
    return [c for c in chunks if c] or [""]


# --- block builders -------------------------------------------------------------------------


def _id(value: str) -> str:
    return value[:MAX_ID]


def sections(mrkdwn: str, block_id: str) -> list[Block]:
    """One or more section blocks for a (pre-escaped) mrkdwn text; the first carries the id."""
    out: list[Block] = []
    for i, chunk in enumerate(split_text(mrkdwn)):
        out.append({
            "type": "section",
            "block_id": _id(block_id if i == 0 else f"{PREFIX}cont"),
            "text": {"type": "mrkdwn", "text": chunk if chunk.strip() else BLANK},
        })
    return out


def context(mrkdwn_parts: Iterable[str], block_id: str) -> Block:
    elements = [
        {"type": "mrkdwn", "text": trim(p, MAX_CONTEXT_CHARS) if p.strip() else BLANK}
        for p in mrkdwn_parts
    ][:MAX_CONTEXT_ELEMENTS]
    return {"type": "context", "block_id": _id(block_id), "elements": elements}


def plain(text: str) -> str:
    """For ``plain_text`` objects (not parsed as mrkdwn): no angle brackets at all, to be safe."""
    return text.replace("<", "‹").replace(">", "›")


def button(label: str, action_id: str, value: str, *, style: str | None = None) -> Block:
    b: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": trim(plain(label), MAX_BUTTON_LABEL) or "?",
                 "emoji": True},
        "action_id": _id(action_id),
        "value": value[:MAX_BUTTON_VALUE],
    }
    if style:
        b["style"] = style
    return b


def actions(buttons: Sequence[Block], block_id: str) -> list[Block]:
    out: list[Block] = []
    for i in range(0, len(buttons), MAX_ACTIONS):
        bid = block_id if i == 0 else f"{block_id}-{i // MAX_ACTIONS}"
        out.append({"type": "actions", "block_id": _id(bid),
                    "elements": list(buttons[i:i + MAX_ACTIONS])})
    return out


def command_button(action: QuickAction) -> Block:
    style = "primary" if action == T.START or action.command == "continue" else None
    return button(action.label, f"{PREFIX}cmd:{action.command}",
                  command_value(action.command), style=style)


_SOFT_BREAK = re.compile(r"(?<!\n)\n(?!\n|\s*(?:[-*•]|\d+[.)])\s)")


def reflow(text: str) -> str:
    """Join lines wrapped in the source (Slack shows every newline); keep paragraphs and lists."""
    return _SOFT_BREAK.sub(" ", text.strip())


def _bullets(items: Iterable[str], mark: str = "•") -> str:
    return "\n".join(f"{mark} {escape(i)}" for i in items)


# --- one reply -> blocks --------------------------------------------------------------------


def to_blocks(reply: Reply, opts: RenderOptions | None = None) -> list[Block]:
    """The blocks of one reply (not yet checked against per-message limits)."""
    return document_blocks(D.build(reply), opts or RenderOptions())


_HEADLINE_ICONS = {"rec": ":dart: ", "lesson": ":mortar_board: "}
_TONE_ICONS = {"success": ":white_check_mark: ", "error": ":warning: "}
_SECTION_ICONS = {"call-prep": ":telephone_receiver: "}


def _actions_id(doc: D.Document) -> str:
    """The actions block's marker: a question's buttons are ``nav:{factor}`` (a click there
    updates that question in place), the others ``{kind}-actions``."""
    kind, _, name = doc.id.partition(":")
    return f"{PREFIX}nav:{name}" if kind == "q" else f"{PREFIX}{kind}-actions"


def document_blocks(doc: D.Document, opts: RenderOptions) -> list[Block]:
    blocks: list[Block] = []
    if doc.eyebrow:
        eyebrow = trim(escape(doc.eyebrow.text), EYEBROW_CHARS)
        blocks.append(context([eyebrow], PREFIX + doc.eyebrow.id))
    if doc.headline:
        icon = _TONE_ICONS.get(doc.tone) or _HEADLINE_ICONS.get(doc.id.partition(":")[0], "")
        blocks += sections(f"{icon}*{escape(doc.headline)}*", PREFIX + doc.id)
    for block in doc.lead:
        blocks += _doc_block(block, opts)
    for section in doc.sections:
        if section.blocks and not section.parts and all(
            isinstance(b, D.Callout | D.Passages) for b in section.blocks
        ):  # one block per warning or passage, each with its own marker
            if any(isinstance(b, D.Passages) for b in section.blocks):
                blocks.append({"type": "divider", "block_id": PREFIX + section.id})
                blocks += sections(f"*{escape(section.heading)}*", f"{PREFIX}{section.id}:head")
            for block in section.blocks:
                blocks += _doc_block(block, opts)
            continue
        parts = [f"*{escape(section.heading)}*"]
        parts += [_mrkdwn(b) for b in section.blocks]
        parts += [f"*{escape(p.heading)}*\n{_mrkdwn(p.block)}" for p in section.parts]
        blocks += sections(_SECTION_ICONS.get(section.id, "") + "\n".join(parts),
                           PREFIX + section.id)
    for note in doc.notes:
        blocks.append(context([escape(note.text)], PREFIX + note.id))
    if doc.corrections and not opts.static:
        fixes = [button(c.label, f"{PREFIX}fix:{c.factor}:{c.answer}", answer_value(c.factor, c.answer))
                 for c in doc.corrections]
        blocks += sections(f"*{escape(T.CORRECT_WITH)}*", f"{PREFIX}fix-head")
        blocks += actions(fixes, f"{PREFIX}fixes")
    buttons = [command_button(a) for a in doc.actions]
    if opts.surface == "slash" and doc.query and any(
        isinstance(b, D.Passages) for b in doc.lead
    ):  # an ephemeral answer: offer to post it where everyone sees it
        buttons.append(button(T.SHARE.label, f"{PREFIX}share:ask",
                              SHARE_ASK_PREFIX + _share_question(doc.query)))
    if buttons and not opts.static:
        blocks += actions(buttons, _actions_id(doc))
    return blocks


def _doc_block(block: D.Block, opts: RenderOptions) -> list[Block]:
    if isinstance(block, D.Facts):
        bid = PREFIX + block.id
        return [_fields(block.rows[i:i + MAX_FIELDS], bid if i == 0 else f"{bid}-{i}")
                for i in range(0, len(block.rows), MAX_FIELDS)]
    if isinstance(block, D.Callout):
        return sections(f":warning: {escape(block.text)}", f"{PREFIX}warn:{block.code}")
    if isinstance(block, D.Passages):
        return _passages(block)
    if isinstance(block, D.Note):
        return [context([escape(block.text)], PREFIX + block.id)]
    if isinstance(block, D.Choices):
        return _choices(block, opts)
    if isinstance(block, D.Text):
        return sections(_mrkdwn(block), PREFIX + block.id)
    return sections(_mrkdwn(block), PREFIX)


def _passages(block: D.Passages) -> list[Block]:
    """Answers in full with their topics; suggestions beside a recommendation as previews."""
    out: list[Block] = []
    for p in block.items:
        text = escape(reflow(p.text))
        if block.role == "suggestion":
            out += sections(f":books: *{escape(p.title)}*\n{trim(text, PASSAGE_PREVIEW_CHARS)}",
                            f"{PREFIX}rec-passage:{p.id}")
            continue
        out += sections(f":books: *{escape(p.title)}*\n{text}", f"{PREFIX}passage:{p.id}")
        if p.topics:
            topics = ", ".join(t.replace("_", " ") for t in p.topics)
            out.append(context([escape(T.TOPICS.format(topics=topics))], f"{PREFIX}topics:{p.id}"))
    return out


def _choices(block: D.Choices, opts: RenderOptions) -> list[Block]:
    """The options, numbered with their full wording, then one button each (short titles)."""
    factor = block.factor
    options = "\n".join(
        f"{i}. *{escape(c.label)}*: {escape(c.detail)}"
        + (f"  _({T.CURRENT_ANSWER})_" if c.current else "")
        for i, c in enumerate(block.items, 1)
    )
    out = sections(options, f"{PREFIX}options:{factor}")
    if not opts.static:
        out += actions([
            button(f"{i}. {c.label}", f"{PREFIX}answer:{factor}:{c.answer}",
                   answer_value(factor, c.answer), style="primary" if c.current else None)
            for i, c in enumerate(block.items, 1)
        ], f"{PREFIX}answers:{factor}")
        out.append(context([escape(_type_hint(factor, opts.surface))], f"{PREFIX}type:{factor}"))
    return out


def _type_hint(factor: str, surface: Surface) -> str:
    """How to answer by typing here; true for each place (see ``T.MENTION_HINT``)."""
    if surface == "channel" and factor == PRACTICE:
        return T.MENTION_HINT
    return T.TYPE_HINTS[surface]


def _fields(rows: Sequence[D.Fact], block_id: str) -> Block:
    """Fact rows as a section's fields: label over value, two columns that stack on a phone
    (scores and the mismatch split alike; no monospace bars to wrap)."""
    return {"type": "section", "block_id": _id(block_id), "fields": [
        {"type": "mrkdwn", "text": trim(f"*{escape(r.label)}*\n{escape(r.value)}", MAX_FIELD_CHARS)}
        for r in rows
    ]}


def _mrkdwn(block: D.Block) -> str:
    if isinstance(block, D.Facts):
        return "\n".join(f"*{escape(r.label)}:* {escape(r.value)}" for r in block.rows)
    if isinstance(block, D.Bullets):
        return _bullets(block.items)
    if isinstance(block, D.Quotes):
        return "\n".join(f"• {escape(q.text)} (from “{escape(q.evidence)}”)" for q in block.items)
    if isinstance(block, D.Callout):
        return f":warning: {escape(block.text)}"
    if isinstance(block, D.Passages):
        return "\n".join(f":books: *{escape(p.title)}*" for p in block.items)
    if isinstance(block, D.Choices):
        return "\n".join(f"{i}. {escape(c.label)}" for i, c in enumerate(block.items, 1))
    if isinstance(block, D.Text) and block.tone == "error":
        return f":warning: {escape(block.text)}"
    return escape(block.text)


def _share_question(question: str) -> str:
    room = MAX_BUTTON_VALUE - len(SHARE_ASK_PREFIX)
    return question[:fit(question, room, WIRE_PER_CHAR * room)]


# --- notifications and text-only fallback ----------------------------------------------------


def notification(reply: Reply) -> str:
    """A one-line plain summary (escaped) for the message's top-level ``text``."""
    return escape(trim(D.build(reply).summary, 500))


def plain_message(replies: Sequence[Reply], *, static: bool = False) -> SlackMessage:
    """Text only (no blocks): the last resort when Slack refuses a message's blocks. A
    read-only copy (``static``) names no commands or corrections, as its blocks have no buttons."""
    docs = [D.build(r) for r in replies]
    if static:
        docs = [d.model_copy(update={"actions": (), "corrections": ()}) for d in docs]
    text = "\n\n".join(document_text(d) for d in docs).strip() or DEFAULT_TEXT
    return SlackMessage(text=trim(escape(text), MAX_TEXT - 100))


# --- many replies -> messages within Block Kit's limits ------------------------------------------


def to_messages(replies: Sequence[Reply], opts: RenderOptions | None = None) -> list[SlackMessage]:
    """Every reply of a turn, as few messages as the limits allow (usually one)."""
    opts = opts or RenderOptions()
    tagged: list[tuple[int, Block]] = []
    for n, reply in enumerate(replies):
        if tagged:
            tagged.append((n, {"type": "divider"}))
        tagged += [(n, b) for b in to_blocks(reply, opts)]
    if opts.static:
        tagged += [(len(replies) - 1, b) for b in _static_footer(opts)]
    messages: list[SlackMessage] = []
    for chunk in _chunks(tagged):
        blocks = unique_block_ids([b for _, b in chunk])
        used = sorted({n for n, _ in chunk})
        text = "\n".join(notification(replies[n]) for n in used if n < len(replies))
        messages.append(SlackMessage(text=trim(text, NOTIFICATION_CHARS).strip() or DEFAULT_TEXT,
                                     blocks=blocks))
    return messages


def _static_footer(opts: RenderOptions) -> list[Block]:
    parts: list[str] = []
    if opts.shared_by and _USER_ID.match(opts.shared_by):
        parts.append(T.SHARED_BY.format(user=f"<@{opts.shared_by}>"))
    return [context(parts, f"{PREFIX}shared")] if parts else []


def _size(block: Block) -> int:
    return len(json.dumps(block))  # as slack_sdk and bolt send it: astral characters are 12


def _chunks(tagged: list[tuple[int, Block]]) -> list[list[tuple[int, Block]]]:
    out: list[list[tuple[int, Block]]] = []
    current: list[tuple[int, Block]] = []
    size = 0
    for item in tagged:
        s = _size(item[1])
        if current and (len(current) >= MAX_BLOCKS or size + s > MAX_BLOCKS_JSON):
            out.append(current)
            current, size = [], 0
        if not current and item[1]["type"] == "divider" and "block_id" not in item[1]:
            continue
        current.append(item)
        size += s
    if current:
        out.append(current)
    for chunk in out:
        while chunk and chunk[-1][1]["type"] == "divider":
            chunk.pop()
    return [c for c in out if c]


def unique_block_ids(blocks: list[Block]) -> list[Block]:
    """Slack rejects a message whose ``block_id``s repeat: suffix repeats with ``:2``, ``:3``."""
    seen: dict[str, int] = {}
    out: list[Block] = []
    for b in blocks:
        bid = b.get("block_id")
        if bid is None:
            out.append(b)
            continue
        count = seen.get(bid, 0) + 1
        seen[bid] = count
        if count > 1:
            suffix = f":{count}"
            b = {**b, "block_id": bid[:MAX_ID - len(suffix)] + suffix}
        out.append(b)
    return out


# --- reading markers back ----------------------------------------------------------------------


def markers(blocks: Iterable[Block], kind: str) -> list[str]:
    """The ids after ``advisor:{kind}:`` in the blocks' ``block_id``s, in order."""
    head = f"{PREFIX}{kind}:"
    out: list[str] = []
    for b in blocks:
        bid = str(b.get("block_id", ""))
        if bid.startswith(head):
            out.append(bid[len(head):].split(":", 1)[0])
    return out


__all__ = [
    "MAX_BLOCKS",
    "MAX_BUTTON_LABEL",
    "MAX_BUTTON_VALUE",
    "MAX_ID",
    "MAX_SECTION_CHARS",
    "RenderOptions",
    "SlackMessage",
    "escape",
    "markers",
    "notification",
    "plain_message",
    "to_blocks",
    "to_messages",
    "unescape",
]
