"""Which rules can match a text at all: a cheap gate in front of ``dialogs.inference``'s rules.

Every rule pattern starts at a word edge, and most can only start with a few letters: "decid",
"choos", "their"... ``Gate`` works out, once per rule, the strings of up to ``WIDTH`` characters
a match can begin with (whitespace as one space, digits as "0"). For a text it collects the
same-width strings that begin at each word edge, and a rule runs only if one of its beginnings is
among them. Rules tried only at party words (``Rule.party_first``) are gated instead on the word
that follows the party's required separator ("they <AUX> *decide*"): every match holds it at a
word edge. A rule whose beginnings cannot be listed (it starts with ``\\w+`` or a negated
class) always runs; ``split_for_gate`` first splits off the branches that can be listed.

The analysis reads the standard library's regex parse trees (``re._parser``), and only as much
of each pattern as it needs: a branch is cut into top-level atoms (``_atoms``) and parsed atom by
atom until ``WIDTH`` characters are settled; atoms shared by many rules (the macros) are parsed
once. A beginning that cannot be extended (what follows cannot be listed, or there would be too
many) stops short: a weaker gate, never a wrong one. So the gate never changes a result: it only
skips rules that cannot match (``tests/dialogs/test_inference_fresh.py`` checks this).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

from dialogs.inference_rules import HEAD, SEPARATOR, TAIL, Rule, alternatives, split_branches

WIDTH: Final = 3
"""How many leading characters of a match the gate looks at."""

MAX_BEGINNINGS: Final = 3000
"""More possible beginnings than this and the rule is not gated."""

_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

SEPARATOR_ATOM: Final = "(?:" + SEPARATOR + ")"
"""How the notation's " " reads as one atom (see ``_atoms``)."""

_SPACE: Final = re.compile(r"\s")
_DIGIT: Final = re.compile(r"\d")
_EDGE: Final = re.compile(r"(?<!\w)")

_Strings = frozenset[str]
_STOP: Final = "\x00"
"""Marks a beginning that cannot be extended further (what follows could not be listed)."""


class _Unknown(Exception):
    """The pattern's beginnings cannot be listed."""


MEMO_PATH: Final = (Path(__file__).parent / "__pycache__"
                    / f"inference_gate.{sys.implementation.cache_tag}.json")
"""Where the analysis's results are kept between processes (see ``Memo``)."""


