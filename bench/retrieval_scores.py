"""Retrieval quality on every labelled batch: recall@3, top-1, and rejection of distractors.

Run from the repository root: ``.venv/bin/python bench/retrieval_scores.py`` prints one line per
batch (``-v`` adds each miss and leak, ``--markdown`` a table for docs/knowledge.md).
``--save FILE`` writes every query's outcome as JSON; ``--against FILE`` compares with such a
file and lists each on-topic question that fell out of the top 3, each top-1 that was lost, and
each rejected query that now gets passages (exit status 1 when there is any), so a round of
changes can prove it costs no earlier batch anything.

Batches (``tests/data``): ``retrieval_questions.yaml`` and ``retrieval_fresh_*.yaml`` (on-topic:
``q`` and the acceptable ``expect`` ids), ``retrieval_distractors_*.yaml`` and
``retrieval_offtopic*.yaml`` (every query must get the fallback). A batch written but not yet
scored goes in ``HELD_OUT_SUFFIXES`` (for example ``("_s.yaml",)``) and is never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge import KnowledgeBase, load_default  # noqa: E402

DATA = ROOT / "tests" / "data"
HELD_OUT_SUFFIXES: tuple[str, ...] = ()
"""Suffixes of held-out batches not yet scored (none now: X was scored after round 15)."""


@dataclass
class OnTopic:
    """One on-topic batch's outcome: per question, its top-3 ids and whether it counts."""

    name: str
    results: dict[str, list[str]] = field(default_factory=dict)
    expect: dict[str, list[str]] = field(default_factory=dict)

    def hit(self, q: str) -> bool:
        return bool(set(self.results[q][:3]) & set(self.expect[q]))

    def first(self, q: str) -> bool:
        return bool(self.results[q]) and self.results[q][0] in self.expect[q]

    @property
    def recall(self) -> int:
        return sum(map(self.hit, self.results))

    @property
    def top1(self) -> int:
        return sum(map(self.first, self.results))


@dataclass
class Rejection:
    """One distractor or off-topic batch's outcome: per query, the ids it got (``[]`` = fallback)."""

    name: str
    results: dict[str, list[str]] = field(default_factory=dict)

    @property
    def rejected(self) -> int:
        return sum(not ids for ids in self.results.values())


def _items(path: Path) -> list[Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get("items", [])
    return list(data or [])


def batch_files() -> tuple[list[Path], list[Path]]:
    """(on-topic files, rejection files), held-out batches (``HELD_OUT_SUFFIXES``) excluded."""
    def keep(p: Path) -> bool:
        return not p.name.endswith(HELD_OUT_SUFFIXES) if HELD_OUT_SUFFIXES else True

    on = [DATA / "retrieval_questions.yaml"]
    on += sorted(p for p in DATA.glob("retrieval_fresh_*.yaml") if keep(p))
    off = sorted(p for p in DATA.glob("retrieval_distractors_*.yaml") if keep(p))
    off += sorted(p for p in DATA.glob("retrieval_offtopic*.yaml") if keep(p))
    return on, off


def _name(path: Path) -> str:
    return path.stem.removeprefix("retrieval_")


def score(kb: KnowledgeBase) -> tuple[list[OnTopic], list[Rejection]]:
    on_files, off_files = batch_files()
    on: list[OnTopic] = []
    for path in on_files:
        batch = OnTopic(_name(path))
        for item in _items(path):
            batch.results[item["q"]] = [h.passage.id for h in kb.search(item["q"], k=3)]
            batch.expect[item["q"]] = list(item["expect"])
        on.append(batch)
    off: list[Rejection] = []
    for path in off_files:
        rej = Rejection(_name(path))
        for item in _items(path):
            q = item if isinstance(item, str) else item["q"]
            rej.results[q] = [h.passage.id for h in kb.search(q)]
        off.append(rej)
    return on, off


def dump(on: list[OnTopic], off: list[Rejection]) -> dict[str, Any]:
    return {
        "on_topic": {b.name: {"results": b.results, "expect": b.expect} for b in on},
        "rejection": {b.name: b.results for b in off},
    }


def compare(on: list[OnTopic], off: list[Rejection], saved: dict[str, Any]) -> list[str]:
    """Every question that got worse against ``saved`` (a :func:`dump`)."""
    worse: list[str] = []
    for b in on:
        old = saved["on_topic"].get(b.name)
        if old is None:
            continue
        prev = OnTopic(b.name, old["results"], old["expect"])
        for q in b.results:
            if q not in prev.results:
                continue
            if prev.hit(q) and not b.hit(q):
                worse.append(f"{b.name}: lost from top 3: {q!r} -> {b.results[q]}")
            elif prev.first(q) and not b.first(q):
                worse.append(f"{b.name}: lost top-1: {q!r} -> {b.results[q]}")
    for r in off:
        old_r = saved["rejection"].get(r.name, {})
        for q, ids in r.results.items():
            if q in old_r and not old_r[q] and ids:
                worse.append(f"{r.name}: now leaks: {q!r} -> {ids}")
    return worse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and leaks")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--save", type=Path, help="write every outcome as JSON")
    parser.add_argument("--against", type=Path, help="compare with a --save file")
    args = parser.parse_args(argv)
    on, off = score(load_default())
    if args.markdown:
        print("| set | recall@3 | top-1 |\n| --- | --- | --- |")
        for b in on:
            n = len(b.results)
            print(f"| {b.name} | {b.recall / n:.3f} ({b.recall}/{n}) | {b.top1 / n:.3f} |")
        print("\n| set | rejected |\n| --- | --- |")
        for r in off:
            print(f"| {r.name} | {r.rejected}/{len(r.results)} |")
    else:
        for b in on:
            n = len(b.results)
            print(f"{b.name:22} recall@3 {b.recall / n:.3f} ({b.recall}/{n})  top-1 {b.top1 / n:.3f}")
            if args.verbose:
                for q in b.results:
                    if not b.hit(q):
                        print(f"    MISS {q!r} -> {b.results[q]} want {b.expect[q]}")
        for r in off:
            print(f"{r.name:22} rejected {r.rejected}/{len(r.results)}")
            if args.verbose:
                for q, ids in r.results.items():
                    if ids:
                        print(f"    LEAK {q!r} -> {ids}")
    if args.save:
        args.save.write_text(json.dumps(dump(on, off), indent=1), encoding="utf-8")
    if args.against:
        worse = compare(on, off, json.loads(args.against.read_text(encoding="utf-8")))
        for line in worse:
            print("WORSE", line)
        print(f"{len(worse)} worse than {args.against}")
        return 1 if worse else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
