"""Neutral replies -> Teams message activities carrying Adaptive Cards (wire JSON). Pure.

Every string from a reply is drawn as a ``TextRun`` inside a ``RichTextBlock``: text runs are
plain text (no markdown), so text that echoes the user (evidence quoted from a description)
cannot inject links or formatting, and nothing is ever rendered as HTML. ``TextBlock`` (which
does interpret a markdown subset) only carries this module's own fixed section labels.

Machine-readable markers are element ``id``s: ``advisor-q-{factor}`` (a question),
``advisor-a-{factor}-{answer}`` (its answer buttons), ``advisor-rec-{model}`` (a
recommendation), ``advisor-warn-{code}``, ``advisor-passage-{id}``, ``advisor-fallback``,
``advisor-text-{tone}`` (``info``, ``error``, ``success``), ``advisor-welcome`` and ``advisor-cmd-{command}``.

Teams limits: an activity over about 28 KB is refused (413), so a card whose JSON would exceed
``ACTIVITY_BUDGET`` is split into several activities (buttons stay on the last); a row holds at
most ``MAX_ACTIONS_PER_ROW`` buttons; the card schema version stays at 1.5.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from bot.actions import answer_data, command_data
from dialogs import document as D
from dialogs import texts as T
from dialogs.replies import (
    PassageView,
    QuickAction,
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
"""The highest version cards use (Teams renders up to 1.5); see :func:`card_version`."""
BASE_VERSION = "1.2"
MAX_ACTIONS_PER_ROW = 6
ROW_CHARS = 38
"""Characters of button titles (plus padding) that fit one row of a 320-360 px phone card."""
BUTTON_PADDING_CHARS = 6
ACTIVITY_BUDGET = 24_000
"""Bytes of JSON (ASCII-escaped, the worst case) per activity; Teams refuses about 28 KB, and
the connector adds the addressing (conversation, from, recipient, service URL) on top."""
MAX_RUN_CHARS = 1_500
"""A longer line is cut into several blocks, so no single element can outgrow an activity."""
MAX_SUMMARY_CHARS = 200
DETAILS_ID = "advisor-details"

HIDDEN_COMMANDS = frozenset({"share"})
"""Commands not offered as Teams buttons: the recommendation already sits in the conversation
everyone can see, so "Share to channel" has nothing to add here."""

_ID_CHARS = re.compile(r"[^A-Za-z0-9_-]")
_LIST_ITEM = re.compile(r"^(?:[-*•]|\d+[.)])\s")


def render(reply: Reply) -> list[Message]:
    """One neutral reply -> one or more message activities (more when a card is split)."""
    return render_all([reply])


def render_all(replies: Iterable[Reply]) -> list[Message]:
    """Every reply of one turn as one card (merged, not chained: "Back to the assessment:" and
    the question it introduces arrive together); more activities only when the card would
    outgrow ``ACTIVITY_BUDGET``. The summary is the turn's last question or recommendation."""
    body: list[Element] = []
    summary = ""
    for reply in replies:
        part, line = _body(reply)
        if body and part:
            part[0] = {**part[0], "separator": True, "spacing": "Large"}
        body += part
        if not summary or not isinstance(reply, TextReply):
            summary = line
    _unique_ids(body)
    return _messages(body, summary) if body else []


def _unique_ids(body: list[Element]) -> None:
    """A merged card may repeat a marker (two text replies): later ones get ``-2``, ``-3``."""
    seen: dict[str, int] = {}
    latest: dict[str, str] = {}  # a toggle targets the latest element of that id before it
    for node in _nodes(body):
        marker = node.get("id")
        if isinstance(marker, str):
            seen[marker] = seen.get(marker, 0) + 1
            if seen[marker] > 1:
                node["id"] = latest[marker] = f"{marker}-{seen[marker]}"
        if "targetElements" in node:
            node["targetElements"] = [latest.get(t, t) for t in node["targetElements"]]


def _body(reply: Reply) -> tuple[list[Element], str]:
    doc = D.build(reply)
    return _document(doc), doc.summary


