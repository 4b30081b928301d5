"""Block Kit rendering: markers, escaping of every outside text, and Slack's limits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.slack import render
from bot.slack.home import home_view
from bot.slack.render import RenderOptions, SlackMessage, escape, markers, to_messages, unescape
from dialogs import factors as F
from dialogs import texts as T
from dialogs.replies import (
    Assessment,
    CallPrep,
    Inferred,
    Option,
    PassagesReply,
    PassageView,
    QuestionReply,
    QuickAction,
    RecommendationReply,
    Reply,
    TextReply,
    Warning,
    WhatIf,
)
from dialogs.turn import MAX_TEXT_CHARS
from tests.standins.slack_api import check_blocks, check_message
from tests.support.json_tree import json_dicts

INJECT = "<!channel> <!here> <@U123> <https://evil.example|click> <!subteam^S1> a&b"
RAW = ("<!channel>", "<!here>", "<@U123>", "<https://evil", "<!subteam", "a&b")
SURFACES: tuple[render.Surface, ...] = ("channel", "dm", "slash")


def text_objects(obj: Any) -> Iterator[dict[str, Any]]:
    return (o for o in json_dicts(obj)
            if o.get("type") in ("mrkdwn", "plain_text") and isinstance(o.get("text"), str))


def displayed(message: SlackMessage) -> list[str]:
    """Texts Slack shows: the top-level text and every text object (values are never shown).

    ``plain_text`` is not parsed for mentions; it must not carry angle brackets at all.
    """
    shown = [message.text]
    for obj in text_objects(message.blocks):
        if obj["type"] == "plain_text":
            assert "<" not in obj["text"] and ">" not in obj["text"], obj
        shown.append(obj["text"])
    return shown


def assessment(text: str = "reason", *, n: int = 3, passage_text: str = "Passage text.",
               evidence: str = "said so") -> Assessment:
    return Assessment(
        model="mismatch",
        confidence=0.5,
        scores={F.MANAGED: 0.5, F.AUGMENTATION: 0.25},
        answers={"decision_owner": "client", "accountability": "provider"},
        inferred={f.id: Inferred(value=f.answers[0].id, evidence=evidence) for f in F.FACTORS},
        missing=tuple(F.FACTOR_IDS[:n]),
        warnings=tuple(Warning(code=f"code_{i}", message=text) for i in range(n)),
        reasons=tuple(text for _ in range(n)),
        what_if=tuple(WhatIf(factor=f.id, answer=a.id, model=F.MANAGED)
                      for f in F.FACTORS for a in f.answers)[: 3 * n],
        call_prep=CallPrep(ask=tuple(text for _ in range(n)),
                           red_flags=tuple(text for _ in range(n))),
        passages=tuple(PassageView(id=f"p-{i}", title=text, topics=("definitions",),
                                   text=passage_text) for i in range(n)),
    )


def every_reply(text: str, *, n: int = 3, long: str | None = None) -> list[Reply]:
    long = long or text
    actions = (T.WHY, T.CONTINUE, T.SHARE, T.START_OVER)
    return [
        TextReply(text=long, actions=(T.START,)),
        TextReply(text=text, tone="error"),
        QuestionReply(
            factor="scope", prompt=text, hint=text,
            options=tuple(Option(id=f"o{i}", label=text, explanation=text) for i in range(n)),
            number=3, answered=2, total=8, current="o1", actions=(T.BACK, T.START_OVER),
        ),
        RecommendationReply(assessment=assessment(text, n=n, passage_text=long, evidence=text),
                            headline=text, early=True, actions=actions),
        PassagesReply(question=text, passages=tuple(
            PassageView(id=f"q-{i}", title=text, topics=("definitions", "examples"), text=long)
            for i in range(n)), actions=(T.START,)),
        PassagesReply(question=text, passages=(), fallback=long, actions=(T.START,)),
    ]


def assert_within_limits(message: SlackMessage) -> None:
    assert message.text and len(message.text) <= render.MAX_TEXT
    assert len(message.blocks) <= render.MAX_BLOCKS
    assert len(json.dumps(message.blocks, ensure_ascii=False)) <= render.MAX_BLOCKS_JSON + 3500
    ids = [b["block_id"] for b in message.blocks if "block_id" in b]
    assert len(ids) == len(set(ids))
    for b in message.blocks:
        assert len(b.get("block_id", "")) <= render.MAX_ID
        if b["type"] == "section" and "fields" in b:
            assert 0 < len(b["fields"]) <= render.MAX_FIELDS
            assert all(0 < len(f["text"]) <= render.MAX_FIELD_CHARS for f in b["fields"])
        elif b["type"] == "section":
            assert 0 < len(b["text"]["text"]) <= render.MAX_SECTION_CHARS
        if b["type"] == "context":
            assert 0 < len(b["elements"]) <= 10
            assert all(len(e["text"]) <= render.MAX_CONTEXT_CHARS for e in b["elements"])
        if b["type"] == "actions":
            assert 0 < len(b["elements"]) <= 25
            for e in b["elements"]:
                assert len(e["text"]["text"]) <= render.MAX_BUTTON_LABEL
                assert len(e["value"]) <= render.MAX_BUTTON_VALUE
                assert len(e["action_id"]) <= render.MAX_ID
    assert check_message({"text": message.text, "blocks": message.blocks}) is None


# --- escaping ---------------------------------------------------------------------------


def test_escape_is_slacks_three_characters_ampersand_first() -> None:
    assert escape("<!channel> & <@U1> > x") == "&lt;!channel&gt; &amp; &lt;@U1&gt; &gt; x"
    assert escape("&lt;") == "&amp;lt;"
    assert unescape(escape(INJECT)) == INJECT


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("static", [False, True])
def test_injection_is_escaped_in_every_reply_type(surface: render.Surface, static: bool) -> None:
    for reply in every_reply(INJECT):
        messages = to_messages([reply], RenderOptions(surface=surface, static=static,
                                                     shared_by="U0SHARER"))
        for message in messages:
            for text in displayed(message):
                for token in RAW:
                    assert token not in text, (reply.kind, token, text)
        joined = " ".join(t for m in messages for t in displayed(m))
        assert "&lt;!channel&gt;" in joined, reply.kind


def test_only_a_valid_user_id_becomes_a_mention_in_shared_copies() -> None:
    reply = every_reply("x")[3]
    good = to_messages([reply], RenderOptions(static=True, shared_by="U0SHARER"))
    assert any("Shared by <@U0SHARER>" in t for m in good for t in displayed(m))
    bad = to_messages([reply], RenderOptions(static=True, shared_by="<!channel>"))
    assert not any("<!channel>" in t for m in bad for t in displayed(m))


# --- markers ----------------------------------------------------------------------------


def test_markers_name_questions_models_warnings_and_passages() -> None:
    replies = every_reply("plain")
    blocks = [b for r in replies for b in render.to_blocks(r)]
    assert markers(blocks, "q") == ["scope"]
    assert markers(blocks, "rec") == ["mismatch"]
    assert markers(blocks, "warn") == ["code_0", "code_1", "code_2"]
    assert markers(blocks, "passage") == ["q-0", "q-1", "q-2"]
    assert markers(blocks, "rec-passage") == ["p-0", "p-1", "p-2"]
    assert any(b.get("block_id") == "advisor:fallback" for b in blocks)


def test_question_buttons_carry_factor_equals_value_and_progress() -> None:
    q = every_reply("plain")[2]
    blocks = render.to_blocks(q)
    answers = next(b for b in blocks if b["block_id"] == "advisor:answers:scope")
    assert [e["value"] for e in answers["elements"]] == ["scope=o0", "scope=o1", "scope=o2"]
    assert [e["action_id"] for e in answers["elements"]] == [
        "advisor:answer:scope:o0", "advisor:answer:scope:o1", "advisor:answer:scope:o2"]
    assert answers["elements"][1].get("style") == "primary"  # the current answer
    nav = next(b for b in blocks if b["block_id"] == "advisor:nav:scope")
    assert [e["value"] for e in nav["elements"]] == ["cmd:back", "cmd:start"]
    progress = next(b for b in blocks if b["block_id"] == "advisor:progress:scope")
    assert "Question 3 of 8" in progress["elements"][0]["text"]


def test_recommendation_has_bars_reasons_what_if_call_prep_and_buttons() -> None:
    rec = every_reply("plain")[3]
    blocks = render.to_blocks(rec)
    ids = [b.get("block_id") for b in blocks]
    for needed in ("advisor:rec:mismatch", "advisor:split", "advisor:reasons", "advisor:what-if",
                   "advisor:call-prep", "advisor:missing", "advisor:early", "advisor:inferred"):
        assert needed in ids
    # A mismatch shows who decides and who answers for results, not score bars that read as a lean.
    assert "advisor:scores" not in ids
    split = next(b for b in blocks if b.get("block_id") == "advisor:split")["fields"]
    assert [f["text"] for f in split] == ["*Who decides*\nThe client",
                                          "*Who answers for results*\nThe provider"]
    prep = next(b for b in blocks if b.get("block_id") == "advisor:call-prep")["text"]["text"]
    assert "*Ask the client*" in prep and "*Red flags to listen for*" in prep
    managed = rec.model_copy(update={"assessment": rec.assessment.model_copy(
        update={"model": "managed_services", "warnings": ()})})
    scores = next(b for b in render.to_blocks(managed) if b.get("block_id") == "advisor:scores")
    # Scores read on a phone: label over a number and a word, no monospace bars.
    assert [f["text"] for f in scores["fields"]] == ["*Managed services*\n50% · partial fit",
                                                     "*Staff augmentation*\n25% · weak fit"]
    assert "█" not in json.dumps(scores) and "```" not in json.dumps(scores)
    buttons = next(b for b in blocks if b.get("block_id") == "advisor:rec-actions")["elements"]
    assert [e["value"] for e in buttons] == ["cmd:why", "cmd:continue", "cmd:share", "cmd:start"]
    assert [e["text"]["text"] for e in buttons] == ["Why?", "Answer the rest", "Share to channel",
                                                    "Start over"]


def test_static_copies_have_no_buttons() -> None:
    for reply in every_reply("plain"):
        for message in to_messages([reply], RenderOptions(static=True)):
            assert not [b for b in message.blocks if b["type"] == "actions"]


def test_slash_answers_offer_share_with_the_question_in_the_value() -> None:
    reply = every_reply("what is staff augmentation?")[4]
    (message,) = to_messages([reply], RenderOptions(surface="slash"))
    share = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]
             if e["action_id"] == "advisor:share:ask"]
    assert share and share[0]["value"] == "share:ask:what is staff augmentation?"
    (in_dm,) = to_messages([reply], RenderOptions(surface="dm"))
    assert "share:ask:" not in json.dumps(in_dm.blocks)


def test_passage_text_is_reflowed_but_keeps_paragraphs_and_lists() -> None:
    assert render.reflow("one\ntwo\n\nthree\n- a\n- b") == "one two\n\nthree\n- a\n- b"


# --- limits -----------------------------------------------------------------------------

HUGE = "<&>" * 14_000  # 42,000 characters, 150,000 once escaped
LONG_LINE = "word <b> & " * 400


def test_longest_inputs_of_every_reply_type_stay_within_block_kit_limits() -> None:
    for surface in SURFACES:
        for reply in every_reply(LONG_LINE, n=30, long=HUGE):
            messages = to_messages([reply], RenderOptions(surface=surface))
            assert messages
            for message in messages:
                assert_within_limits(message)


def test_a_whole_turn_of_max_replies_is_split_over_valid_messages() -> None:
    replies = every_reply(LONG_LINE, n=30, long=HUGE)
    messages = to_messages(replies, RenderOptions(surface="channel"))
    assert len(messages) > 1
    for message in messages:
        assert_within_limits(message)
    seen = [b["block_id"] for m in messages for b in m.blocks if "block_id" in b]
    assert "advisor:q:scope" in seen and "advisor:rec:mismatch" in seen


def test_long_text_is_split_losslessly_never_inside_an_entity() -> None:
    reply = TextReply(text=HUGE)
    messages = to_messages([reply])
    sections = [b["text"]["text"] for m in messages for b in m.blocks if b["type"] == "section"]
    assert len(sections) > 40
    assert all(len(s) <= render.MAX_SECTION_CHARS for s in sections)
    assert unescape("".join(sections)) == HUGE


def test_long_button_labels_and_values_are_trimmed() -> None:
    label = "L" * 500
    b = render.button(label, "advisor:" + "a" * 400, "v" * 5000)
    assert len(b["text"]["text"]) == render.MAX_BUTTON_LABEL and b["text"]["text"].endswith("…")
    assert len(b["value"]) == render.MAX_BUTTON_VALUE
    assert len(b["action_id"]) == render.MAX_ID
    many = [render.command_button(QuickAction(command=f"c{i}", label=label)) for i in range(60)]
    blocks = render.actions(many, "advisor:many")
    assert [len(x["elements"]) for x in blocks] == [25, 25, 10]


def test_text_only_fallback_fits_the_40k_text_limit() -> None:
    plain = render.plain_message(every_reply(LONG_LINE, n=30, long=HUGE))
    assert plain.blocks == []
    assert 0 < len(plain.text) <= render.MAX_TEXT
    assert "<!channel>" not in render.plain_message([TextReply(text=INJECT)]).text


def test_the_too_long_reply_is_short() -> None:
    reply = TextReply(text=T.TOO_LONG.format(size=40_000, limit=MAX_TEXT_CHARS), tone="error")
    (message,) = to_messages([reply])
    assert len(message.text) < 300
    assert_within_limits(message)


def test_notification_text_is_always_set() -> None:
    for reply in every_reply("plain"):
        (message,) = to_messages([reply])
        assert message.text.strip()
    assert to_messages([]) == []
    (empty,) = to_messages([TextReply(text="")])
    assert empty.text.strip() and all(b["text"]["text"].strip() for b in empty.blocks)


def test_home_view_is_valid_and_offers_start_and_learn() -> None:
    view = home_view()
    assert view["type"] == "home"
    assert check_blocks(view["blocks"], max_blocks=100) is None
    buttons = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(e["action_id"], e["value"], e["text"]["text"]) for e in buttons] == [
        ("advisor:home:start", "cmd:start", "Start an assessment"),
        ("advisor:home:learn", "cmd:learn", "Learn the difference")]


FORMATTING = "*bold* _slanted_ ~struck~ `code` ```block``` > quoted"
FORMAT_RAW = ("*bold*", "_slanted_", "~struck~", "`code`", "```")


@pytest.mark.parametrize("static", [False, True])
def test_formatting_marks_in_reply_text_cannot_format(static: bool) -> None:
    for reply in every_reply(FORMATTING):
        messages = to_messages([reply], RenderOptions(static=static))
        for message in messages:  # plain_text (buttons) is never parsed: only mrkdwn counts
            mrkdwn = [message.text] + [o["text"] for o in text_objects(message.blocks)
                                       if o["type"] == "mrkdwn"]
            for text in mrkdwn:
                for token in FORMAT_RAW:
                    assert token not in text, (reply.kind, token, text)
        assert "∗bold∗" in " ".join(t for m in messages for t in displayed(m)), reply.kind
    assert render.plain_message([TextReply(text=FORMATTING)]).text.count("∗") == 2


def test_escape_keeps_marks_inside_words_and_neutralises_quotes() -> None:
    assert escape("decision_owner=client 2*3") == "decision_owner=client 2*3"
    assert escape("> hi\n>there") == "\u200b&gt; hi\n\u200b&gt;there"
    assert escape("(_x_)") == "(ˍxˍ)"


def test_help_is_one_command_per_line() -> None:
    (message,) = to_messages([TextReply(text=T.HELP, actions=(T.START,))])
    shown = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    lines = "\n".join(shown).splitlines()
    for command in ("start", "back", "why", "reset", "forget", "learn", "helpful"):
        assert sum(line.startswith(f"- {command}") for line in lines) == 1, command
