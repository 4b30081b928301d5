"""The guided conversation, driven through ``step`` like any surface would."""

from __future__ import annotations

from dialogs.engine import step
from dialogs.replies import PassagesReply, QuestionReply, RecommendationReply, Reply, TextReply
from dialogs.session import Session
from dialogs.turn import MAX_TEXT_CHARS, AnswerAction, CommandAction, Turn
from knowledge import load_default

KB = load_default()


def say(session: Session | None, text: str) -> tuple[Session | None, list[Reply]]:
    return step(
        session, Turn(platform="console", tenant="t", conversation="c", user="u", text=text), KB
    )


def click(session: Session | None, factor: str, answer: str) -> tuple[Session | None, list[Reply]]:
    turn = Turn(
        platform="console",
        tenant="t",
        conversation="c",
        user="u",
        action=AnswerAction(factor=factor, answer=answer),
    )
    return step(session, turn, KB)


def command(session: Session | None, name: str) -> tuple[Session | None, list[Reply]]:
    turn = Turn(
        platform="console",
        tenant="t",
        conversation="c",
        user="u",
        action=CommandAction(command=name),
    )
    return step(session, turn, KB)


def last_question(replies: list[Reply]) -> QuestionReply:
    qs = [r for r in replies if isinstance(r, QuestionReply)]
    assert qs, replies
    return qs[-1]


def recommendation(replies: list[Reply]) -> RecommendationReply:
    recs = [r for r in replies if isinstance(r, RecommendationReply)]
    assert recs, replies
    return recs[-1]


def test_start_asks_an_ownership_question_first_with_progress() -> None:
    s, replies = say(None, "start")
    q = last_question(replies)
    assert q.factor == "decision_owner"
    assert (q.number, q.answered, q.total) == (1, 0, 8)
    assert [o.id for o in q.options] == ["provider", "shared", "client"]
    assert s is not None and s.stage == "asking" and s.assessments == 1


def test_both_ownership_factors_are_always_asked() -> None:
    s, _ = say(None, "start")
    s, replies = click(s, "scope", "bounded")
    s, replies = click(s, "measurability", "independent")
    asked = {last_question(replies).factor}
    while True:
        q = [r for r in replies if isinstance(r, QuestionReply)]
        if not q:
            break
        asked.add(q[-1].factor)
        first = q[-1].options[0].id
        s, replies = click(s, q[-1].factor, first)
    assert {"decision_owner", "accountability"} <= asked | set(s.answers if s else {})
    assert s is not None and "decision_owner" in s.answers and "accountability" in s.answers


def test_unknown_action_changes_nothing() -> None:
    s, _ = say(None, "start")
    for factor, answer in (("scope", "huge"), ("budget", "big"), ("", "")):
        new, replies = click(s, factor, answer)
        assert new is s
        assert isinstance(replies[0], TextReply) and replies[0].tone == "error"
    new, _ = command(s, "self-destruct")
    assert new is s


def test_oversized_text_is_refused_politely_without_state_change() -> None:
    s, _ = say(None, "start")
    new, replies = say(s, "x" * (MAX_TEXT_CHARS + 1))
    assert new is s
    assert isinstance(replies[0], TextReply) and "too long" in replies[0].text


def test_back_undoes_the_last_answer() -> None:
    s, _ = say(None, "start")
    s, _ = click(s, "decision_owner", "client")
    s, replies = say(s, "back")
    assert s is not None and "decision_owner" not in s.answers
    assert last_question(replies).factor == "decision_owner"
    s, replies = say(s, "back")
    assert any(isinstance(r, TextReply) and "no answer to undo" in r.text for r in replies)


def test_questions_mid_assessment_keep_the_place() -> None:
    s, _ = say(None, "start")
    s, _ = click(s, "decision_owner", "provider")
    s2, replies = say(s, "What is the difference between managed services and staff augmentation?")
    assert s2 is not None and s is not None and s2.answers == s.answers
    passages = [r for r in replies if isinstance(r, PassagesReply)]
    assert passages and passages[0].passages
    assert last_question(replies).factor == "accountability"


def test_typed_factor_value_and_option_names_answer() -> None:
    s, _ = say(None, "start")
    s, _ = say(s, "decision_owner=client")
    assert s is not None and s.answers == {"decision_owner": "client"}
    s, _ = say(s, "The provider")
    assert s is not None and s.answers["accountability"] == "provider"


def test_forget_returns_none_and_reset_keeps_nothing() -> None:
    s, _ = say(None, "start")
    s, _ = click(s, "decision_owner", "client")
    gone, replies = say(s, "forget")
    assert gone is None and "deleted" in replies[0].text.lower()  # type: ignore[union-attr]
    cleared, _ = say(s, "reset")
    assert cleared is not None and cleared.answers == {} and cleared.stage == "idle"


