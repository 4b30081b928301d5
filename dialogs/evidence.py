"""Evidence quotes: the part of the user's text that justified a reading, copied verbatim."""

from __future__ import annotations

from typing import Final

MAX_EVIDENCE: Final = 80


def quote(text: str, start: int, end: int) -> str:
    """``text[start:end]``, cut to ``MAX_EVIDENCE`` characters at a word boundary and stripped."""
    phrase = text[start:end]
    if len(phrase) > MAX_EVIDENCE:
        cut = phrase[:MAX_EVIDENCE]
        space = cut.rfind(" ")
        phrase = cut[:space] if space > MAX_EVIDENCE // 2 else cut
    return phrase.strip()
