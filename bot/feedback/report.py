"""The curators' report: which passages help, which recommendations did not, what found nothing.

Built from feedback entries alone (no store access), so it is the same for Redis and memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel

from bot.feedback.base import FeedbackEntry
from knowledge import KnowledgeBase

MAX_ITEMS = 50
"""Each list keeps its top entries; a curator reads the head, not a dump."""


class PassageCounts(BaseModel):
    id: str
    title: str
    helpful: int
    not_helpful: int


class RecommendationCount(BaseModel):
    model: str
    answers: dict[str, str]
    count: int


class QuestionCount(BaseModel):
    question: str
    count: int
    passages: list[str] = []


class Report(BaseModel):
    since_days: int
    ratings: int
    helpful: int
    not_helpful: int
    passages: list[PassageCounts]
    recommendations_not_helpful: list[RecommendationCount]
    questions_kept: bool
    unanswered_questions: list[QuestionCount]
    not_helpful_questions: list[QuestionCount]


def build_report(
    entries: Iterable[FeedbackEntry], kb: KnowledgeBase, *, since_days: int, questions_kept: bool
) -> Report:
    helpful: Counter[str] = Counter()
    unhelpful: Counter[str] = Counter()
    recs: Counter[tuple[str, tuple[tuple[str, str], ...]]] = Counter()
    unanswered: Counter[str] = Counter()
    missed: Counter[tuple[str, tuple[str, ...]]] = Counter()
    ratings = liked = 0
    for e in entries:
        if e.kind == "unanswered":
            if e.question:
                unanswered[e.question] += 1
            continue
        ratings += 1
        liked += bool(e.helpful)
        for pid in e.passages:
            (helpful if e.helpful else unhelpful)[pid] += 1
        if e.kind == "recommendation" and not e.helpful and e.model:
            recs[(e.model, tuple(sorted(e.answers.items())))] += 1
        if not e.helpful and e.question:
            missed[(e.question, e.passages)] += 1
    ids = sorted(set(helpful) | set(unhelpful), key=lambda p: (-unhelpful[p], -helpful[p], p))
    return Report(
        since_days=since_days,
        ratings=ratings,
        helpful=liked,
        not_helpful=ratings - liked,
        passages=[
            PassageCounts(id=p, title=_title(kb, p), helpful=helpful[p], not_helpful=unhelpful[p])
            for p in ids[:MAX_ITEMS]
        ],
        recommendations_not_helpful=[
            RecommendationCount(model=model, answers=dict(answers), count=n)
            for (model, answers), n in recs.most_common(MAX_ITEMS)
        ],
        questions_kept=questions_kept,
        unanswered_questions=[
            QuestionCount(question=q, count=n) for q, n in unanswered.most_common(MAX_ITEMS)
        ],
        not_helpful_questions=[
            QuestionCount(question=q, count=n, passages=list(p))
            for (q, p), n in missed.most_common(MAX_ITEMS)
        ],
    )


def _title(kb: KnowledgeBase, passage_id: str) -> str:
    try:
        return kb.get(passage_id).title
    except KeyError:
        return "(no longer in the knowledge base)"


def report_lines(report: Report) -> list[str]:
    """The report as terminal text (user text shown as data, one line each)."""
    lines = [
        f"Feedback of the last {report.since_days} days: {report.ratings} rating(s), "
        f"{report.helpful} helpful, {report.not_helpful} not helpful.",
        "",
        "Passages (not helpful first):",
    ]
    lines += [f"  {p.not_helpful:>4} not helpful {p.helpful:>4} helpful  {p.id}  ({p.title})"
              for p in report.passages] or ["  none rated yet"]
    lines += ["", "Recommendations marked not helpful:"]
    lines += [
        f"  {r.count:>4}x {r.model}: "
        + ", ".join(f"{f}={a}" for f, a in r.answers.items())
        for r in report.recommendations_not_helpful
    ] or ["  none"]
    lines.append("")
    if not report.questions_kept and not (
        report.unanswered_questions or report.not_helpful_questions
    ):
        lines.append("Question text is not kept (set ADVISOR_FEEDBACK_KEEP_QUESTIONS=true to "
                     "see the questions that found nothing or did not help).")
        return lines
    lines.append("Questions that found nothing:")
    lines += [f"  {q.count:>4}x {q.question!r}" for q in report.unanswered_questions] or ["  none"]
    lines += ["", "Questions whose answer did not help:"]
    lines += [
        f"  {q.count:>4}x {q.question!r} -> {', '.join(q.passages) or 'no passage'}"
        for q in report.not_helpful_questions
    ] or ["  none"]
    return lines
