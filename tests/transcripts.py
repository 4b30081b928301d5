"""Golden transcripts: whole conversations as data, replayed through every surface.

Each file in ``tests/data/transcripts/`` is YAML::

    name: short-id
    description: what it shows
    steps:
      - say: "start"                                  # typed text
        expect: {question: decision_owner}
      - click: {factor: decision_owner, answer: provider}   # a button / card submit
        expect: {question: accountability}
      - command: back                                 # a command button (Back, Start over, ...)
        expect: {question: decision_owner}
      - say: "what is an SLA?"
        expect: {passages: true, question: scope}     # KB answer, then the question again

``expect`` keys (all optional, all must hold for the replies of that one step):
``question`` (factor id of the last question shown), ``model`` (a recommendation with this
model), ``warnings`` (codes that the recommendation must carry), ``passages`` (true: at least
one KB passage shown; false: the fallback), ``text`` (a substring of some text reply,
case-insensitive), ``forgotten`` (true: the conversation's state is gone afterwards).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

TRANSCRIPTS = Path(__file__).parent / "data" / "transcripts"


@dataclass(frozen=True)
class TranscriptStep:
    say: str | None = None
    click: tuple[str, str] | None = None
    command: str | None = None
    expect: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Transcript:
    name: str
    description: str
    steps: tuple[TranscriptStep, ...]


def load_transcripts() -> list[Transcript]:
    out = []
    for path in sorted(TRANSCRIPTS.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        steps = []
        for s in raw["steps"]:
            click = s.get("click")
            steps.append(
                TranscriptStep(
                    say=s.get("say"),
                    click=(click["factor"], click["answer"]) if click else None,
                    command=s.get("command"),
                    expect=dict(s.get("expect") or {}),
                )
            )
        out.append(Transcript(raw["name"], raw.get("description", ""), tuple(steps)))
    return out


@dataclass
class Observed:
    """What one step produced, as a surface saw it (each surface fills this from its output)."""

    questions: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    passages: int = 0
    fallback: bool = False
    texts: list[str] = field(default_factory=list)
    forgotten: bool | None = None


def check(step: TranscriptStep, seen: Observed, where: str) -> None:
    """Assert that what a surface observed for one step matches the step's expectations."""
    exp = step.expect
    if "question" in exp:
        assert seen.questions, f"{where}: expected question {exp['question']}, saw none ({seen})"
        assert seen.questions[-1] == exp["question"], (
            f"{where}: {seen.questions} != {exp['question']}"
        )
    if "model" in exp:
        assert exp["model"] in seen.models, (
            f"{where}: expected model {exp['model']}, saw {seen.models}"
        )
    for code in exp.get("warnings", []):
        assert code in seen.warnings, f"{where}: expected warning {code}, saw {seen.warnings}"
    if "passages" in exp:
        if exp["passages"]:
            assert seen.passages > 0, f"{where}: expected passages, saw none"
        else:
            assert seen.passages == 0 and seen.fallback, f"{where}: expected the fallback"
    if "text" in exp:
        needle = exp["text"].lower()
        assert any(needle in t.lower() for t in seen.texts), (
            f"{where}: {needle!r} not in {seen.texts}"
        )
    if exp.get("forgotten"):
        assert seen.forgotten, f"{where}: expected the session to be forgotten"
