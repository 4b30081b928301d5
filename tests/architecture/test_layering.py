"""The one direction of dependency: ``bot/`` -> ``dialogs/`` -> ``knowledge/``.

``dialogs/`` and ``knowledge/`` never import the platform SDKs, Redis or aiohttp, nor ``bot``;
``knowledge/`` does not import ``dialogs`` either. Checked twice: statically over every import
statement of every module (so a lazy import inside a function counts), and at run time by
importing the pure packages in a fresh interpreter and listing what it loaded.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = ("bot", "slack_bolt", "slack_sdk", "botbuilder", "botframework", "redis", "aiohttp",
            "msrest", "requests")
FORBIDDEN = {
    "dialogs": PLATFORM,
    "knowledge": (*PLATFORM, "dialogs"),
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def _is_under(module: str, roots: tuple[str, ...]) -> bool:
    return any(module == r or module.startswith(r + ".") for r in roots)


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_forbidden_import_statement(package: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: import {module}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for line, module in _imports(path)
        if _is_under(module, FORBIDDEN[package])
    ]
    assert offenders == []


def test_every_pure_module_is_checked() -> None:
    # The static check above is only as good as the files it reads.
    assert len(list((ROOT / "dialogs").rglob("*.py"))) >= 5
    assert len(list((ROOT / "knowledge").rglob("*.py"))) >= 5


def test_importing_the_pure_packages_loads_no_platform_module() -> None:
    modules = sorted(
        f"{pkg}.{p.relative_to(ROOT / pkg).with_suffix('').as_posix().replace('/', '.')}"
        for pkg in FORBIDDEN
        for p in (ROOT / pkg).rglob("*.py")
        if p.name != "__init__.py"
    )
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    loaded = json.loads(out)
    assert [m for m in loaded if _is_under(m, PLATFORM)] == []
