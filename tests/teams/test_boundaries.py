"""Every botbuilder / botframework import lives in bot/teams/ (one package to swap for the
Microsoft 365 Agents SDK), and the pure Teams modules (the handler and the connector client
included) import none at all."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SDK = ("botbuilder", "botframework", "msrest")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _sdk(path: Path) -> set[str]:
    return {name for name in _imports(path) if name.split(".")[0] in SDK}


def test_botbuilder_is_imported_only_inside_bot_teams() -> None:
    offenders = {}
    for package in ("bot", "dialogs", "knowledge"):
        for path in (ROOT / package).rglob("*.py"):
            if path.is_relative_to(ROOT / "bot" / "teams"):
                continue
            if names := _sdk(path):
                offenders[str(path.relative_to(ROOT))] = names
    assert offenders == {}


def test_translation_rendering_and_replies_are_sdk_free() -> None:
    for name in ("translate.py", "render.py", "retry.py", "connector.py", "bot.py"):
        assert _sdk(ROOT / "bot" / "teams" / name) == set(), name
