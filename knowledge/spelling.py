"""Typo repair for queries: an unknown word is replaced by the one known word it is a slip of.

"managed servcies" or "staff augmentaion" should find the same passages as the correct spelling.
Known words are the words of the passages and of the synonym table. A query word is repaired
only when it is unknown, not a stopword, purely alphabetic and at least ``MIN_LENGTH`` letters
long, and a known word starting with the same letter lies within ``max_distance`` edits
(optimal string alignment: insert, delete, substitute, swap two neighbours). Short words are
left alone: "lease" is one letter from "least", and guessing there does more harm than good.

Lookup uses a symmetric-delete index (every known word under every deletion of up to two
letters), so a query costs a few dozen dictionary probes per unknown word, whatever the size of
the vocabulary. Ties are broken by distance, then by how often the word occurs in the passages,
then alphabetically, so repairs are deterministic.

Bounded work. A word of ``n`` letters has about ``n * n / 2`` two-letter deletions of ``n``
letters each, so without a cap one word costs ``n**3`` (a 1,200-letter word took 2.2 s and
850 MB). Words longer than ``MAX_LENGTH`` letters are therefore never repaired, nor words more
than two letters longer than the longest known word (no known word is within two edits of them,
so this changes no repair; the passages' longest word has 17 letters). That bounds one repair by a constant: at most
``MAX_LENGTH**2 / 2`` probes and, per candidate, ``MAX_LENGTH**2`` alignment cells. Callers cap
how many words of one query they repair (``knowledge.index.MAX_REPAIRS``), so a query's typo
repair costs at most a constant too. ``knowledge.work`` counts ``spelling.probes`` and
``spelling.cells``.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from typing import Final

from knowledge.work import count

MIN_LENGTH: Final = 6
MAX_LENGTH: Final = 30
"""Longer words are not repaired (no real word of ours is this long)."""
LONG_WORD: Final = 10


def max_distance(word: str) -> int:
    """Edits tolerated for a word of this length: one, or two from ``LONG_WORD`` letters on."""
    return 2 if len(word) >= LONG_WORD else 1


def _deletes(word: str, depth: int) -> set[str]:
    """``word`` and every string made by deleting up to ``depth`` of its letters."""
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


class Speller:
    """Repairs unknown query words against a fixed vocabulary (see the module docstring)."""

    def __init__(self, words: Iterable[str], ignore: Iterable[str] = ()) -> None:
        skip = frozenset(ignore)
        counts = Counter(w for w in words if w.isalpha() and w not in skip)
        self._known: frozenset[str] = frozenset(counts) | skip
        self._counts = counts
        index: dict[str, list[str]] = {}
        for word in sorted(counts):
            if len(word) < MIN_LENGTH - 1:
                continue
            for key in _deletes(word, max_distance(word)):
                index.setdefault(key, []).append(word)
        self._index = index
        self._longest = min(MAX_LENGTH, max(map(len, counts), default=0) + 2)
        self.repair = functools.lru_cache(maxsize=4096)(self._repair)

    def __contains__(self, word: object) -> bool:
        return word in self._known

    def _repair(self, word: str) -> str:
        """``word`` itself when known or not repairable, else the best known word near it."""
        if not MIN_LENGTH <= len(word) <= self._longest or word in self._known or not word.isalpha():
            return word
        limit = max_distance(word)
        keys = _deletes(word, limit)
        candidates = {c for key in keys for c in self._index.get(key, ())}
        count("spelling.probes", len(keys))
        best: tuple[int, int, str] | None = None
        for cand in candidates:
            if cand[0] != word[0]:
                continue
            count("spelling.cells", len(word) * len(cand))
            dist = osa_distance(word, cand)
            if dist > min(limit, max_distance(cand)):
                continue
            rank = (dist, -self._counts[cand], cand)
            if best is None or rank < best:
                best = rank
        return word if best is None else best[2]
