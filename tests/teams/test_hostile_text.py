"""User text that looks like markup stays inert on Teams, end to end: typed into the real server
(``POST /api/messages``), echoed back in the cards the connector stand-in receives.

Teams' ``TextBlock`` and ``FactSet`` interpret a markdown subset (links, bold, lists), and a
message's ``text`` may be read as XML (``<at>`` mentions). The renderer puts every echo of the
user into ``TextRun``s of a ``RichTextBlock`` (plain text); this checks it on the wire.
"""

from __future__ import annotations

from typing import Any

from tests.support.json_tree import json_dicts
from tests.teams.support import Chat, cards, models, questions

# As Teams delivers typed text: HTML entities for what the user typed as < > &.
TYPED = (
    "[click me](https://evil.example/x) **bold** _it_ ~~gone~~ `code` "
    "&lt;b&gt;x&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt; &lt;at&gt;Kim&lt;/at&gt; "
    "@everyone # heading"
)
MARKS = ("evil.example", "**bold**", "<b>", "<script>", "<at>Kim", "`code`", "~~gone~~")


def _texts(card: dict[str, Any]) -> list[tuple[str, str]]:
    """(element type, text) of everything the card paints."""
    out: list[tuple[str, str]] = []
    for node in json_dicts(card):
        kind = node.get("type")
        if kind in ("TextBlock", "TextRun"):
            out.append((kind, str(node.get("text", ""))))
        elif kind == "FactSet":
            out += [("FactSet", f"{f['title']} {f['value']}") for f in node["facts"]]
        elif str(kind).startswith("Action."):
            out.append(("Action", str(node.get("title", "")) + str(node.get("tooltip", ""))))
    return out


def _check_inert(activities: list[dict[str, Any]]) -> list[str]:
    """Every echo of the user is a TextRun; returns the TextRun texts that carry the marks."""
    echoed = []
    for activity in activities:
        assert "text" not in activity and not activity.get("entities"), activity.keys()
        for card in cards(activity):
            for node in json_dicts(card):
                assert "selectAction" not in node, node  # no run or element turned into a link
            for kind, text in _texts(card):
                if any(mark in text for mark in MARKS):
                    assert kind == "TextRun", (kind, text)
                    echoed.append(text)
    return echoed


async def test_a_hostile_question_is_echoed_as_plain_text_runs(chat: Chat) -> None:
    replies = await chat.say(f"what is an SLA? {TYPED}")
    assert chat.last_status == 201 and replies
    echoed = _check_inert(replies)
    # Shown, not dropped: the "You asked" line carries the text exactly as typed.
    assert any("[click me](https://evil.example/x) **bold**" in t and "<script>alert(1)</script>"
               in t and "<at>Kim</at>" in t for t in echoed), echoed


async def test_a_hostile_description_stays_inert_through_confirmation_and_recommendation(
    chat: Chat,
) -> None:
    description = (f"assess we would own the 99.9% SLA and answer for uptime **and** [we decide]"
                   f"(https://evil.example/y) the tooling and priorities; {TYPED}")
    replies = await chat.say(description)
    assert chat.last_status == 201
    _check_inert(replies)
    for _ in range(12):  # confirm readings and answer the rest with the first option
        asked = questions(replies)
        if not asked:
            break
        card = cards(replies[-1])[0]
        submits = [n for n in json_dicts(card) if n.get("type") == "Action.Submit"
                   and n["data"].get("factor") == asked[-1]]
        replies = await chat.click(asked[-1], submits[0]["data"]["answer"])
        assert chat.last_status == 201
        _check_inert(replies)
    _check_inert(await chat.say("why"))
    assert models(replies), "the assessment finished with a recommendation"
    # Evidence is quoted as the words that were read (markup is not part of a reading), and
    # whatever of the marks is echoed is a text run (checked above).
