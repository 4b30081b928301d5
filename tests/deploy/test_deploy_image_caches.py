"""The image's builder stage fills the packages' start-up caches, so its read-only runtime
compiles no rule (no Docker here: the builder's step runs on a copy of the packages laid out as
the image installs them, then a fresh process warms like ``advisor serve`` does at start-up)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from deploy_support import REPO_ROOT

DOCKERFILE = REPO_ROOT / "deploy" / "Dockerfile"
PACKAGES = ("bot", "dialogs", "knowledge")
TAG = sys.implementation.cache_tag
CACHES = (
    f"dialogs/__pycache__/inference_rules.{TAG}.regex",
    f"dialogs/__pycache__/rulebook.{TAG}.marshal",
    f"dialogs/__pycache__/inference_gate.{TAG}.json",
    f"knowledge/__pycache__/passages.{TAG}.json",
)

# What advisor serve's start-up does (bot.server.run calls warm() before listening), reporting
# whether it had to compile any rule or parse any passage file.
_SERVE_WARM = """
import json, sys
import dialogs
from bot.server import warm
from dialogs.inference_rules import COMPILED
warm()
print(json.dumps({"dialogs": dialogs.__file__, "misses": COMPILED.misses, "hits": COMPILED.hits,
                  "yaml": "yaml" in sys.modules}))
"""


def _builder_warm_command() -> str:
    """The ``python -c`` step of the builder's install RUN, as the Dockerfile has it."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    commands = re.findall(r'&& python -c "([^"]+)"', text)
    assert len(commands) == 1, commands
    return commands[0]


def _installed_copy(root: Path) -> Path:
    """The three packages as ``pip install .`` lays them into site-packages: no caches."""
    site = root / "site-packages"
    for name in PACKAGES:
        shutil.copytree(REPO_ROOT / name, site / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return site


def _python(site: Path, code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=site.parent, check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _cache_files(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.glob("*/__pycache__/*"))}


def test_the_builder_warms_the_server() -> None:
    assert _builder_warm_command() == "from bot.server import warm; warm()"


def test_the_runtime_finds_every_cache_the_builder_wrote(tmp_path: Path) -> None:
    site = _installed_copy(tmp_path)
    assert _cache_files(site) == {}
    _python(site, _builder_warm_command())
    built = _cache_files(site)
    assert set(CACHES) <= set(built), sorted(built)

    report = json.loads(_python(site, _SERVE_WARM))
    assert Path(report["dialogs"]).is_relative_to(site), report["dialogs"]
    assert report["misses"] == 0, report
    assert report["hits"] > 100, report
    assert report["yaml"] is False, "a passage file was parsed: the passages cache was not used"
    # Nothing was stale: every cache writes when it had to compute anything.
    assert _cache_files(site) == built


def test_without_the_builder_step_the_start_up_compiles_the_rules(tmp_path: Path) -> None:
    """The check has teeth: a copy with no caches compiles every rule at start-up."""
    site = _installed_copy(tmp_path)
    report = json.loads(_python(site, _SERVE_WARM))
    assert report["misses"] > 100, report  # (a few hits: sources repeated within the rules)
    assert report["yaml"] is True
