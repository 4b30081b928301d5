"""Reading passage files: front matter split, YAML parse, strict validation, cross-file checks."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Annotated, Any, Final

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from knowledge.index import KnowledgeBase
from knowledge.model import SLUG, KnowledgeError, Passage, check_topics

PASSAGES_DIR: Final = Path(__file__).resolve().parent / "passages"
FENCE: Final = "---"

_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class FrontMatter(BaseModel):
    """The YAML header of a passage file, validated strictly (no type coercion, no extra keys)."""

    model_config = ConfigDict(strict=True, extra="forbid")

    id: Annotated[str, Field(pattern=SLUG)]
    title: _Text
    topics: list[str] = Field(min_length=1)
    questions: list[_Text] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list)

    @field_validator("topics")
    @classmethod
    def _known_topics(cls, topics: list[str]) -> list[str]:
        check_topics(tuple(topics))
        return topics


def split_front_matter(text: str) -> tuple[str, str]:
    """``(yaml_text, body)``; ``ValueError`` when the file does not open with a ``---`` block."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise ValueError("does not start with a '---' front matter block")
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() == FENCE:
            return "\n".join(lines[1:end]), "\n".join(lines[end + 1 :])
    raise ValueError("front matter block is not closed with '---'")


def unwrap(body: str) -> str:
    """Markdown prose as plain text: lines of a paragraph joined by spaces, paragraphs kept.

    The files are wrapped for reading; chat clients would show those line breaks as is.
    """
    paragraphs = re.split(r"\n\s*\n", body.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _describe(error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "front matter"
        message = item["msg"].removeprefix("Value error, ")
        problems.append(f"field '{field}': {message}")
    return problems


_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it (ten times faster: 18 ms of every start-up that
loads the passages), else the pure-Python one; both build the same plain values."""


def parse_passage(path: Path) -> Passage:
    """One passage file; ``KnowledgeError`` naming the file and every problem in it."""
    try:
        header, body = split_front_matter(path.read_text(encoding="utf-8"))
        data = yaml.load(header, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        detail = " ".join(str(exc).split())
        raise KnowledgeError(f"{path}: {detail}", [f"{path}: {detail}"]) from exc
    problems: list[str] = []
    if not isinstance(data, dict):
        problems.append("front matter is not a YAML mapping")
    else:
        try:
            meta = FrontMatter.model_validate(data)
        except ValidationError as exc:
            problems.extend(_describe(exc))
        else:
            if meta.id != path.stem:
                problems.append(f"id '{meta.id}' does not match the file name '{path.stem}'")
    text = unwrap(body)
    if not text:
        problems.append("body is empty")
    if problems:
        messages = [f"{path}: {p}" for p in problems]
        raise KnowledgeError("\n".join(messages), messages)
    return Passage(
        id=meta.id,
        title=meta.title,
        topics=tuple(meta.topics),
        questions=tuple(meta.questions),
        related=tuple(meta.related),
        text=text,
    )


def read_passages(directory: Path) -> tuple[list[Passage], list[str]]:
    """Every valid passage in ``directory`` (first of duplicates kept) and every problem found."""
    if not directory.is_dir():
        return [], [f"{directory}: not a directory"]
    files = sorted(directory.glob("*.md"))
    if not files:
        return [], [f"{directory}: no passage files (*.md)"]
    passages: list[Passage] = []
    problems: list[str] = []
    seen: dict[str, Path] = {}
    for path in files:
        try:
            passage = parse_passage(path)
        except KnowledgeError as exc:
            problems.extend(exc.problems)
            continue
        if passage.id in seen:
            problems.append(f"{path}: duplicate id '{passage.id}' (also in {seen[passage.id]})")
            continue
        seen[passage.id] = path
        passages.append(passage)
    for passage in passages:
        path = seen[passage.id]
        for rid in passage.related:
            if rid == passage.id:
                problems.append(f"{path}: lists itself in 'related'")
            elif rid not in seen:
                problems.append(f"{path}: related id '{rid}' does not exist")
    return passages, problems


def load_dir(path: Path) -> KnowledgeBase:
    """Load and index every passage in ``path``; ``KnowledgeError`` listing all problems."""
    passages, problems = read_passages(Path(path))
    if problems:
        raise KnowledgeError("\n".join(problems), problems)
    return KnowledgeBase(passages)


@functools.cache
def load_default() -> KnowledgeBase:
    """The shipped knowledge base, parsed and indexed once per process."""
    return load_dir(PASSAGES_DIR)
