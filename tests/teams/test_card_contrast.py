"""Every text of every golden card meets WCAG's 4.5:1 contrast under Teams' light, dark and
high-contrast host configs (the colours the Adaptive Cards SDK would paint, alpha included)."""

from __future__ import annotations

from typing import Any

from tests.teams import card_renderer as R
from tests.teams.golden_cards import golden_cards, high_contrast

MINIMUM = 4.5


def _rgba(colour: str) -> tuple[float, float, float, float]:
    """``#RRGGBB`` or ``#AARRGGBB`` (the Adaptive Cards convention: alpha first)."""
    h = colour.lstrip("#")
    alpha = int(h[:2], 16) / 255 if len(h) == 8 else 1.0
    h = h[-6:]
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), alpha


def _over(fg: str, bg: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b, a = _rgba(fg)
    return r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: tuple[float, float, float], bg: tuple[float, float, float]) -> float:
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _texts(node: Any, style: str, inherited: dict[str, Any]) -> list[tuple[str, str, bool, str]]:
    """(container style, colour, subtle, text) of every text the node paints."""
    out: list[tuple[str, str, bool, str]] = []
    if isinstance(node, list):
        for item in node:
            out += _texts(item, style, inherited)
        return out
    if not isinstance(node, dict):
        return out
    kind = node.get("type")
    if kind in ("Container", "Column", "ColumnSet") and node.get("style"):
        style = node["style"]
    if kind == "RichTextBlock":
        for run in node["inlines"]:
            out.append((style, run.get("color", "Default"), bool(run.get("isSubtle")), run["text"]))
        return out
    if kind == "TextBlock":
        out.append((style, node.get("color", "Default"), bool(node.get("isSubtle")), node["text"]))
    if kind == "FactSet":
        out += [(style, "Default", False, f["title"] + " " + f["value"]) for f in node["facts"]]
    for key in ("body", "items", "columns"):
        if key in node:
            out += _texts(node[key], style, inherited)
    return out


def test_every_golden_card_text_is_readable_on_every_teams_theme() -> None:
    cache = R.install()
    dark = R.host_config(cache, "microsoft-teams-dark")
    themes = {"light": R.host_config(cache, "microsoft-teams-light"), "dark": dark,
              "contrast": high_contrast(dark)}
    cards = golden_cards()
    worst: dict[str, float] = {}
    styles_seen: set[str] = set()
    for theme, config in themes.items():
        page = _over(config["containerStyles"]["default"]["backgroundColor"], (255, 255, 255))
        for name, card in cards:
            for style, colour, subtle, text in _texts(card, "default", {}):
                styles_seen.add(style)
                spec = config["containerStyles"][style]
                bg = _over(spec["backgroundColor"], page)
                fg = spec["foregroundColors"][colour.lower()]["subtle" if subtle else "default"]
                ratio = contrast(_over(fg, bg), bg)
                worst[theme] = min(worst.get(theme, 99.0), ratio)
                assert ratio >= MINIMUM, (theme, name, style, colour, subtle, text[:60], ratio)
    assert {"default", "attention"} <= styles_seen  # warnings are among the texts checked
    assert set(worst) == set(themes)


def test_the_contrast_formula_matches_wcag() -> None:
    assert round(contrast((0, 0, 0), (255, 255, 255)), 1) == 21.0
    assert round(contrast((118, 118, 118), (255, 255, 255)), 2) == 4.54
    # Teams' own attention colour on its dark theme is what the issue measured as too faint.
    dark_bg = _over("#ff2d2c2c", (255, 255, 255))
    assert contrast(_over("#ffd74654", dark_bg), dark_bg) < MINIMUM
