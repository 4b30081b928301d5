"""Every user-facing sentence of the conversation, in one place (plain text, no markup)."""

from __future__ import annotations

from collections.abc import Sequence

from dialogs import factors as F
from dialogs.replies import QuestionReply, QuickAction, WhatIf

INTRO = (
    "Let's size up the engagement. I'll ask up to eight short questions and recommend managed "
    "services, staff augmentation, or warn you of a mismatch. Answer with a button, the number "
    "or the name of an option; ask me anything along the way."
)
HELP = (
    "I help you choose between managed services and IT staff augmentation before a client call.\n"
    "- start (or assess): a guided assessment; add a description to skip questions, "
    'e.g. "assess they want us to run 24/7 monitoring with a 99.9% SLA"\n'
    "- back: undo your last answer\n"
    "- why: explain the current leaning\n"
    '- correct any answer or reading in plain words, e.g. "no, the client is accountable", '
    '"scope is open-ended", or typed as decision_owner=client\n'
    "- reset: start from scratch\n"
    "- forget: delete what I stored for this conversation\n"
    "- learn: short lessons with practice deals, for new hires\n"
    "- helpful / not helpful: rate my last answer, so the knowledge base gets better\n"
    '- any other question, e.g. "what is staff augmentation?", is answered from the '
    "knowledge base without losing your place."
)
TOO_LONG = (
    "That message is too long for me ({size:,} characters; the limit is {limit:,}). "
    "Please send a shorter description or question."
)
UNKNOWN_ACTION = (
    "I didn't recognise that choice, so nothing changed. Pick one of the buttons or type the "
    "option's number."
)
NOTHING_TO_UNDO = "There is no answer to undo yet."
RESET = "Cleared. Say start whenever you want a new assessment."
FORGOTTEN = "Done: I have deleted everything I stored for this conversation."
NO_ANSWERS_YET = "Nothing answered yet, so there is no leaning to explain. Say start to begin."
EARLY = (
    "The remaining questions can't change this recommendation, so I stopped early. "
    "Say continue to answer them anyway."
)
ALL_ANSWERED = "Every question is answered already; here is the recommendation again."
BACK_TO = "Back to the assessment:"
NOT_ASSESSING = "There is no assessment in progress. Say start to begin one."
NOT_AN_OPTION = (
    "{number} isn't one of the options here: answer with a number from 1 to {count}, or the "
    "option's name."
)
NO_QUESTION_OPEN_DONE = (
    "There's no question open right now: the recommendation stands. Say why for the reasons, "
    "continue to answer the remaining questions, or start for a new assessment."
)
NO_QUESTION_OPEN_ALL = (
    "There's no question open right now: every question is answered. Say why for the reasons "
    "or start for a new assessment."
)
NO_QUESTION_OPEN_IDLE = "There's no question open right now. Say start to begin an assessment."
PREFILLED = "From your description I picked up:"
HYPOTHETICAL = (
    "You described a hypothetical situation: this answer is for that situation as described, "
    "not for a deal as it stands."
)
CORRECTABLE = (
    'Any reading can be corrected in plain words, e.g. "no, the client is accountable", or '
    "typed as decision_owner=client."
)
CORRECTION_CHANGED = "Changed {topic}: {was} -> {now}."
CORRECTION_SAME = "{reading} - that is what I have, now confirmed."
CORRECTION_MOVES = "That changes the recommendation: {was} before, {now} now."
CORRECTION_KEEPS = "The recommendation stays {model}."
NOT_SET = "not answered"
EXPLAIN_HEAD = "Read from the description (factor = value, evidence, rule):"
EXPLAIN_NONE = "Nothing was read from a description."
EXPLAIN_UNCONFIRMED = "the model depends on it; unconfirmed"
EXPLAIN_NO_RULE = "unknown"
CORRECT_WITH = "Not right? Correct it with one of:"
CONFIRM_PROMPT = 'I read {reading} (from "{evidence}"). Is that right?'
CONFIRM_YES = "Yes, that's right: {label}"
CONFIRM_PROGRESS = "Please confirm"
UNCONFIRMED_NOTE = (
    "Not confirmed: {topics}. The confidence is held at 60% or less until you confirm or "
    "correct {them}."
)
STORE_DOWN = (
    "I can't reach my memory right now. Your earlier answers are safe; please try again in a "
    "minute."
)
NEWER_SESSION = (
    "I'm being updated right now and this conversation is already on the new version. Please "
    "try again in a minute; your answers are safe."
)
INTERNAL_ERROR = "Sorry, something went wrong on my side and nothing was changed. Please try again."

LEARN_WELCOME = (
    "Welcome to the learn path: {count} short lessons on managed services and staff "
    "augmentation, each ending with a practice deal to judge. Leave whenever you like to ask a "
    "question or run an assessment; say learn to come back where you were."
)
LEARN_RESUME = "Welcome back: you are on lesson {number} of {count}."
LEARN_AGAIN = "You finished the path before; here it is again with new practice deals."
LESSON = "Lesson {number} of {count}: {title}"
LESSON_READ_MORE = "Read more: {title}"
PRACTICE_HINT = "Which delivery model fits this deal? Pick one."
PRACTICE_PROGRESS = "Practice {number} of {count}"
PRACTICE_RIGHT = "Right: this is {model}."
PRACTICE_WRONG = "Not quite: this is {model}, not {picked}."
PRACTICE_FACTS = "The facts that decide it"
PRACTICE_PASSAGE = "From the knowledge base"
NO_PRACTICE_OPEN = "There is no practice question open. Say learn to continue the path."
LEARN_DONE = "That's the path: you got {right} of {count} right."
LEARN_REVISIT = "Worth another look"
QUOTED = '"{text}"'
LEARN_REVISIT_ITEM = "{lesson} (read: {passages})"
LEARN_ALL_RIGHT = "Every practice deal right. You are ready to try a real assessment."