def welcome() -> list[Message]:
    """The card sent when the bot is added to a chat, team or channel."""
    doc = D.welcome()
    return _messages(_document(doc), doc.summary)


# --- the cards ----------------------------------------------------------------------------------


_HEADLINE_SIZES = {"rec": "Large"}


def _document(doc: D.Document) -> list[Element]:
    body: list[Element] = []
    if doc.eyebrow:
        body += _para(doc.eyebrow.text, isSubtle=True, size="Small")
    if doc.headline:
        size = _HEADLINE_SIZES.get(doc.id.partition(":")[0], "Medium")
        headline = _para(doc.headline, marker=_id(f"advisor-{doc.id.replace(':', '-')}"),
                         weight="Bolder", size=size)
        body += _toned(headline, doc.tone)
    for block in doc.lead:
        body += _block(block)
    for section in (s for s in doc.sections if not s.detail):
        body += _section(section)
    details = [e for section in doc.sections if section.detail for e in _section(section)]
    toggles: list[Element] = []
    if details:
        folded: Element = {"type": "Container", "id": DETAILS_ID, "isVisible": False,
                           "items": details}
        if activity_size(folded) <= ACTIVITY_BUDGET // 2:
            body.append(folded)
            toggles.append({"type": "Action.ToggleVisibility", "title": T.SHOW_DETAILS,
                            "id": "advisor-show-details", "targetElements": [DETAILS_ID]})
        else:  # too big to fold into one element: shown in place, so it can be split
            body += details
    for note in doc.notes:
        body += _para(note.text, isSubtle=True)
    if toggles:
        body.append({"type": "ActionSet", "actions": toggles})
    if doc.corrections:
        body.append(_label(T.CORRECT_WITH))
        body += _rows([
            _submit(c.label, answer_data(c.factor, c.answer),
                    marker=f"advisor-fix-{c.factor}-{c.answer}")
            for c in doc.corrections
        ])
    body += _buttons(doc.actions)
    return body


def _section(section: D.Section) -> list[Element]:
    out: list[Element] = [_label(section.heading)]
    for block in section.blocks:
        out += _block(block)
    for part in section.parts:
        out.append(_label(part.heading, sub=True))
        out += _block(part.block)
    return out


def _block(block: D.Block) -> list[Element]:
    if isinstance(block, D.Facts):
        if all(r.ratio is not None for r in block.rows):
            return [_score_row(r) for r in block.rows]
        return [{"type": "FactSet", "id": _id(f"advisor-{block.id}"),
                 "facts": [{"title": r.label, "value": r.value} for r in block.rows]}]
    if isinstance(block, D.Bullets):
        return _tight([e for item in block.items for e in _para(f"• {item}")])
    if isinstance(block, D.Quotes):
        return _tight([e for q in block.items for e in _para(f"• {q.text} (\"{q.evidence}\")")])
    if isinstance(block, D.Callout):
        return [{
            "type": "Container",
            "id": _id(f"advisor-warn-{block.code}"),
            "style": "attention",
            "items": _para(f"⚠ {block.text}"),
        }]
    if isinstance(block, D.Passages):
        return [e for p in block.items for e in _passage(p)]
    if isinstance(block, D.Choices):
        return _choices(block)
    if isinstance(block, D.Text):
        return _text(block)
    return _para(block.text, isSubtle=True)


def _choices(block: D.Choices) -> list[Element]:
    """Each option with its full wording, then short buttons (the wording again as tooltip)."""
    body: list[Element] = []
    for choice in block.items:
        inlines = [_run(choice.label, weight="Bolder"), _run(f": {choice.detail}")]
        if choice.current:
            inlines.append(_run(f" ({T.CURRENT_ANSWER})", italic=True))
        body.append({"type": "RichTextBlock", "inlines": inlines})
    return body + _rows([
        _submit(c.label, answer_data(block.factor, c.answer),
                marker=f"advisor-a-{block.factor}-{c.answer}", positive=c.current,
                tooltip=c.detail)
        for c in block.items
    ])


