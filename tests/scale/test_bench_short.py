"""``bench/load.py --short``, so the load bench cannot rot: a few seconds of the mixed Slack and
Teams load against real ``advisor serve`` processes, on a private standalone Redis and on a
loopback Redis Cluster (two processes). Asserts that it produced numbers and that every request
was answered, never how fast."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("where", [[], ["--start-cluster", "--processes", "2"]],
                         ids=["standalone", "cluster"])
def test_the_short_load_bench_produces_numbers_and_answers_everything(
    where: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "load.json"
    done = subprocess.run(
        [sys.executable, "bench/load.py", "--short", *where, "--json", str(out)],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
        timeout=240, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text())
    assert set(report["phases"]) == {"warm-up", "closed 4"}
    for name, phase in report["phases"].items():
        assert phase["turns"] == phase["sent"] > 0, name
        for failure in ("shed", "errors", "polite", "lost", "wrong"):
            assert phase[failure] == 0, (name, failure, phase[failure])
        for number in ("turns_per_s", "server_cpu_ms_per_turn", "redis_cpu_ms_per_turn"):
            assert math.isfinite(phase[number]) and phase[number] > 0, (name, number)
        assert len(phase["per_process_cpu_ms_per_turn"]) == report["processes"]
    assert report["stray_replies"] == 0
    assert report["log_problems"] == {}, report["log_problems"]
    assert "| closed 4 |" in done.stdout, "the Markdown table is printed"
