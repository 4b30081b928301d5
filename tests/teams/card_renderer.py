"""Drives tests/teams/cards/render_cards.mjs: Microsoft's Adaptive Cards JS SDK in headless Chromium.

The npm packages (pinned in tests/teams/cards/package.json) are installed with the machine's npm
into ``ADVISOR_CARDS_CACHE`` (default ``.cache/cards``); Microsoft's Teams host configs come from
the npm package ``adaptivecards-designer`` (fetched with ``npm pack``, no dependencies
installed). Chromium is Debian's ``chromium`` (``ADVISOR_CHROMIUM`` to point elsewhere).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent / "cards"
DESIGNER = "adaptivecards-designer@2.4.4"
HOST_CONFIGS = ("microsoft-teams-light", "microsoft-teams-dark")


def cache_dir() -> Path:
    return Path(os.environ.get("ADVISOR_CARDS_CACHE", ROOT / ".cache" / "cards"))


def artifacts_dir() -> Path:
    return Path(os.environ.get("ADVISOR_CARD_ARTIFACTS", ROOT / "artifacts" / "cards"))


def chromium() -> str:
    path = os.environ.get("ADVISOR_CHROMIUM") or shutil.which("chromium")
    if not path:
        raise RuntimeError("Chromium is missing: apt-get install -y chromium (or set ADVISOR_CHROMIUM)")
    return path


def _npm(*args: str, cwd: Path) -> None:
    npm = shutil.which("npm")
    if not npm:
        raise RuntimeError("npm is missing: the card rendering test installs adaptivecards with it")
    subprocess.run([npm, *args, "--no-audit", "--no-fund", "--loglevel=error"], cwd=cwd,
                   check=True, capture_output=True, timeout=600)


def install() -> Path:
    """The cache dir with the SDK, playwright-core, the harness and the host configs."""
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    wanted = (HERE / "package.json").read_text(encoding="utf-8")
    marker = cache / ".installed"
    if not marker.exists() or marker.read_text(encoding="utf-8") != wanted:
        (cache / "package.json").write_text(wanted, encoding="utf-8")
        _npm("install", cwd=cache)
        _npm("pack", DESIGNER, cwd=cache)
        (tarball,) = cache.glob("adaptivecards-designer-*.tgz")
        with tarfile.open(tarball) as tar:
            for name in HOST_CONFIGS:
                member = tar.extractfile(f"package/lib/hostConfigs/{name}.json")
                assert member is not None
                (cache / f"{name}.json").write_bytes(member.read())
            for theme in ("light", "dark"):
                member = tar.extractfile(f"package/dist/containers/teams-container-{theme}.css")
                assert member is not None
                (cache / f"teams-{theme}.css").write_bytes(member.read())
        tarball.unlink()
        marker.write_text(wanted, encoding="utf-8")
    shutil.copy(HERE / "render_cards.mjs", cache / "render_cards.mjs")
    return cache


def host_config(cache: Path, name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((cache / f"{name}.json").read_text(encoding="utf-8"))
    return loaded


def render(cards: list[tuple[str, dict[str, Any]]], themes: dict[str, dict[str, Any]],
           widths: list[int], out: Path) -> list[dict[str, Any]]:
    cache = install()
    job = {
        "chromium": chromium(),
        "sdk": str(cache / "node_modules" / "adaptivecards" / "dist" / "adaptivecards.js"),
        "css": [str(cache / "node_modules" / "adaptivecards" / "dist" / "adaptivecards.css")],
        "themes": themes,
        "widths": widths,
        "cards": [{"name": name, "card": card} for name, card in cards],
    }
    out.mkdir(parents=True, exist_ok=True)
    job_file = out / "job.json"
    job_file.write_text(json.dumps(job), encoding="utf-8")
    done = subprocess.run(["node", str(cache / "render_cards.mjs"), str(job_file), str(out)],
                          cwd=cache, check=True, capture_output=True, text=True, timeout=1200)
    report: list[dict[str, Any]] = json.loads(done.stdout)
    return report
