"""Replies -> Adaptive Cards: structure, Teams limits, markers, splitting, no markup injection."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from bot.teams.render import (
    ACTIVITY_BUDGET,
    ADAPTIVE_CARD,
    MAX_ACTIONS_PER_ROW,
    activity_size,
    render,
    render_all,
    welcome,
)
from dialogs import texts as T
from dialogs.assess import assess
from dialogs.engine import answer_question, question
from dialogs.replies import (
    Inferred,
    PassagesReply,
    PassageView,
    QuickAction,
    RecommendationReply,
    Reply,
    TextReply,
)
from dialogs.session import Session, Step
from knowledge import load_default
from tests.support.json_tree import json_dicts
from tests.teams.support import actions, card_text, cards, markers, observe

KB = load_default()
ALLOWED = {"AdaptiveCard", "TextBlock", "RichTextBlock", "TextRun", "Container", "ActionSet",
           "Action.Submit", "Action.ToggleVisibility", "ColumnSet", "Column", "FactSet"}
INJECTION = "[click me](https://evil.example.com) **bold** <b>x</b> <at>Boss</at>"


def _recommendation(answers: dict[str, str], **inferred: Inferred) -> RecommendationReply:
    result = assess(answers, KB, inferred)
    return RecommendationReply(
        assessment=result,
        headline=T.headline(result.model, result.confidence),
        actions=(T.WHY, T.CONTINUE, T.SHARE, T.START_OVER),
    )


MISMATCH = {"decision_owner": "client", "accountability": "provider", "change_rate": "fast"}


def _samples() -> list[Reply]:
    asking = Session(stage="asking", current="scope", answers={"decision_owner": "provider"},
                     history=[])
    return [
        TextReply(text=T.HELP, actions=(T.START,)),
        TextReply(text=T.UNKNOWN_ACTION, tone="error"),
        question(asking),
        _recommendation(MISMATCH),
        answer_question("what is staff augmentation?", KB),
        answer_question("weather forecast tomorrow please", KB),
    ]


def _check_card(message: dict[str, Any]) -> None:
    assert message["type"] == "message"
    assert activity_size(message) <= ACTIVITY_BUDGET
    (attachment,) = message["attachments"]
    assert attachment["contentType"] == ADAPTIVE_CARD
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert tuple(int(p) for p in card["version"].split(".")) <= (1, 5)
    types = {node["type"] for node in json_dicts(card) if "type" in node}
    assert types <= ALLOWED, types - ALLOWED
    ids = [node["id"] for node in json_dicts(card) if "id" in node]
    assert len(ids) == len(set(ids)), Counter(ids).most_common(3)
    for node in json_dicts(card):
        if node.get("type") == "ActionSet":
            assert 1 <= len(node["actions"]) <= MAX_ACTIONS_PER_ROW
        if node.get("type") == "Action.Submit":
            assert isinstance(node["data"], dict) and node["title"]
    assert "actions" not in card  # buttons live in ActionSets, so a split keeps them last
    assert message["summary"] and "\n" not in message["summary"]


@pytest.mark.parametrize("reply", _samples(), ids=lambda r: r.kind)
def test_every_reply_is_a_valid_teams_card(reply: Reply) -> None:
    messages = render(reply)
    assert messages
    for message in messages:
        _check_card(message)
        json.dumps(message)


def test_welcome_card() -> None:
    (message,) = welcome()
    _check_card(message)
    assert markers(message)[0] == "advisor-welcome"
    assert {"command": "start"} in [a["data"] for a in actions(message)]


def test_question_card() -> None:
    s = Session(stage="asking", current="scope",
                answers={"decision_owner": "provider", "accountability": "provider"},
                history=[Step(factor="accountability", previous=None)])
    (message,) = render(question(s))
    text = card_text(message)
    assert "Question 3 of 8" in text
    found = markers(message)
    assert found[0] == "advisor-q-scope"
    data = [a["data"] for a in actions(message)]
    assert data == [
        {"factor": "scope", "answer": "bounded"},
        {"factor": "scope", "answer": "partly"},
        {"factor": "scope", "answer": "open"},
        {"command": "back"},
        {"command": "start"},
    ]
    assert observe([message]).questions == ["scope"]


def test_current_answer_is_highlighted() -> None:
    s = Session(stage="asking", current="scope", answers={"scope": "partly"})
    (message,) = render(question(s))
    styled = {a["data"]["answer"]: a.get("style") for a in actions(message) if "factor" in a["data"]}
    assert styled == {"bounded": None, "partly": "positive", "open": None}


def test_recommendation_card_carries_everything() -> None:
    reply = _recommendation(MISMATCH)
    messages = render(reply)
    found = [m for message in messages for m in markers(message)]
    text = "\n".join(card_text(m) for m in messages)
    a = reply.assessment
    assert found[0] == "advisor-rec-mismatch"
    assert reply.headline in text
    for warning in a.warnings:
        assert f"advisor-warn-{warning.code}" in found
        assert warning.message in text
    for reason in a.reasons:
        assert reason in text
    for flip in a.what_if[:5]:
        assert T.what_if_sentence(flip) in text
    for ask in a.call_prep.ask:
        assert ask in text
    for passage in a.passages:
        assert f"advisor-passage-{passage.id}" in found
        assert passage.title in text
    # A mismatch shows the split of decisions and accountability, not scores that read as a lean.
    (split,) = [n for m in messages for n in json_dicts(cards(m)) if n.get("type") == "FactSet"]
    assert split["facts"] == [{"title": "Who decides", "value": "The client"},
                              {"title": "Who answers for results", "value": "The provider"}]
    assert "█" not in text and "░" not in text
    assert "Ask the client" in text and "Red flags to listen for" in text
    commands = [x["data"]["command"] for m in messages for x in actions(m)]
    assert commands == ["why", "continue", "start"]  # no "share" in Teams
    seen = observe(messages)
    assert seen.models == ["mismatch"] and "unmanaged_managed_services" in seen.warnings


def test_recommendation_scores_are_columns_and_detail_is_folded() -> None:
    (message,) = render(_recommendation({"decision_owner": "provider", "accountability": "provider"}))
    card = cards(message)[0]
    rows = [n for n in json_dicts(card) if n.get("type") == "ColumnSet"]
    assert [[c["items"][0]["text"] for c in r["columns"]] for r in rows] == [
        ["Managed services", "100% · strong fit"], ["Staff augmentation", "0% · weak fit"]]
    (details,) = [n for n in json_dicts(card) if n.get("id") == "advisor-details"]
    assert details["isVisible"] is False
    assert any(n.get("id", "").startswith("advisor-passage-") for n in json_dicts(details))
    (toggle,) = [n for n in json_dicts(card) if n.get("type") == "Action.ToggleVisibility"]
    assert toggle["targetElements"] == ["advisor-details"]
    top = [n.get("text") for n in card["body"] if n.get("type") == "TextBlock"]
    assert top.index("Why") < top.index("Before the call")  # essentials stay unfolded


def test_passages_and_fallback() -> None:
    answered = render(answer_question("what is staff augmentation?", KB))
    assert observe(answered).passages >= 1
    fallback = render(answer_question("weather forecast tomorrow please", KB))
    seen = observe(fallback)
    assert seen.passages == 0 and seen.fallback


def test_user_text_is_never_markup() -> None:
    """Evidence quoted from the user lands only in TextRuns (plain text), never in TextBlocks."""
    reply = _recommendation(MISMATCH, scope=Inferred(value="bounded", evidence=INJECTION))
    echo = TextReply(text=f"From your description I picked up:\n- scope (from \"{INJECTION}\")")
    for message in [*render(reply), *render(echo)]:
        card = cards(message)[0]
        runs = [n["text"] for n in json_dicts(card) if n.get("type") == "TextRun"]
        blocks = [n["text"] for n in json_dicts(card) if n.get("type") == "TextBlock"]
        assert any(INJECTION in r for r in runs)
        assert not any("evil" in b for b in blocks)
        assert "text" not in message  # no markdown-rendered activity text either
        assert message.get("textFormat") in (None, "plain")


def test_many_actions_wrap_into_rows_that_fit_a_phone() -> None:
    many = tuple(QuickAction(command=f"c{i}", label=str(i % 10)) for i in range(14))
    (message,) = render(TextReply(text="pick", actions=many))
    rows = [n for n in json_dicts(cards(message)[0]) if n.get("type") == "ActionSet"]
    assert [len(r["actions"]) for r in rows] == [5, 5, 4]  # 7 characters each, 38 a row
    assert [a["title"] for r in rows for a in r["actions"]] == [a.label for a in many]
    wide = tuple(QuickAction(command=f"c{i}", label=f"A longer title {i}") for i in range(5))
    (message,) = render(TextReply(text="pick", actions=wide))
    rows = [n for n in json_dicts(cards(message)[0]) if n.get("type") == "ActionSet"]
    assert [len(r["actions"]) for r in rows] == [1, 1, 1, 1, 1]  # 16+ characters each


def test_oversized_content_is_split_and_nothing_is_lost() -> None:
    words = " ".join(f"word{i}" for i in range(12_000))  # ~100 KB of text on one line
    passages = tuple(PassageView(id=f"p{i}", title=f"Title {i}", topics=("examples",),
                                 text=words[i * 1000:(i + 1) * 30_000]) for i in range(3))
    reply = PassagesReply(question="q", passages=passages, actions=(T.START,))
    messages = render(reply)
    assert len(messages) >= 4
    for message in messages:
        _check_card(message)
    assert not any(actions(m) for m in messages[:-1]) and actions(messages[-1])
    runs = "".join(n["text"] for m in messages for n in json_dicts(cards(m)[0])
                   if n.get("type") == "TextRun")
    for passage in passages:
        assert passage.text.replace(" ", "") in runs.replace(" ", "")
    found = [m for message in messages for m in markers(message)]
    assert [m for m in found if m.startswith("advisor-passage-")] == [
        "advisor-passage-p0", "advisor-passage-p1", "advisor-passage-p2"]


def test_non_ascii_counts_at_its_escaped_size() -> None:
    text = "█" * 20_000  # 3 bytes in UTF-8, 6 when JSON-escaped
    messages = render(TextReply(text=text))
    assert len(messages) >= 5
    for message in messages:
        assert len(json.dumps(message).encode()) <= ACTIVITY_BUDGET
        assert len(json.dumps(message, ensure_ascii=False).encode()) <= ACTIVITY_BUDGET


def test_render_all_merges_a_turn_into_one_card_in_order() -> None:
    replies: list[Reply] = [TextReply(text="one"), TextReply(text="two")]
    (message,) = render_all(replies)
    assert card_text(message) == "one\ntwo"
    second = cards(message)[0]["body"][1]
    assert second["separator"] is True
    asking = Session(stage="asking", current="scope", answers={}, history=[])
    (merged,) = render_all([TextReply(text=T.BACK_TO), question(asking)])
    # the question (with its progress, as Slack's notification), not the preamble
    assert merged["summary"] == f"Question 1 of 8: {question(asking).prompt}"
    assert "advisor-q-scope" in markers(merged)
    rec = _recommendation({"decision_owner": "provider", "accountability": "provider"})
    (both,) = render_all([rec, rec])
    nodes = list(json_dicts(cards(both)[0]))
    toggles = [n["targetElements"] for n in nodes if n.get("type") == "Action.ToggleVisibility"]
    assert toggles == [["advisor-details"], ["advisor-details-2"]]  # each opens its own detail


def test_long_summary_is_cut() -> None:
    (message,) = render(TextReply(text="x" * 1000 + "\nsecond line"))
    assert len(message["summary"]) <= 200


def test_passage_text_is_reflowed_into_paragraphs() -> None:
    text = "First line of a paragraph\ncontinues here.\n\nSecond paragraph:\n- item one\n- item two"
    passage = PassageView(id="p", title="T", topics=("examples",), text=text)
    (message,) = render(PassagesReply(question="q", passages=(passage,)))
    assert card_text(message).splitlines() == [
        "You asked: q",
        "T",
        "First line of a paragraph continues here.",
        "Second paragraph:",
        "- item one",
        "- item two",
    ]


def test_every_golden_turn_is_one_card() -> None:
    from tests.teams.golden_cards import golden_turns

    turns = golden_turns()
    assert len(turns) > 50
    for name, messages in turns:
        assert len(messages) == 1, name
        (card,) = cards(messages[0])
        assert card["fallbackText"], name


def test_help_is_one_command_per_line_on_a_card() -> None:
    (message,) = render(TextReply(text=T.HELP, actions=(T.START,)))
    lines = card_text(message).splitlines()
    for command in ("start", "back", "why", "reset", "forget", "learn", "helpful"):
        assert sum(line.startswith(f"- {command}") for line in lines) == 1, command
