"""``check_kb``: the shipped knowledge base is clean; the quality rules catch what they should."""

from __future__ import annotations

from pathlib import Path

from knowledge import check_kb
from tests.knowledge.conftest import PassageWriter


def test_shipped_knowledge_base_has_no_problems() -> None:
    assert check_kb() == []


def test_own_question_must_rank_in_top_three(small_kb: Path, write: PassageWriter) -> None:
    # "gamma", "epsilon" and "zeta" answer the escalation question far better than "delta".
    write(
        "delta",
        title="Lunch options",
        topics=["examples"],
        questions=["What is an escalation path?", "What is for lunch?", "Is there soup?"],
        body="Sandwiches, soup and salad are served at noon.",
    )
    for pid in ("epsilon", "zeta"):
        write(
            pid, questions=["What is an escalation path?"] * 3, body="Escalation path, escalation."
        )
    problems = check_kb(small_kb)
    assert (
        "delta: its own question 'What is an escalation path?' does not rank in the top 3"
        " (got: epsilon, zeta, gamma)" in problems
    ), problems


def test_unanswerable_own_question_is_reported(small_kb: Path, write: PassageWriter) -> None:
    write("delta", questions=["What's the weather?", "Who is a provider?", "Tell me a joke"])
    problems = check_kb(small_kb)
    assert (
        'delta: its own question "What\'s the weather?" does not rank in the top 3 (got: nothing)'
        in problems
    ), problems


def test_long_body_is_reported(small_kb: Path, write: PassageWriter) -> None:
    write("delta", body=" ".join(["managed services"] * 70))
    assert "delta: body has 140 words (at most 120)" in check_kb(small_kb)


def test_question_count_is_checked(small_kb: Path, write: PassageWriter) -> None:
    write("delta", questions=["What is a managed service provider?"])
    assert "delta: has 1 example questions (3 to 6 expected)" in check_kb(small_kb)


def test_unused_topics_are_reported(small_kb: Path) -> None:
    problems = check_kb(small_kb)
    assert "topic 'readiness' is not used by any passage" in problems
    assert "topic 'managed_services' is not used by any passage" not in problems