def _text(block: D.Text) -> list[Element]:
    """Error and success texts sit in a tinted container, their text in the default colour:
    Teams' attention and good foreground colours miss 4.5:1 contrast on its dark theme."""
    return _toned(_para(block.text, marker=f"advisor-{block.id.replace(':', '-')}"), block.tone)


def _toned(elements: list[Element], tone: str) -> list[Element]:
    if tone == "info":
        return elements
    style = "attention" if tone == "error" else "good"
    return [{"type": "Container", "style": style, "items": elements}]


def _tight(elements: list[Element]) -> list[Element]:
    for element in elements:
        element["spacing"] = "Small"
    return elements


def _score_row(row: D.Fact) -> Element:
    """A label and its percentage side by side: two columns never wrap into each other."""
    return {
        "type": "ColumnSet",
        "spacing": "Small",
        "columns": [
            {"type": "Column", "width": "stretch",
             "items": [{"type": "TextBlock", "text": row.label, "wrap": True}]},
            {"type": "Column", "width": "auto",
             "items": [{"type": "TextBlock", "text": row.value, "weight": "Bolder"}]},
        ],
    }


def _passage(p: PassageView) -> list[Element]:
    title = _para(p.title, marker=f"advisor-passage-{p.id}", weight="Bolder")
    title[0]["spacing"] = "Medium"
    return [*title, *_para(_reflow(p.text))]


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


def _label(text: str, *, subtle: bool = False, sub: bool = False) -> Element:
    """A fixed section label (``dialogs.texts``; never reply text)."""
    element: Element = {"type": "TextBlock", "text": text, "wrap": True, "spacing": "Medium"}
    if sub:
        element.update(weight="Bolder", size="Small", spacing="Small")
    elif subtle:
        element.update(isSubtle=True, size="Small", spacing="None")
    else:
        element["weight"] = "Bolder"
    return element


def _submit(title: str, data: dict[str, str], *, marker: str, positive: bool = False,
            tooltip: str | None = None) -> Element:
    action: Element = {"type": "Action.Submit", "id": _id(marker), "title": title, "data": data}
    if tooltip:
        action["tooltip"] = tooltip
    if positive:
        action["style"] = "positive"
    return action


def _buttons(actions: Sequence[QuickAction]) -> list[Element]:
    return _rows([
        _submit(a.label, command_data(a.command), marker=f"advisor-cmd-{a.command}")
        for a in actions
        if a.command not in HIDDEN_COMMANDS
    ])


def _rows(actions: list[Element]) -> list[Element]:
    """Buttons in rows that fit a phone-width card: titles are never cut."""
    rows: list[list[Element]] = [[]]
    used = 0
    for action in actions:
        width = len(action["title"]) + BUTTON_PADDING_CHARS
        if rows[-1] and (used + width > ROW_CHARS or len(rows[-1]) >= MAX_ACTIONS_PER_ROW):
            rows.append([])
            used = 0
        rows[-1].append(action)
        used += width
    return [{"type": "ActionSet", "actions": row} for row in rows if row]


def _id(marker: str) -> str:
    return _ID_CHARS.sub("_", marker)


# --- activities and splitting -------------------------------------------------------------------


def card_version(body: list[Element]) -> str:
    """The lowest schema version with every feature the body uses: RichTextBlock, container
    styles, ``isVisible`` and Action.ToggleVisibility are 1.2; an action ``tooltip`` is 1.5."""
    tooltip = any("tooltip" in node for element in body for node in _nodes(element))
    return CARD_VERSION if tooltip else BASE_VERSION


def _nodes(element: Any) -> Iterable[dict[str, Any]]:
    if isinstance(element, dict):
        yield element
        for value in element.values():
            yield from _nodes(value)
    elif isinstance(element, list):
        for value in element:
            yield from _nodes(value)


def _card(body: list[Element], fallback: str) -> dict[str, Any]:
    return {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": card_version(body),
        "fallbackText": fallback,
        "msteams": {"width": "Full"},
        "body": body,
    }


def _message(body: list[Element], summary: str) -> Message:
    return {
        "type": "message",
        "summary": summary,
        "attachments": [{"contentType": ADAPTIVE_CARD, "content": _card(body, summary)}],
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