THANKS_HELPFUL = "Thanks: noted that this helped. It tells our curators what works."
THANKS_NOT_HELPFUL = (
    "Thanks: noted that this did not help. Our curators use it to decide what to write next."
)
ALREADY_RATED = "You rated that answer already; thanks."
NOTHING_TO_RATE = (
    "There is no answer to rate yet: ask me a question or run an assessment, then say helpful "
    "or not helpful."
)

START = QuickAction(command="start", label="Start an assessment")
HELPFUL = QuickAction(command="helpful", label="Helpful")
NOT_HELPFUL = QuickAction(command="not_helpful", label="Not helpful")
LEARN = QuickAction(command="learn", label="Learn the difference")
NEXT_LESSON = QuickAction(command="learn", label="Next lesson")
LEARN_AGAIN_ACTION = QuickAction(command="learn", label="Take the path again")
LEAVE_LEARN = QuickAction(command="help", label="Leave for now")
START_OVER = QuickAction(command="start", label="Start over")
BACK = QuickAction(command="back", label="Back")
WHY = QuickAction(command="why", label="Why?")
SHARE = QuickAction(command="share", label="Share to channel")
CONTINUE = QuickAction(command="continue", label="Answer the rest")
HELP_ACTION = QuickAction(command="help", label="Help")


def answer_phrase(factor_id: str, answer_id: str) -> str:
    factor = F.get(factor_id)
    return f"{factor.topic}: {factor.answer(answer_id).label.lower()}"


def unconfirmed_note(factor_ids: Sequence[str]) -> str:
    """Which readings the shown model rests on without the user's word, and how to fix them."""
    topics = ", ".join(F.get(f).topic for f in factor_ids)
    them = "it" if len(factor_ids) == 1 else "them"
    if any(f in F.OWNERSHIP for f in factor_ids):
        return f"{UNCONFIRMED_NOTE.format(topics=topics, them=them)} {CORRECTABLE}"
    return f"Not confirmed: {topics}. {CORRECTABLE}"


def correction_label(factor_id: str, answer_id: str) -> str:
    """A one-tap correction's label: 'Accountability: the client'."""
    factor = F.get(factor_id)
    return f"{factor.topic.capitalize()}: {factor.answer(answer_id).label.lower()}"


def what_if_sentence(flip: WhatIf) -> str:
    """'If the client keeps accountability for delivery outcomes instead, it would be ...'"""
    reason = F.get(flip.factor).answer(flip.answer).reason
    return f"If {reason} instead, it would be {F.SHORT_NAMES[flip.model]}."


def headline(model: str, confidence: float) -> str:
    return f"{F.MODEL_NAMES[model]} (confidence {round(confidence * 100)}%)"


# --- section titles of the reply document (dialogs.document) ---------------------------------

RECOMMENDATION = "Recommendation: {headline}"
SECTION_WARNINGS = "Warnings"
SECTION_WHY = "Why"
SECTION_CALL_PREP = "Before the call"
SECTION_ASK = "Ask the client"
SECTION_RED_FLAGS = "Red flags to listen for"
SECTION_INFERRED = "Picked up from the description"
SECTION_WHAT_IF = "What would change it"
SECTION_READ_MORE = "Read more"
NOT_ANSWERED = "Not answered yet: {topics}"
YOU_ASKED = "You asked: {question}"
FROM_KNOWLEDGE_BASE = "From the knowledge base: {titles}"
TOPICS = "Topics: {topics}"
SPLIT_DECIDES = "Who decides"
SPLIT_ANSWERS = "Who answers for results"
SPLIT_UNKNOWN = "not answered yet"
SHOW_DETAILS = "Show details"
SCORE_VALUE = "{percent}% · {word}"
SCORE_WORDS: tuple[tuple[float, str], ...] = ((0.67, "strong fit"), (0.34, "partial fit"),
                                              (0.0, "weak fit"))
"""A score's word: the first whose threshold the score reaches."""
MAX_WHAT_IF = 5
QUESTION_PROGRESS = "Question {number} of {total}"
SHARED_BY = "Shared by {user}"
TYPE_HINTS: dict[str, str] = {
    "channel": "Or reply in this thread with the option's number; no need to mention me.",
    "dm": "Or type the option's number; ask me anything along the way.",
    "home": "Or type the option's number; ask me anything along the way.",
    "slash": "Or run /advisor with the option's number.",
}
"""How to answer by typing, per Slack surface (under a question's buttons). In a channel the
question is in the assessment's thread, whose replies are read without a mention."""
MENTION_HINT = "Or mention me in this thread with the option's number."
"""A practice question in a channel thread: a thread is read without a mention only where it
holds an assessment, and the learn path is not one."""
CURRENT_ANSWER = "current answer"


def progress(q: QuestionReply) -> str:
    """"Question 3 of 8", or a practice question's own progress line."""
    return q.progress or QUESTION_PROGRESS.format(number=q.number, total=q.total)


def score_value(score: float) -> str:
    """'82% · strong fit': a model's score as a number and a short word (no bars to wrap)."""
    word = next(w for threshold, w in SCORE_WORDS if score >= threshold or threshold == 0.0)
    return SCORE_VALUE.format(percent=round(score * 100), word=word)
