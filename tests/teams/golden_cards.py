"""Every Adaptive Card the golden transcripts produce, and the Teams host configs to judge them by."""

from __future__ import annotations

import json
from typing import Any

from bot.teams.render import render_all, welcome
from dialogs.engine import step
from dialogs.session import Session
from knowledge import load_default
from tests.dialogs.test_transcripts import to_turn
from tests.teams.support import cards
from tests.transcripts import load_transcripts


def golden_turns() -> list[tuple[str, list[dict[str, Any]]]]:
    """(name, activities) of every step of every golden transcript, plus the welcome."""
    kb = load_default()
    out = [("00-welcome", welcome())]
    for transcript in load_transcripts():
        session: Session | None = None
        for n, s in enumerate(transcript.steps):
            session, replies = step(session, to_turn(s, n), kb)
            out.append((f"{transcript.name}-{n + 1:02d}", render_all(replies)))
    return out


def golden_cards() -> list[tuple[str, dict[str, Any]]]:
    """(name, card) for every card of every golden turn; a card with folded detail comes twice,
    as sent and as it looks once "Show details" is pressed (``-details``)."""
    out: list[tuple[str, dict[str, Any]]] = []
    for name, messages in golden_turns():
        for i, message in enumerate(messages):
            for card in cards(message):
                out.append((f"{name}-{i}", card))
                if '"isVisible": false' in json.dumps(card):
                    out.append((f"{name}-{i}-details", unfolded(card)))
    return out


def unfolded(node: Any) -> Any:
    """The card with every hidden element shown (what a toggle reveals)."""
    if isinstance(node, list):
        return [unfolded(item) for item in node]
    if isinstance(node, dict):
        return {k: unfolded(v) for k, v in node.items() if not (k == "isVisible" and v is False)}
    return node


def high_contrast(dark: dict[str, Any]) -> dict[str, Any]:
    """Teams' high-contrast theme as a host config: white on black, yellow accents.

    Microsoft publishes no high-contrast host config; Teams' own high-contrast theme is black
    with white text, so every container style gets that pair here.
    """
    colours = {
        "default": {"default": "#FFFFFF", "subtle": "#FFFFFF"},
        "dark": {"default": "#FFFFFF", "subtle": "#FFFFFF"},
        "light": {"default": "#FFFFFF", "subtle": "#FFFFFF"},
        "accent": {"default": "#FFFF01", "subtle": "#FFFF01"},
        "good": {"default": "#3FF23F", "subtle": "#3FF23F"},
        "warning": {"default": "#FFFF01", "subtle": "#FFFF01"},
        "attention": {"default": "#FFFF01", "subtle": "#FFFF01"},
    }
    styles = {
        name: {**style, "backgroundColor": "#000000", "borderColor": "#FFFFFF",
               "foregroundColors": colours}
        for name, style in dark["containerStyles"].items()
    }
    return {**dark, "containerStyles": styles}
