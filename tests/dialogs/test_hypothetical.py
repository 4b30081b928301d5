"""Questions and conditionals (issue 13 part 1): read for the situation they describe, and the
answer says it is hypothetical. The contract defines no JSON field for it, so the JSON of
``assess --json`` is unchanged and the text replies carry it."""

from __future__ import annotations

import json
import subprocess
import sys

from dialogs import texts as T
from dialogs.engine import step
from dialogs.inference import hypothetical
from dialogs.replies import RecommendationReply, Reply, TextReply
from dialogs.session import Session
from dialogs.turn import Turn
from knowledge import load_default

KB = load_default()
WHAT_IF = ("Would it still count as augmentation if their QA lead assigns the work and we "
           "carry the uptime target?")


def say(s: Session | None, text: str) -> list[Reply]:
    turn = Turn(platform="console", tenant="t", conversation="c", user="u", text=text)
    new, replies = step(s, turn, KB)
    assert new is not None
    return replies


def test_questions_and_conditionals_are_hypothetical_plain_notes_are_not() -> None:
    assert hypothetical(WHAT_IF)
    assert hypothetical("Hypothetically: we set the test strategy and the client stays accountable.")
    assert hypothetical("What if their architect designs everything and we guarantee the SLA?")
    assert not hypothetical("Their CTO keeps every decision and we guarantee the go-live date.")
    assert not hypothetical("Call notes: they want us to own the uptime SLA.")


def test_a_one_shot_hypothetical_is_answered_and_says_so() -> None:
    replies = say(None, f"assess {WHAT_IF}")
    assert isinstance(replies[-1], RecommendationReply)
    assert replies[-1].assessment.model == "mismatch"
    assert any(isinstance(r, TextReply) and r.text == T.HYPOTHETICAL for r in replies)


def test_a_plain_description_has_no_hypothetical_note() -> None:
    replies = say(None, "assess their CTO keeps every decision but we guarantee the date")
    assert not any(isinstance(r, TextReply) and r.text == T.HYPOTHETICAL for r in replies)


def test_a_typed_what_if_question_is_assessed_not_answered_from_the_knowledge_base() -> None:
    replies = say(None, WHAT_IF)
    assert any(isinstance(r, TextReply) and r.text == T.HYPOTHETICAL for r in replies)


def _advisor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True,
                          text=True, timeout=120, check=False)


def test_assess_text_says_hypothetical_and_the_json_keeps_the_contract() -> None:
    p = _advisor("assess", "--text", WHAT_IF)
    assert p.returncode == 0, p.stderr
    assert T.HYPOTHETICAL in p.stdout
    p = _advisor("assess", "--text", WHAT_IF, "--json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert "hypothetical" not in out
    assert out["model"] == "mismatch"
