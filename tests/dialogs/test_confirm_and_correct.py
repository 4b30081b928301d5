"""Issue 13 parts 2, 3 and 5: readings that decide are confirmed, corrected in plain words, and
never shown above 60% while unconfirmed; on the console, Slack and Teams."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.render_text import to_text
from bot.slack.render import to_blocks
from bot.teams.render import render as teams_render
from dialogs import texts as T
from dialogs.assess import assess
from dialogs.corrections import read
from dialogs.engine import step
from dialogs.inference import infer
from dialogs.replies import QuestionReply, RecommendationReply, Reply, TextReply
from dialogs.scoring import UNCONFIRMED_CAP
from dialogs.session import Session
from dialogs.turn import AnswerAction, Turn
from knowledge import load_default

KB = load_default()
MISMATCH_TEXT = "their CTO keeps every decision but they want us to guarantee the date"


def say(s: Session | None, text: str, surface: str = "dm") -> tuple[Session, list[Reply]]:
    turn = Turn(platform="console", tenant="t", conversation="c", user="u", text=text,
                surface=surface)
    new, replies = step(s, turn, KB)
    assert new is not None
    return new, replies


def click(s: Session, factor: str, answer: str) -> tuple[Session, list[Reply]]:
    turn = Turn(platform="slack", tenant="t", conversation="c", user="u",
                action=AnswerAction(factor=factor, answer=answer))
    new, replies = step(s, turn, KB)
    assert new is not None
    return new, replies


def questions(replies: list[Reply]) -> list[QuestionReply]:
    return [r for r in replies if isinstance(r, QuestionReply)]


def recs(replies: list[Reply]) -> list[RecommendationReply]:
    return [r for r in replies if isinstance(r, RecommendationReply)]


def texts(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies if isinstance(r, TextReply)).lower()


# --- confirmation in the guided conversation ------------------------------------------------


def test_a_described_deal_confirms_each_ownership_reading_before_recommending() -> None:
    s, replies = say(None, MISMATCH_TEXT)
    assert not recs(replies)
    q = questions(replies)[-1]
    assert q.factor == "decision_owner"
    assert q.options[0].id == "client" and q.options[0].label.startswith("Yes, that's right")
    assert "Their CTO keeps every decision".lower() in q.prompt.lower()  # the evidence quote
    assert {o.id for o in q.options} == {"client", "provider", "shared"}
    assert "can be corrected" in texts(replies)  # the "picked up" list says so
    s, replies = say(s, "1")  # console number 1 = the reading as inferred
    q = questions(replies)[-1]
    assert q.factor == "accountability" and q.options[0].id == "provider"
    s, replies = say(s, "yes")
    rec = recs(replies)[-1]
    assert rec.assessment.model == "mismatch"
    assert rec.assessment.unconfirmed == () and not rec.corrections
    assert rec.assessment.confidence > UNCONFIRMED_CAP  # confirmed: no cap


def test_another_option_of_the_confirmation_corrects_the_reading() -> None:
    s, _ = say(None, MISMATCH_TEXT)
    s, replies = say(s, "2")  # option 2 is the first answer other than the reading
    assert s.answers["decision_owner"] == "provider"
    assert "decision_owner" not in s.unconfirmed
    assert questions(replies)[-1].factor == "accountability"


def test_confirmation_buttons_carry_factor_value_on_slack_and_teams() -> None:
    _, replies = say(None, MISMATCH_TEXT)
    q = questions(replies)[-1]
    values = [e["value"] for b in to_blocks(q) if b["type"] == "actions"
              for e in b["elements"] if str(e.get("action_id", "")).startswith("advisor:answer")]
    assert values[0] == "decision_owner=client"
    assert set(values) == {"decision_owner=client", "decision_owner=provider",
                           "decision_owner=shared"}
    card = json.dumps([m.model_dump() if hasattr(m, "model_dump") else m
                       for m in teams_render(q)], default=str)
    assert card.index('"answer": "client"') < card.index('"answer": "provider"')
    assert "Yes, that's right" in card
    assert "1. Yes, that's right" in to_text(q)


# --- one-shot answers ------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["assess", "channel"])
def test_one_shot_answers_at_once_capped_with_corrections(how: str) -> None:
    if how == "assess":
        _, replies = say(None, f"assess {MISMATCH_TEXT}")
    else:
        _, replies = say(None, MISMATCH_TEXT, surface="channel")
    rec = recs(replies)[-1]
    assert rec.assessment.unconfirmed == ("decision_owner", "accountability")
    assert rec.assessment.confidence <= UNCONFIRMED_CAP
    assert ("accountability", "client") in {(c.factor, c.answer) for c in rec.corrections}
    console = to_text(rec)
    assert "Not confirmed: decision authority, accountability" in console
    assert "accountability=client" in console
    slack = [e["value"] for b in to_blocks(rec) if b["type"] == "actions"
             for e in b["elements"] if str(e.get("action_id", "")).startswith("advisor:fix")]
    assert "accountability=client" in slack and "decision_owner=provider" in slack
    card = json.dumps([m.model_dump() if hasattr(m, "model_dump") else m
                       for m in teams_render(rec)], default=str)
    assert '"factor": "accountability", "answer": "client"' in card
    assert "Not confirmed" in card


def test_a_one_tap_correction_changes_the_recommendation() -> None:
    s, _ = say(None, MISMATCH_TEXT, surface="channel")
    s, replies = click(s, "accountability", "client")
    assert s.answers["accountability"] == "client"
    rec = recs(replies)[-1]  # answered at once again, like the one-shot it corrects
    assert rec.assessment.model == "staff_augmentation"
    assert rec.assessment.unconfirmed == ("decision_owner",)
    assert rec.assessment.confidence <= UNCONFIRMED_CAP
    assert {c.factor for c in rec.corrections} == {"decision_owner"}


def test_unconfirmed_lists_only_inferred_factors_the_model_depends_on() -> None:
    inferred = infer(MISMATCH_TEXT)
    answers = {f: i.value for f, i in inferred.items()}
    a = assess(answers, KB, inferred)
    assert a.unconfirmed == ("decision_owner", "accountability") and a.confidence <= 0.6
    assert assess(answers, KB).unconfirmed == ()  # nothing inferred: []
    given = assess(answers, KB, inferred, unconfirmed=[])  # all confirmed
    assert given.unconfirmed == () and given.confidence > 0.6


def test_assess_json_gives_unconfirmed_and_caps_confidence() -> None:
    def run(*args: str) -> dict[str, object]:
        p = subprocess.run([sys.executable, "-m", "bot.cli", "assess", *args, "--json"],
                           capture_output=True, text=True, check=True)
        out = json.loads(p.stdout)
        assert isinstance(out, dict)
        return out

    out = run("--text", MISMATCH_TEXT)
    assert out["unconfirmed"] == ["decision_owner", "accountability"]
    assert isinstance(out["confidence"], float) and out["confidence"] <= 0.6
    out = run("--answer", "decision_owner=client", "--answer", "accountability=provider")
    assert out["unconfirmed"] == [] and out["inferred"] == {}


# --- corrections in plain words ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("no, the client is accountable", {"accountability": "client"}),
        ("actually we pick the tools", {"decision_owner": "provider"}),
        ("decision authority: the provider", {"decision_owner": "provider"}),
        ("scope is open-ended", {"scope": "open"}),
        ("accountability = shared", {"accountability": "shared"}),
        ("No, they decide", {"decision_owner": "client"}),
        ("actually the provider answers for the uptime", {"accountability": "provider"}),
        ("the scope is bounded", {"scope": "bounded"}),
        ("pace of change: fast", {"change_rate": "fast"}),
    ],
)
def test_plain_word_corrections_are_read(text: str, want: dict[str, str]) -> None:
    assert read(text, infer) == want


@pytest.mark.parametrize(
    "text",
    [
        "is the client accountable in staff augmentation?",
        "who decides in a managed service",
        "what does accountability mean?",
        "no",
        "actually, thanks",
        "scope is something I worry about",
    ],
)
def test_questions_and_chatter_are_not_corrections(text: str) -> None:
    assert read(text, infer) is None


@pytest.mark.parametrize("surface", ["dm", "channel"])
def test_correction_at_the_recommendation_says_what_changed(surface: str) -> None:
    s, _ = say(None, f"assess {MISMATCH_TEXT}", surface=surface)
    s, replies = say(s, "no, the client is accountable", surface=surface)
    said = texts(replies)
    assert "changed accountability: the provider -> the client" in said
    assert "mismatch before, staff augmentation now" in said
    assert s.answers["accountability"] == "client"
    assert "accountability" not in s.unconfirmed


def test_a_real_question_mid_assessment_is_answered_not_taken_as_a_correction() -> None:
    s, _ = say(None, f"assess {MISMATCH_TEXT}")
    before = dict(s.answers)
    s, replies = say(s, "is the client accountable in staff augmentation?")
    assert s.answers == before
    assert "changed" not in texts(replies)


def test_typed_ids_still_correct() -> None:
    s, _ = say(None, f"assess {MISMATCH_TEXT}")
    s, replies = say(s, "decision_owner=provider")
    assert s.answers["decision_owner"] == "provider"
    assert "decision_owner" not in s.unconfirmed
    assert recs(replies)[-1].assessment.model == "managed_services"


def test_help_says_readings_can_be_corrected() -> None:
    _, replies = say(None, "help")
    assert "no, the client is accountable" in texts(replies)
    assert "decision_owner=client" in T.HELP
