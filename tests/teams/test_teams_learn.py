"""Learn mode on Teams, through ``POST /api/messages`` and the connector stand-in: the welcome
card's "Learn the difference" action, a lesson card, practice card actions, and the verdict."""

from __future__ import annotations

from tests.teams.support import BOT_ID, Chat, actions, card_text, markers


async def test_the_welcome_card_offers_the_learn_path(chat: Chat) -> None:
    (card,) = await chat.post(chat.activity(type="conversationUpdate",
                                            membersAdded=[{"id": BOT_ID}], text=None))
    assert {"command": "learn"} in [a["data"] for a in actions(card)]


async def test_a_lesson_and_its_practice_by_card_actions(chat: Chat) -> None:
    replies = await chat.command("learn")
    text = "\n".join(card_text(r) for r in replies)
    assert "Lesson 1 of 7" in text and "Practice 1 of 7" in text
    data = [a["data"] for r in replies for a in actions(r)]
    for model in ("managed_services", "staff_augmentation", "mismatch"):
        assert {"factor": "practice", "answer": model} in data
    assert "advisor-q-practice" in [m for r in replies for m in markers(r)]

    verdict = await chat.click("practice", "mismatch")
    text = "\n".join(card_text(r) for r in verdict)
    assert "Not quite: this is managed services, not a mismatch" in text
    assert "The facts that decide it" in text
    assert {"command": "learn"} in [a["data"] for r in verdict for a in actions(r)]

    nxt = await chat.say("next lesson")
    assert "Lesson 2 of 7" in "\n".join(card_text(r) for r in nxt)
    typed = await chat.say("2")
    assert "Right: this is staff augmentation" in "\n".join(card_text(r) for r in typed)
