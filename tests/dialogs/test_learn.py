"""Learn mode through the engine's entry point: lessons, practice answers, progress, leaving."""

from __future__ import annotations

from bot.render_text import to_text
from dialogs import texts as T
from dialogs.engine import step
from dialogs.learn import PRACTICE, scenario
from dialogs.lessons import LESSONS
from dialogs.replies import QuestionReply, Reply, TextReply
from dialogs.session import Session
from dialogs.turn import AnswerAction, CommandAction, Turn
from knowledge import KnowledgeBase, load_default

KB: KnowledgeBase = load_default()


class Learner:
    def __init__(self) -> None:
        self.session: Session | None = None

    def turn(self, text: str | None = None, *, pick: str | None = None,
             command: str | None = None) -> list[Reply]:
        action = (AnswerAction(factor=PRACTICE, answer=pick) if pick
                  else CommandAction(command=command) if command else None)
        turn = Turn(platform="console", tenant="local", conversation="c", user="u",
                    text=text, action=action)
        self.session, replies = step(self.session, turn, KB)
        return replies


def texts(replies: list[Reply]) -> str:
    """What the replies other than questions say (lessons and verdicts as the terminal shows them)."""
    return "\n".join(r.text if isinstance(r, TextReply) else to_text(r)
                     for r in replies if not isinstance(r, QuestionReply))


def practice(replies: list[Reply]) -> QuestionReply:
    (question,) = [r for r in replies if isinstance(r, QuestionReply)]
    assert question.factor == PRACTICE
    return question


def test_a_lesson_ends_with_a_practice_deal_and_numbered_models() -> None:
    learner = Learner()
    replies = learner.turn("learn")
    assert "Lesson 1 of 7: What managed services means" in texts(replies)
    question = practice(replies)
    assert [o.id for o in question.options] == [
        "managed_services", "staff_augmentation", "mismatch"]
    assert question.progress == "Practice 1 of 7"
    assert learner.session is not None
    assert question.prompt == scenario(learner.session.learn).text


def test_the_whole_path_counts_right_answers_and_lists_what_to_revisit() -> None:
    learner = Learner()
    right = 0
    wrong_titles = []
    for number, lesson in enumerate(LESSONS, 1):
        replies = learner.turn(command="learn")
        assert f"Lesson {number} of 7" in texts(replies)
        assert learner.session is not None
        truth = scenario(learner.session.learn).model
        guess = truth if number % 2 else ("mismatch" if truth != "mismatch" else "managed_services")
        verdict = texts(learner.turn(pick=guess))
        if guess == truth:
            right += 1
            assert verdict.startswith("Right:")
        else:
            wrong_titles.append(lesson.title)
            assert verdict.startswith("Not quite:")
    assert f"you got {right} of 7 right" in verdict
    for title in wrong_titles:
        assert title in verdict
    assert learner.session is not None and len(learner.session.learn.results) == 7


def test_the_explanation_quotes_the_deciding_facts_from_the_deal() -> None:
    learner = Learner()
    for _ in range(4):  # lesson 5 practises the mismatch
        learner.turn("learn")
        learner.turn("1")
    question = practice(learner.turn("learn"))
    assert learner.session is not None
    shown = scenario(learner.session.learn)
    assert shown.model == "mismatch"
    verdict = texts(learner.turn(pick="mismatch"))
    assert verdict.startswith("Right: this is a mismatch")
    for factor in ("decision_owner", "accountability"):
        assert f'"{shown.facts[factor]}"' in verdict
        assert shown.facts[factor] in question.prompt
    assert "From the knowledge base:" in verdict


def test_typed_numbers_and_names_answer_the_practice_question() -> None:
    for typed, picked in (("1", "managed_services"), ("Managed services", "managed_services"),
                          ("staff aug", "staff_augmentation"), ("3", "mismatch")):
        learner = Learner()
        learner.turn("learn")
        learner.turn(typed)
        assert learner.session is not None
        assert learner.session.learn.results[0].picked == picked


def test_leaving_for_an_assessment_and_coming_back_resumes_the_same_deal() -> None:
    learner = Learner()
    learner.turn("learn")
    learner.turn("1")
    first = practice(learner.turn("learn"))
    assert "decision" in str(learner.turn("start"))  # the assessment's first question
    resumed = learner.turn("learn")
    assert "Welcome back: you are on lesson 2 of 7" in texts(resumed)
    assert practice(resumed).prompt == first.prompt
    # While the practice is open, "1" answers it, not the assessment.
    learner.turn("1")
    assert learner.session is not None
    assert len(learner.session.learn.results) == 2
    assert learner.session.answers == {}


def test_a_question_to_the_knowledge_base_keeps_the_practice_open() -> None:
    learner = Learner()
    learner.turn("learn")
    replies = learner.turn("what is an SLA?")
    assert replies[0].kind == "passages"
    practice(replies)
    assert learner.session is not None and learner.session.learn.awaiting


def test_a_stale_or_unknown_practice_click_changes_nothing() -> None:
    learner = Learner()
    learner.turn("learn")
    before = learner.session
    replies = learner.turn(pick="outsourcing")
    assert learner.session is before
    assert texts(replies) == T.UNKNOWN_ACTION
    learner.turn(pick="managed_services")
    replies = learner.turn(pick="managed_services")  # answered already: no practice open
    assert texts(replies) == T.NO_PRACTICE_OPEN
    assert learner.session is not None and len(learner.session.learn.results) == 1


def test_reset_and_forget_clear_progress_and_start_keeps_it() -> None:
    learner = Learner()
    learner.turn("learn")
    learner.turn("2")
    learner.turn("start")
    assert learner.session is not None and len(learner.session.learn.results) == 1
    learner.turn("reset")
    assert learner.session is not None and learner.session.learn.results == []
    learner.turn("learn")
    learner.turn("forget")
    assert learner.session is None


def test_progress_survives_the_session_codec() -> None:
    learner = Learner()
    learner.turn("learn")
    learner.turn("1")
    learner.turn("learn")
    assert learner.session is not None
    restored = Session.from_json(learner.session.to_json())
    assert restored.learn == learner.session.learn


def test_help_mentions_learn() -> None:
    assert "learn" in texts(Learner().turn("help"))