class Memo:
    """The analysis's results by regex source, kept between processes the way Python keeps
    bytecode, so that a process need not parse several hundred patterns at import (about
    0.3 s). Entries are keyed by a digest of the source each describes, so a changed rule is
    simply analysed again; the file is ignored unless it was written by this very analysis code
    (a digest of this module) with the same ``WIDTH`` and ``MAX_BEGINNINGS``; only the entries
    used are written back, atomically, and a read-only installation just analyses again."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._known: dict[str, list[str] | None] | None = None if path else {}
        self.used: dict[str, list[str] | None] = {}
        self.misses = 0

    def get(self, kind: str, source: str,
            compute: Callable[[str], Iterable[str] | None]) -> list[str] | None:
        if self._known is None:
            self._known = self._read()
        key = kind + ":" + hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        if key in self._known:
            value = self._known[key]
        else:
            found = compute(source)
            value = None if found is None else sorted(found)
            self._known[key] = value
            self.misses += 1
        self.used[key] = value
        return value

    def _read(self) -> dict[str, list[str] | None]:
        try:
            assert self.path is not None
            doc = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(doc, dict) or doc.get("header") != _header():
            return {}
        entries = doc.get("entries")
        return dict(entries) if isinstance(entries, dict) else {}

    def save(self) -> None:
        """Write the file when something was analysed afresh (quietly skipped if it cannot)."""
        if not self.misses or self.path is None:
            return
        self.misses = 0
        doc = json.dumps({"header": _header(), "entries": self.used}, separators=(",", ":"))
        try:
            self.path.parent.mkdir(exist_ok=True)
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(doc, encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass


@functools.cache
def _header() -> str:
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return f"width {WIDTH}, max {MAX_BEGINNINGS}, analysis {code}"


_MEMO = Memo(MEMO_PATH)


def memoised(kind: str) -> Callable[[str, Callable[[str], list[str]]], list[str]]:
    """``memo(key, compute)`` for other derived data of the rules, kept in the same file (it
    is saved when the gate is built)."""

    def get(key: str, compute: Callable[[str], list[str]]) -> list[str]:
        return _MEMO.get(kind, key, compute) or []

    return get


@contextlib.contextmanager
def fresh_memo() -> Iterator[Memo]:
    """Analyse from scratch inside the block (no file read or written)."""
    global _MEMO
    saved, _MEMO = _MEMO, Memo(None)
    try:
        yield _MEMO
    finally:
        _MEMO = saved


def _chars(items: Sequence[tuple[Any, Any]]) -> set[str]:
    """The characters a class (``[...]``) matches; ``_Unknown`` if too many or unlistable."""
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            out.add(_norm(chr(av)))
        elif op is _c.RANGE:
            lo, hi = av
            if hi - lo > 64:
                raise _Unknown
            out.update(_norm(chr(i)) for i in range(lo, hi + 1))
        elif op is _c.CATEGORY and av in (_c.CATEGORY_SPACE, _c.CATEGORY_UNI_SPACE):
            out.add(" ")
        elif op is _c.CATEGORY and av in (_c.CATEGORY_DIGIT, _c.CATEGORY_UNI_DIGIT):
            out.add("0")
        else:
            raise _Unknown
    return out


def _norm(text: str) -> str:
    """Whitespace as one space and every digit as "0", in patterns and texts alike."""
    return _DIGIT.sub("0", _SPACE.sub(" ", text))


def _done(s: str) -> bool:
    return len(s) >= WIDTH or s.endswith(_STOP)


def _cat(left: set[str], right: set[str] | None) -> set[str]:
    """Every string of ``left`` followed by every one of ``right``, cut to ``WIDTH``.

    ``right`` None (unlistable), or too many results, stops the strings where they are: a
    shorter beginning is a weaker gate, never a wrong one. Only an empty one is unknown.
    """
    out = {a for a in left if _done(a)}
    short = [a for a in left if not _done(a)]
    if right is not None:
        grown = {(a + b)[:WIDTH] for a in short for b in right}
        if len(out) + len(grown) <= MAX_BEGINNINGS:
            return out | grown
    if "" in short:
        raise _Unknown
    return out | {a + _STOP for a in short}


def _seq(items: Sequence[tuple[Any, Any]]) -> set[str]:
    """The beginnings of a sequence: "" stands for "may match nothing so far"."""
    acc: set[str] = {""}
    for op, av in items:
        if all(_done(a) for a in acc):
            break
        try:
            right: set[str] | None = _item(op, av)
        except _Unknown:
            right = None
        acc = _cat(acc, right)
    return acc


def _item(op: Any, av: Any) -> set[str]:
    if op is _c.LITERAL:
        return {_norm(chr(av))}
    if op is _c.IN:
        if any(o is _c.NEGATE for o, _ in av):
            raise _Unknown
        return _chars(av)
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return {""}  # zero width
    if op is _c.SUBPATTERN:
        return _seq(av[3])
    if op is _c.ATOMIC_GROUP:
        return _seq(av)
    if op is _c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            out |= _seq(alternative)
        if len(out) > MAX_BEGINNINGS:
            raise _Unknown
        return out
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, body = av
        one = _seq(body)
        acc: set[str] = {""}
        for _ in range(min(low, WIDTH)):
            acc = _cat(acc, one)
        optional = one | {""}
        for _ in range(min(high - low, WIDTH)):
            if all(_done(a) for a in acc):
                break
            acc = _cat(acc, optional)
        return acc
    raise _Unknown  # ANY, categories other than space, group references...


_QUANTIFIER: Final = re.compile(r"(?:[?*+]|\{\d*(?:,\d*)?\})[?+]?")


def _atoms(source: str) -> list[str]:
    """The top-level pieces of a regex sequence (no top-level ``|``), each with its quantifier:
    a group, a character class, an escape or a single character."""
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        start = i
        c = source[i]
        if c == "\\":
            i += 2
        elif c == "[":
            i += 1
            if i < n and source[i] == "^":
                i += 1
            if i < n and source[i] == "]":
                i += 1
            while i < n and source[i] != "]":
                i += 2 if source[i] == "\\" else 1
            i += 1
        elif c == "(":
            depth = 0
            while i < n:
                ch = source[i]
                if ch == "\\":
                    i += 2
                    continue
                if ch == "[":
                    i += 1
                    if i < n and source[i] == "]":
                        i += 1
                    while i < n and source[i] != "]":
                        i += 2 if source[i] == "\\" else 1
                elif ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                    if depth == 0:
                        i += 1
                        break
                i += 1
        else:
            i += 1
        q = _QUANTIFIER.match(source, i)
        if q:
            i = q.end()
        out.append(source[start:i])
    return out


@functools.cache
def _parsed(atom: str) -> tuple[tuple[Any, Any], ...]:
    """An atom's parse-tree items (atoms recur across rules: the macros; cleared after use)."""
    return tuple(_parser.parse(atom).data)


