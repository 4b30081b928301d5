"""Neutral replies -> Teams message activities carrying Adaptive Cards (wire JSON). Pure.

Every string from a reply is drawn as a ``TextRun`` inside a ``RichTextBlock``: text runs are
plain text (no markdown), so text that echoes the user (evidence quoted from a description)
cannot inject links or formatting, and nothing is ever rendered as HTML. ``TextBlock`` (which
does interpret a markdown subset) only carries this module's own fixed section labels.

Machine-readable markers are element ``id``s: ``advisor-q-{factor}`` (a question),
``advisor-a-{factor}-{answer}`` (its answer buttons), ``advisor-rec-{model}`` (a
recommendation), ``advisor-warn-{code}``, ``advisor-passage-{id}``, ``advisor-fallback``,
``advisor-text`` / ``advisor-text-error``, ``advisor-welcome`` and ``advisor-cmd-{command}``.

Teams limits: an activity over about 28 KB is refused (413), so a card whose JSON would exceed
``ACTIVITY_BUDGET`` is split into several activities (buttons stay on the last); a row holds at
most ``MAX_ACTIONS_PER_ROW`` buttons; the card schema version stays at 1.5.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from bot.bars import score_lines
from dialogs import factors as F
from dialogs import texts as T
from dialogs.replies import (
    Assessment,
    PassagesReply,
    PassageView,
    QuestionReply,
    QuickAction,
    RecommendationReply,
    Reply,
    TextReply,
)

__all__ = [
    "ACTIVITY_BUDGET",
    "ADAPTIVE_CARD",
    "CARD_VERSION",
    "MAX_ACTIONS_PER_ROW",
    "Message",
    "activity_size",
    "render",
    "render_all",
    "welcome",
]

Element = dict[str, Any]
Message = dict[str, Any]

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.5"
MAX_ACTIONS_PER_ROW = 6
ACTIVITY_BUDGET = 24_000
"""Bytes of JSON (ASCII-escaped, the worst case) per activity; Teams refuses about 28 KB, and
the connector adds the addressing (conversation, from, recipient, service URL) on top."""
MAX_RUN_CHARS = 1_500
"""A longer line is cut into several blocks, so no single element can outgrow an activity."""
MAX_SUMMARY_CHARS = 200
MAX_WHAT_IF = 5

HIDDEN_COMMANDS = frozenset({"share"})
"""Commands not offered as Teams buttons: the recommendation already sits in the conversation
everyone can see, so "Share to channel" has nothing to add here."""

_ID_CHARS = re.compile(r"[^A-Za-z0-9_-]")
_LIST_ITEM = re.compile(r"^(?:[-*•]|\d+[.)])\s")


def render(reply: Reply) -> list[Message]:
    """One neutral reply -> one or more message activities (more when a card is split)."""
    if isinstance(reply, QuestionReply):
        return _messages(_question(reply), reply.prompt)
    if isinstance(reply, RecommendationReply):
        return _messages(_recommendation(reply), reply.headline)
    if isinstance(reply, PassagesReply):
        return _messages(_passages(reply), _passages_summary(reply))
    return _messages(_text_reply(reply), reply.text)


def render_all(replies: Iterable[Reply]) -> list[Message]:
    return [message for reply in replies for message in render(reply)]


def welcome() -> list[Message]:
    """The card sent when the bot is added to a chat, team or channel."""
    body = [*_para(T.HELP, marker="advisor-welcome"), *_buttons((T.START, T.LEARN, T.HELP_ACTION))]
    return _messages(body, T.HELP)


# --- the cards ----------------------------------------------------------------------------------


def _question(q: QuestionReply) -> list[Element]:
    body = [
        _label(q.progress or f"Question {q.number} of {q.total}", subtle=True),
        *_para(q.prompt, marker=f"advisor-q-{q.factor}", weight="Bolder", size="Medium"),
        *_para(q.hint, isSubtle=True),
    ]
    for option in q.options:
        inlines = [
            _run(option.label, weight="Bolder"),
            _run(f": {option.explanation}"),
        ]
        if option.id == q.current:
            inlines.append(_run(" (your current answer)", italic=True))
        body.append({"type": "RichTextBlock", "inlines": inlines})
    answers = [
        _submit(
            option.label,
            {"factor": q.factor, "answer": option.id},
            marker=f"advisor-a-{q.factor}-{option.id}",
            positive=option.id == q.current,
        )
        for option in q.options
    ]
    body += _rows(answers)
    body += _buttons(q.actions)
    return body


def _recommendation(reply: RecommendationReply) -> list[Element]:
    a = reply.assessment
    body = [*_para(reply.headline, marker=f"advisor-rec-{a.model}", weight="Bolder", size="Large")]
    body += _scores(a)
    if a.inferred:
        body.append(_label("Picked up from the description"))
        for factor_id, inferred in a.inferred.items():
            phrase = T.answer_phrase(factor_id, inferred.value)
            body += _para(f"• {phrase} (\"{inferred.evidence}\")")
    if a.reasons:
        body.append(_label("Why"))
        for reason in a.reasons:
            body += _para(f"• {reason}")
    if a.warnings:
        body.append(_label("Warnings"))
        for warning in a.warnings:
            body.append({
                "type": "Container",
                "id": _id(f"advisor-warn-{warning.code}"),
                "style": "attention",
                "items": _para(f"⚠ {warning.message}", color="Attention"),
            })
    if a.what_if:
        body.append(_label("What would change it"))
        for flip in a.what_if[:MAX_WHAT_IF]:
            body += _para(f"• {T.what_if_sentence(flip)}")
    if a.missing:
        open_topics = ", ".join(F.get(f).topic for f in a.missing)
        body += _para(f"Not answered yet: {open_topics}", isSubtle=True)
    if a.call_prep.ask or a.call_prep.red_flags:
        body.append(_label("Before the call"))
        for question in a.call_prep.ask:
            body += _para(f"? {question}")
        for flag in a.call_prep.red_flags:
            body += _para(f"! {flag}", color="Attention")
    if a.passages:
        body.append(_label("Read more"))
        for passage in a.passages:
            body += _passage(passage)
    if reply.early:
        body += _para(T.EARLY, isSubtle=True)
    body += _buttons(reply.actions)
    return body


def _scores(a: Assessment) -> list[Element]:
    if not a.scores:
        return []
    return [
        {"type": "RichTextBlock", "inlines": [_run(line, fontType="Monospace")], "spacing": "None"}
        for line in score_lines(a.scores)
    ]


def _passages(reply: PassagesReply) -> list[Element]:
    body: list[Element] = []
    if not reply.passages:
        body += _para(reply.fallback or T.HELP, marker="advisor-fallback")
    for passage in reply.passages:
        body += _passage(passage)
    body += _buttons(reply.actions)
    return body


def _passage(p: PassageView) -> list[Element]:
    title = _para(p.title, marker=f"advisor-passage-{p.id}", weight="Bolder")
    title[0]["spacing"] = "Medium"
    return [*title, *_para(_reflow(p.text))]


def _text_reply(reply: TextReply) -> list[Element]:
    style: dict[str, Any] = {}
    if reply.tone == "error":
        style["color"] = "Attention"
    elif reply.tone == "success":
        style["color"] = "Good"
    marker = "advisor-text-error" if reply.tone == "error" else "advisor-text"
    return [*_para(reply.text, marker=marker, **style), *_buttons(reply.actions)]


def _passages_summary(reply: PassagesReply) -> str:
    if reply.passages:
        return reply.passages[0].title
    return reply.fallback or T.HELP


# --- elements -----------------------------------------------------------------------------------


def _run(text: str, **style: Any) -> Element:
    return {"type": "TextRun", "text": text, **style}


def _para(text: str, *, marker: str | None = None, **style: Any) -> list[Element]:
    """Plain text as RichTextBlocks: one per line, long lines cut into pieces at spaces."""
    blocks: list[Element] = []
    for line in text.splitlines() or [""]:
        if not line.strip():
            continue
        for piece in _pieces(line):
            blocks.append({"type": "RichTextBlock", "inlines": [_run(piece, **style)]})
    if not blocks:
        blocks.append({"type": "RichTextBlock", "inlines": [_run(" ", **style)]})
    if marker:
        blocks[0]["id"] = _id(marker)
    return blocks


def _reflow(text: str) -> str:
    """Join a passage's hard-wrapped lines (Markdown source) into one line per paragraph.

    Blank lines separate paragraphs; a line that starts a list item stays on its own line.
    """
    lines: list[str] = []
    joinable = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            joinable = False
            continue
        if joinable and not _LIST_ITEM.match(line):
            lines[-1] += " " + line
        else:
            lines.append(line)
        joinable = True
    return "\n".join(lines)


def _pieces(line: str) -> list[str]:
    pieces = []
    while len(line) > MAX_RUN_CHARS:
        cut = line.rfind(" ", MAX_RUN_CHARS // 2, MAX_RUN_CHARS)
        if cut <= 0:
            cut = MAX_RUN_CHARS
        pieces.append(line[:cut])
        line = line[cut:].lstrip(" ")
    pieces.append(line)
    return pieces


def _label(text: str, *, subtle: bool = False) -> Element:
    """A fixed section label of this module (never reply text)."""
    element: Element = {"type": "TextBlock", "text": text, "wrap": True, "spacing": "Medium"}
    if subtle:
        element.update(isSubtle=True, size="Small", spacing="None")
    else:
        element["weight"] = "Bolder"
    return element


def _submit(title: str, data: dict[str, str], *, marker: str, positive: bool = False) -> Element:
    action: Element = {"type": "Action.Submit", "id": _id(marker), "title": title, "data": data}
    if positive:
        action["style"] = "positive"
    return action


def _buttons(actions: Sequence[QuickAction]) -> list[Element]:
    return _rows([
        _submit(a.label, {"command": a.command}, marker=f"advisor-cmd-{a.command}")
        for a in actions
        if a.command not in HIDDEN_COMMANDS
    ])


def _rows(actions: list[Element]) -> list[Element]:
    return [
        {"type": "ActionSet", "actions": actions[i : i + MAX_ACTIONS_PER_ROW]}
        for i in range(0, len(actions), MAX_ACTIONS_PER_ROW)
    ]


def _id(marker: str) -> str:
    return _ID_CHARS.sub("_", marker)


# --- activities and splitting -------------------------------------------------------------------


def _card(body: list[Element]) -> dict[str, Any]:
    return {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "msteams": {"width": "Full"},
        "body": body,
    }


def _message(body: list[Element], summary: str) -> Message:
    return {
        "type": "message",
        "summary": summary,
        "attachments": [{"contentType": ADAPTIVE_CARD, "content": _card(body)}],
    }


def activity_size(message: Message) -> int:
    """Bytes of the activity's JSON with non-ASCII escaped (the larger of the two encodings)."""
    return len(json.dumps(message, separators=(",", ":")))


def _messages(body: list[Element], summary: str) -> list[Message]:
    summary = _summary(summary)
    base = activity_size(_message([], summary))
    chunks: list[list[Element]] = [[]]
    used = base
    for element in body:
        size = activity_size(element) + 1
        if chunks[-1] and used + size > ACTIVITY_BUDGET:
            chunks.append([])
            used = base
        chunks[-1].append(element)
        used += size
    return [_message(chunk, summary) for chunk in chunks]


def _summary(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(first) > MAX_SUMMARY_CHARS:
        first = first[: MAX_SUMMARY_CHARS - 1].rstrip() + "…"
    return first
