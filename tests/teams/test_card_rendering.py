"""Every card of the golden transcripts, rendered by Microsoft's Adaptive Cards JS SDK in headless
Chromium under Teams' host configs, at desktop (800 px) and phone (360 px) widths.

Each card is parsed at the version it declares: a feature newer than that is a parse message.
Fails on any parse or validation message from the SDK, on any button or text the SDK had to
cut, and on a card that would parse cleanly at a lower version (so the version is the lowest).
Cards with folded detail are rendered unfolded too (``-details``). Screenshots land in ``artifacts/cards/`` (``ADVISOR_CARD_ARTIFACTS``) for CI to keep.
"""

from __future__ import annotations

from pathlib import Path

from tests.teams import card_renderer as R
from tests.teams.golden_cards import golden_cards, high_contrast

WIDTHS = [800, 360]


def test_golden_cards_render_cleanly_on_desktop_and_phone() -> None:
    cache = R.install()
    light = R.host_config(cache, "microsoft-teams-light")
    dark = R.host_config(cache, "microsoft-teams-dark")
    themes = {
        "light": {"hostConfig": light, "page": "#ffffff"},
        "dark": {"hostConfig": dark, "page": "#2d2c2c"},
        "contrast": {"hostConfig": high_contrast(dark), "page": "#000000"},
    }
    cards = golden_cards()
    out = R.artifacts_dir()
    report = R.render(cards, themes, WIDTHS, out)
    assert len(report) == len(cards) * len(themes) * len(WIDTHS)
    problems = [(r["name"], r["theme"], r["width"], r["events"]) for r in report if r["events"]]
    assert not problems, problems[:5]
    cut = [(r["name"], r["width"], r["cut"]) for r in report if r["cut"]]
    assert not cut, cut[:5]
    # The lowest version: parsed at the version below the declared one, every card has a message.
    needless = sorted({r["name"] for r in report if r["lowerClean"]})
    assert not needless, needless[:5]
    assert any(name.endswith("-details") for name, _ in cards), "folded detail is rendered too"
    for r in report:
        assert Path(r["screenshot"]).stat().st_size > 0
