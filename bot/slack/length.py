"""How long a text is to Slack, and where it may be cut. Pure functions.

Two measures, both additive per code point and both upper bounds of what Slack could count:

- :func:`units`: UTF-16 code units (an astral character, such as most emoji or ``𝕳``, is two).
  Block Kit's per-text limits (3,000 a section, 75 a button label, ...) are counted against it,
  so a limit holds whether Slack counts code points or UTF-16 units.
- :func:`wire`: characters once JSON-encoded as slack_sdk and bolt send them (``json.dumps``,
  ASCII-only: ``é`` is the six characters ``\\u00e9``, ``👍`` the twelve of its surrogate pair).
  Slack's ``msg_blocks_too_long`` (about 13,000 characters of blocks) is held against this one:
  1,500 emoji are 1,500 code points but 18,000 characters on the wire.

:func:`fit` finds where to cut so that a prefix stays within both, never inside a grapheme
cluster (a family emoji joined by ZWJs, a flag's pair of regional indicators, a skin-tone or
variation selector, a combining accent, ``\\r\\n``) or an ``&amp;``-style entity.
"""

from __future__ import annotations

import json
import re
import unicodedata

_ZWJ = "\u200d"
_ENTITY_TAIL = re.compile(r"&[a-z]{0,3}$")


def _units1(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def _wire1(ch: str) -> int:
    if " " <= ch < "\x7f":
        return 2 if ch in '"\\' else 1
    return len(json.dumps(ch)) - 2


def units(text: str) -> int:
    """``text``'s length in UTF-16 code units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def wire(text: str) -> int:
    """``text``'s length inside an ASCII-only JSON string (without the quotes)."""
    return sum(_wire1(ch) for ch in text)


def _regional(ch: str) -> bool:
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def _extends(ch: str) -> bool:
    """A code point that belongs to the cluster before it (never starts one)."""
    return (
        ch == _ZWJ
        or "\ufe00" <= ch <= "\ufe0f"  # variation selectors
        or "\U0001f3fb" <= ch <= "\U0001f3ff"  # emoji skin-tone modifiers
        or "\U000e0020" <= ch <= "\U000e007f"  # emoji tag characters (subdivision flags)
        or "\U000e0100" <= ch <= "\U000e01ef"  # variation selectors supplement
        or unicodedata.category(ch) in ("Mn", "Mc", "Me")  # combining marks
    )


def is_boundary(text: str, at: int) -> bool:
    """Whether cutting ``text`` at ``at`` keeps every grapheme cluster whole (simplified UAX #29:
    enough for emoji sequences, flags and combining marks)."""
    if at <= 0 or at >= len(text):
        return True
    before, after = text[at - 1], text[at]
    if before == "\r" and after == "\n":
        return False
    if before == _ZWJ or _extends(after):
        return False
    if _regional(before) and _regional(after):
        run = 0
        while at - 1 - run >= 0 and _regional(text[at - 1 - run]):
            run += 1
        return run % 2 == 0
    return True


def fit(text: str, max_units: int, max_wire: int | None = None) -> int:
    """The longest prefix length of ``text`` within ``max_units`` UTF-16 units (and ``max_wire``
    wire characters, when given), cut at a grapheme boundary and outside an entity.

    A single cluster longer than the budget (thousands of combining marks on one letter) is cut
    inside, as the last resort: a prefix is better than nothing.
    """
    budget_wire = max_wire if max_wire is not None else 12 * len(text)
    used_units = used_wire = 0
    end = 0
    for ch in text:
        used_units += _units1(ch)
        used_wire += _wire1(ch)
        if used_units > max_units or used_wire > budget_wire:
            break
        end += 1
    if end >= len(text):
        return end
    cut = end
    while cut > 0 and not is_boundary(text, cut):
        cut -= 1
    if cut == 0:
        cut = end
    tail = _ENTITY_TAIL.search(text[max(0, cut - 4):cut])
    return cut - len(tail.group(0)) if tail else cut


__all__ = ["fit", "is_boundary", "units", "wire"]
