"""Every Adaptive Card the golden transcripts produce, and the Teams host configs to judge them by."""

from __future__ import annotations

from typing import Any

from bot.teams.render import render_all, welcome
from dialogs.engine import step
from dialogs.session import Session
from knowledge import load_default
from tests.dialogs.test_transcripts import to_turn
from tests.teams.support import cards
from tests.transcripts import load_transcripts


def golden_cards() -> list[tuple[str, dict[str, Any]]]:
    """(name, card) for every card of every step of every golden transcript, plus the welcome."""
    kb = load_default()
    out = [(f"00-welcome-{i}", card) for m in welcome() for i, card in enumerate(cards(m))]
    for transcript in load_transcripts():
        session: Session | None = None
        for n, s in enumerate(transcript.steps):
            session, replies = step(session, to_turn(s, n), kb)
            for i, message in enumerate(render_all(replies)):
                out += [(f"{transcript.name}-{n + 1:02d}-{i}", card) for card in cards(message)]
    return out


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
