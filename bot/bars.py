"""Score bars drawn with text, for the terminal (a monospace surface; Slack and Teams show
the same score as a number and a word)."""

from __future__ import annotations

FULL, EMPTY = "█", "░"


def bar(value: float, width: int = 10) -> str:
    filled = max(0, min(width, round(value * width)))
    return FULL * filled + EMPTY * (width - filled)
