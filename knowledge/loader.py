"""Reading passage files: front matter split, YAML parse, strict validation, cross-file checks.

The shipped passages are parsed once: ``load_default`` keeps them, validated, in
``knowledge/__pycache__/passages.<tag>.json``, keyed by a digest of the passage files and of the
code that reads them, the way Python keeps bytecode, so a start-up neither imports ``yaml`` nor
parses front matter until a file changes (about 15 ms of every command that loads them). The
``*.md`` files stay the source; a read-only installation parses them each time.
"""

# No ``from __future__ import annotations``: pydantic would compile and evaluate every string
# annotation when each model class is created (about a millisecond per module at start-up).

import functools
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Annotated, Any, Final

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from knowledge import model
from knowledge.index import KnowledgeBase
from knowledge.model import SLUG, KnowledgeError, Passage, check_topics

PASSAGES_DIR: Final = Path(__file__).resolve().parent / "passages"
FENCE: Final = "---"
CACHE: Final = (
    Path(__file__).resolve().parent / "__pycache__" / f"passages.{sys.implementation.cache_tag}.json"
)

_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class FrontMatter(BaseModel):
    """The YAML header of a passage file, validated strictly (no type coercion, no extra keys)."""

    model_config = ConfigDict(strict=True, extra="forbid", defer_build=True)
    """``defer_build``: the validator is built when a file is first parsed, which a start-up
    served from ``CACHE`` never does."""

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


def parse_passage(path: Path) -> Passage:
    """One passage file; ``KnowledgeError`` naming the file and every problem in it."""
    import yaml  # here: a start-up served from the cache never needs it (10 ms)

    # libyaml's safe loader when PyYAML has it (ten times faster), else the pure-Python one;
    # both build the same plain values.
    safe_loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        header, body = split_front_matter(path.read_text(encoding="utf-8"))
        data = yaml.load(header, Loader=safe_loader)  # noqa: S506 - a safe loader
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


def _digest(files: list[Path]) -> str:
    """What the cached passages depend on: each file's name and bytes, and this code's."""
    h = hashlib.sha256()
    for path in (Path(__file__), Path(model.__file__), *files):
        data = path.read_bytes()
        h.update(f"{path.name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def load_cached(directory: Path, cache: Path) -> KnowledgeBase:
    """``load_dir(directory)``, with its passages kept in ``cache`` (JSON) for as long as the
    files and this code are as they were; a valid folder is parsed once."""
    digest = _digest(sorted(Path(directory).glob("*.md")))
    try:
        kept = json.loads(cache.read_text(encoding="utf-8"))
        if kept["digest"] == digest:
            return KnowledgeBase([Passage.model_validate(p) for p in kept["passages"]])
    except (OSError, ValueError, KeyError, TypeError):  # ValidationError is a ValueError
        pass
    kb = load_dir(directory)
    try:
        cache.parent.mkdir(exist_ok=True)
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"digest": digest,
                                   "passages": [p.model_dump() for p in kb.passages]}),
                       encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass  # read-only: parsed again next time
    return kb


@functools.cache
def load_default() -> KnowledgeBase:
    """The shipped knowledge base, parsed (or read from ``CACHE``) and indexed once per process."""
    return load_cached(PASSAGES_DIR, CACHE)
