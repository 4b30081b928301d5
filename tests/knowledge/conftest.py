"""Helpers for building small knowledge bases in a temporary folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

PassageWriter = Callable[..., Path]

BODY = {
    "alpha": "Managed services hand the running of a bounded service to a provider with SLAs.",
    "beta": "Staff augmentation adds engineers who follow the client's own leads and backlog.",
    "gamma": "Escalation paths say who is called, in what order, when a target is missed.",
}
QUESTIONS = {
    "alpha": ["What is a managed service?", "Who runs a managed service?", "Are there SLAs?"],
    "beta": [
        "What is staff augmentation?",
        "Who directs augmented engineers?",
        "Who owns the backlog with staff aug?",
    ],
    "gamma": [
        "What is an escalation path?",
        "Who gets called first in an escalation?",
        "What if a service target is missed?",
    ],
}
TOPICS = {
    "alpha": ["managed_services"],
    "beta": ["staff_augmentation"],
    "gamma": ["escalation_governance"],
}


def render(
    pid: str,
    *,
    title: str | None = None,
    topics: list[str] | None = None,
    questions: list[str] | None = None,
    related: list[str] | None = None,
    body: str | None = None,
) -> str:
    qs = questions if questions is not None else QUESTIONS.get(pid, [])
    question_lines = ["questions:", *(f"  - {q}" for q in qs)] if qs else ["questions: []"]
    lines = [
        "---",
        f"id: {pid}",
        f"title: {title if title is not None else pid.title()}",
        f"topics: [{', '.join(topics if topics is not None else TOPICS.get(pid, ['definitions']))}]",
        *question_lines,
        f"related: [{', '.join(related or [])}]",
        "---",
        body if body is not None else BODY.get(pid, "Some text."),
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def write(tmp_path: Path) -> PassageWriter:
    """``write(pid, **fields)`` writes ``<pid>.md``; ``write(name, text=...)`` writes raw text."""

    def _write(
        pid: str,
        text: str | None = None,
        *,
        title: str | None = None,
        topics: list[str] | None = None,
        questions: list[str] | None = None,
        related: list[str] | None = None,
        body: str | None = None,
    ) -> Path:
        if text is None:
            text = render(
                pid, title=title, topics=topics, questions=questions, related=related, body=body
            )
        path = tmp_path / f"{pid}.md"
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def small_kb(tmp_path: Path, write: PassageWriter) -> Path:
    """A valid three-passage knowledge base."""
    write("alpha", related=["beta"])
    write("beta", related=["alpha", "gamma"])
    write("gamma")
    return tmp_path
