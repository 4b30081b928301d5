"""Score bars drawn with text, shared by every renderer."""

from __future__ import annotations

from dialogs import factors as F

FULL, EMPTY = "█", "░"


def bar(value: float, width: int = 10) -> str:
    filled = max(0, min(width, round(value * width)))
    return FULL * filled + EMPTY * (width - filled)


def score_lines(scores: dict[str, float], width: int = 10) -> list[str]:
    """'Managed services       ████████░░ 0.80' style lines, one per model scored."""
    return [
        f"{F.SHORT_NAMES[m].capitalize():<19} {bar(v, width)} {v:.2f}" for m, v in scores.items()
    ]
