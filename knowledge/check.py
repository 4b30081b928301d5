"""``check_kb``: every problem with a knowledge-base directory, as human-readable lines."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from knowledge.index import KnowledgeBase
from knowledge.loader import PASSAGES_DIR, read_passages
from knowledge.model import TOPICS, Passage

MAX_WORDS: Final = 120
MIN_QUESTIONS: Final = 3
MAX_QUESTIONS: Final = 6
TOP_N: Final = 3


def _quality(passages: list[Passage]) -> list[str]:
    problems: list[str] = []
    for p in passages:
        count = len(p.text.split())
        if count > MAX_WORDS:
            problems.append(f"{p.id}: body has {count} words (at most {MAX_WORDS})")
        if not MIN_QUESTIONS <= len(p.questions) <= MAX_QUESTIONS:
            problems.append(
                f"{p.id}: has {len(p.questions)} example questions "
                f"({MIN_QUESTIONS} to {MAX_QUESTIONS} expected)"
            )
    used = {t for p in passages for t in p.topics}
    problems.extend(f"topic '{t}' is not used by any passage" for t in TOPICS if t not in used)
    return problems


def _own_questions(passages: list[Passage]) -> list[str]:
    """Each passage must rank in the top 3 for each of its own example questions."""
    kb = KnowledgeBase(passages)
    problems: list[str] = []
    for p in kb.passages:
        for question in p.questions:
            found = [hit.passage.id for hit in kb.search(question, k=TOP_N)]
            if p.id not in found:
                problems.append(
                    f"{p.id}: its own question {question!r} does not rank in the top {TOP_N}"
                    f" (got: {', '.join(found) or 'nothing'})"
                )
    return problems


def check_kb(directory: Path | None = None) -> list[str]:
    """Every problem with the passages in ``directory`` (default: the shipped ones); [] if fine."""
    passages, problems = read_passages(PASSAGES_DIR if directory is None else Path(directory))
    if passages:
        problems += _quality(passages) + _own_questions(passages)
    return problems
