"""Tokenising for retrieval: lowercase words, domain phrases to canonical tokens, light stemming.

The same function turns passages and queries into tokens, so both sides meet in one vocabulary.
Linear in the text: one regex pass for words, then per word at most ``synonyms.PHRASE_STARTS``'
longest phrase of dictionary probes (phrases are a few words long).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Final

from knowledge.synonyms import (
    OTHER_SENSE,
    PHRASE_STARTS,
    PHRASES,
    SENSE_HEADS,
    STOPWORDS,
    VENDOR_LINES,
    VENDORS,
)
from knowledge.work import count

_WORD: Final = re.compile(r"[a-z0-9]+(?:[&'][a-z0-9]+)*")


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A tiny suffix stripper: plurals, then -ing/-ed/-ly/-ion, then a final -e.

    Only consistency matters (documents and queries go through the same function), so this is
    deliberately crude: "changes", "changing" and "changed" all become "chang".
    Tokens with an underscore (canonical domain tokens), digits and words of up to three letters
    are kept; four-letter words only lose a plural "s" ("sets" -> "set").
    """
    if "_" in word or len(word) <= 3 or word.isdigit():
        return word
    if len(word) == 4:
        plural = word.endswith("s") and not word.endswith(("ss", "us", "is"))
        return word[:-1] if plural else word
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix, keep in (("ing", 3), ("ed", 3), ("ly", 3), ("ion", 4)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lowercase words; apostrophes dropped ("what's" -> "whats"), "&" kept inside ("t&m")."""
    lowered = text.lower().replace("\u2019", "'")
    return [w.replace("'", "") for w in _WORD.findall(lowered)]


def tokens(text: str, limit: int | None = None) -> list[str]:
    """Retrieval tokens for ``text``: synonyms applied, stopwords dropped, stemmed.

    ``limit`` stops after that many tokens (for very long queries).
    """
    return word_tokens(words(text), limit)


def word_tokens(raw: list[str], limit: int | None = None) -> list[str]:
    """:func:`tokens` for text already split by :func:`words`."""
    count("text.words", len(raw))
    out: list[str] = []
    for _, token in positioned_tokens(raw):
        if limit is not None and len(out) >= limit:
            break
        out.append(token)
    return out


def positioned_tokens(raw: list[str]) -> Iterator[tuple[int, str]]:
    """Each token of :func:`word_tokens` with the index of the word it starts at, lazily."""
    i = 0
    while i < len(raw):
        if _other_sense(raw, i):
            yield i, OTHER_SENSE  # the head only: the next word is read on its own
            i += 1
            continue
        longest = PHRASE_STARTS.get(raw[i], 0)
        for size in range(min(longest, len(raw) - i), 0, -1):
            canonical = PHRASES.get(tuple(raw[i : i + size]))
            if canonical is not None:
                for t in canonical:
                    yield i, stem(t)
                i += size
                break
        else:
            word = raw[i]
            i += 1
            if word not in STOPWORDS and (len(word) > 1 or word.isdigit()):
                yield i - 1, stem(word)


def _other_sense(raw: list[str], i: int) -> bool:
    """Whether ``raw[i]`` is a sense head ("managed") followed by a word it does not take in our
    domain ("managed postgres"): ``synonyms.SENSE_HEADS``. Longer phrases ("managed service
    provider") start with a word of the head's list, so they are never cut here."""
    followers = SENSE_HEADS.get(raw[i])
    if followers is None or i + 1 >= len(raw):
        return False
    nxt = raw[i + 1]
    if raw[i] in VENDORS and nxt in VENDOR_LINES:
        if i + 2 >= len(raw):
            return False
        nxt = raw[i + 2]  # "google cloud sql": the product after the vendor's line
    return nxt.isalpha() and nxt not in STOPWORDS and nxt not in followers