def _beginnings_of(atoms: Sequence[str]) -> set[str]:
    """Beginnings of a sequence of atoms, parsing only as many atoms as it takes."""
    acc: set[str] = {""}
    for atom in atoms:
        if all(_done(a) for a in acc):
            break
        try:
            right: set[str] | None = _seq(_parsed(atom))
        except _Unknown:
            right = None
        acc = _cat(acc, right)
    return acc


def _selectivity(found: set[str]) -> tuple[int, int]:
    """Longer beginnings first (they rule out more), then fewer of them."""
    return min(len(s.removesuffix(_STOP)) for s in found), -len(found)


def _anchor(atoms: Sequence[str]) -> set[str]:
    """Beginnings of a word every match of the sequence holds at a word edge: the most
    selective listable beginnings of what follows a required separator ("they <AUX> *decide*").
    """
    best: set[str] | None = None
    for k in range(1, len(atoms)):
        if atoms[k - 1] != SEPARATOR_ATOM:
            continue
        try:
            found = _beginnings_of(atoms[k:])
        except _Unknown:
            continue
        if "" in found or any(s.startswith((" ", "-")) for s in found):
            continue
        if best is None or _selectivity(found) > _selectivity(best):
            best = found
    if best is None:
        raise _Unknown
    return best


def _branches(source: str) -> list[str]:
    """The top-level alternatives of a rule's source (``(?<!\\w)(?:...)(?!\\w)``)."""
    return alternatives(source[len(HEAD):-len(TAIL)])


def anchors(source: str) -> _Strings | None:
    """Like ``beginnings``, for a word inside every match rather than at its start (each
    top-level branch contributes its own); None when some branch has no such word."""
    found = _MEMO.get("anchors", source, _anchors)
    return None if found is None else frozenset(found)


def _anchors(source: str) -> _Strings | None:
    found: set[str] = set()
    try:
        for branch in _branches(source):
            found |= _anchor(_atoms(branch))
    except (_Unknown, RecursionError):
        return None
    return frozenset(s.removesuffix(_STOP) for s in found)


def _branch_beginnings(branch: str) -> set[str] | None:
    found = _MEMO.get("branch", branch, _branch_beginnings_parsed)
    return None if found is None else set(found)


def _branch_beginnings_parsed(branch: str) -> set[str] | None:
    try:
        found = _beginnings_of(_atoms(branch))
    except (_Unknown, RecursionError):
        return None
    return None if "" in found else found


def beginnings(source: str) -> _Strings | None:
    """The strings (at most ``WIDTH`` long) a match of a rule can begin with, or None."""
    found = _MEMO.get("beginnings", source, _beginnings)
    return None if found is None else frozenset(found)


def _beginnings(source: str) -> _Strings | None:
    found: set[str] = set()
    for branch in _branches(source):
        more = _branch_beginnings(branch)
        if more is None:
            return None
        found |= more
    return frozenset(s.removesuffix(_STOP) for s in found)


def split_for_gate(rules: Sequence[Rule]) -> tuple[Rule, ...]:
    """``rules`` with each rule whose branches are only partly listable split in two, so the
    listable branches are gated and only the rest always run."""
    out: list[Rule] = []
    for rule in rules:
        if rule.party_first or beginnings(rule.source) is not None:
            out.append(rule)
            continue
        out.extend(split_branches(rule, lambda branch: _branch_beginnings(branch) is not None))
    return tuple(out)


class Gate:
    """For a text, the indices of the rules that may match it."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._always: list[int] = []
        self._by_start: dict[str, list[int]] = {}
        for i, rule in enumerate(rules):
            found = anchors(rule.source) if rule.party_first else beginnings(rule.source)
            if found is None:
                self._always.append(i)
                continue
            for s in found:
                self._by_start.setdefault(s, []).append(i)
        self.gated = len(rules) - len(self._always)
        _parsed.cache_clear()
        _MEMO.save()
        self._always_set = frozenset(self._always)

    def is_gated(self, index: int) -> bool:
        """Whether the rule at ``index`` runs only when its beginnings occur."""
        return index not in self._always_set

    def active(self, marked: str) -> set[int]:
        """Indices of the rules that can match ``marked`` (the text the rules run on)."""
        text = _norm(marked)
        starts: set[str] = set()
        for m in _EDGE.finditer(text):
            i = m.start()
            for n in range(1, WIDTH + 1):
                starts.add(text[i:i + n])
        out = set(self._always)
        by_start = self._by_start
        for s in starts:
            hit = by_start.get(s)
            if hit:
                out.update(hit)
        return out


__all__ = ["MEMO_PATH", "WIDTH", "Gate", "Memo", "anchors", "beginnings", "fresh_memo",
           "memoised", "split_for_gate"]