def test_description_prefills_answers_and_asks_only_what_is_missing() -> None:
    s, replies = say(None, "assess they keep every decision but want us to guarantee the date")
    assert s is not None
    assert s.answers.get("decision_owner") == "client"
    assert s.answers.get("accountability") == "provider"
    assert s.inferred["accountability"].evidence
    # "assess TEXT" is a one-shot answer (issue 13.2): the recommendation at once, its
    # unconfirmed ownership readings listed, one-tap corrections offered, confidence capped.
    rec = recommendation(replies)
    assert rec.assessment.model == "mismatch"
    assert rec.assessment.inferred
    assert rec.assessment.unconfirmed == ("decision_owner", "accountability")
    assert rec.assessment.confidence <= 0.6
    assert {(c.factor, c.answer) for c in rec.corrections} == {
        ("decision_owner", "provider"), ("decision_owner", "shared"),
        ("accountability", "shared"), ("accountability", "client"),
    }


def test_free_text_description_at_the_start_prefills() -> None:
    s, replies = say(None, "Two engineers to join their squad, their CTO owns the backlog.")
    assert s is not None and s.answers.get("decision_owner") == "client"
    assert any(isinstance(r, TextReply) and "picked up" in r.text.lower() for r in replies)
    q = [r for r in replies if isinstance(r, QuestionReply)]
    # The only question about an answered factor is the confirmation of its reading.
    assert q[-1].factor == "decision_owner" and q[-1].options[0].id == "client"
    assert "CTO owns the backlog" in q[-1].prompt


def test_why_explains_the_leaning() -> None:
    s, _ = say(None, "start")
    s, _ = click(s, "decision_owner", "provider")
    _, replies = say(s, "why")
    text = replies[0].text  # type: ignore[union-attr]
    assert "Managed services" in text and "provider" in text


def test_finish_gives_a_partial_recommendation_and_continue_resumes() -> None:
    s, _ = say(None, "start")
    s, _ = click(s, "decision_owner", "shared")
    s, replies = say(s, "finish")
    rec = recommendation(replies)
    assert rec.assessment.missing and rec.assessment.confidence < 0.6
    s, replies = command(s, "continue")
    assert last_question(replies).factor not in (s.answers if s else {})


def test_recommendation_carries_passages_call_prep_and_actions() -> None:
    s, _ = say(None, "start")
    s, _ = click(s, "decision_owner", "client")
    s, replies = click(s, "accountability", "client")
    s, replies = click(s, "leadership", "weak")
    rec = recommendation(replies)
    a = rec.assessment
    assert a.model == "staff_augmentation"
    assert [w.code for w in a.warnings] == ["weak_leadership_for_augmentation"]
    assert a.passages and all(p.text for p in a.passages)
    assert a.call_prep.ask and a.call_prep.red_flags
    assert {x.command for x in rec.actions} >= {"why", "share", "start"}
    assert rec.early


def test_off_topic_gets_the_fallback() -> None:
    _, replies = say(None, "tell me a joke")
    p = replies[0]
    assert isinstance(p, PassagesReply) and not p.passages and p.fallback


def test_session_round_trips_as_json() -> None:
    s, _ = say(None, "assess they keep every decision but want us to guarantee the date")
    assert s is not None
    assert Session.from_json(s.to_json()) == s


def test_a_number_that_is_not_an_option_says_so_and_asks_again() -> None:
    s, _ = say(None, "start")
    assert s is not None
    s2, replies = say(s, "7")
    assert s2 is not None and s2.answers == {} and s2.current == s.current
    text = replies[0]
    assert isinstance(text, TextReply) and "7 isn't one of the options" in text.text
    assert "1 to 3" in text.text
    assert not any(isinstance(r, PassagesReply) for r in replies)
    assert last_question(replies).factor == s.current


def test_a_number_with_no_question_open_points_to_what_works() -> None:
    _, idle = say(None, "2")
    assert isinstance(idle[0], TextReply) and "no question open" in idle[0].text
    assert [a.command for a in idle[0].actions] == ["start"]

    s, _ = say(None, "start")
    for _ in range(8):  # answer until the recommendation stops the questions early
        assert s is not None
        if s.stage != "asking":
            break
        s, _ = say(s, "1")
    assert s is not None and s.stage == "done" and len(s.answers) < 8
    answers = dict(s.answers)
    s2, replies = say(s, "1")
    assert s2 is not None and s2.answers == answers and s2.stage == "done"
    assert isinstance(replies[0], TextReply) and "continue" in replies[0].text
    assert [a.command for a in replies[0].actions] == ["why", "continue", "start"]
    assert len(replies) == 1


def test_unicode_digits_never_break_a_turn() -> None:
    # '²' is a digit to str.isdigit() but not a number int() reads; '٣' is an Arabic-Indic 3
    s, _ = say(None, "start")
    assert s is not None
    for session in (None, s):
        _, replies = say(session, "²")
        assert replies and not any(isinstance(r, TextReply) and r.tone == "error"
                                   for r in replies)
    s3, _ = say(s, "\u0663")
    assert s3 is not None and s3.answers == {s.current: "client"}
