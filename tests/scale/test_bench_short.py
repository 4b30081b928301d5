"""``bench/load.py`` in its short mode, so it cannot rot: a few seconds of the mixed Slack and
Teams load against real ``advisor serve`` processes, on standalone Redis and on a loopback
Redis Cluster. Asserts behaviour only (every request answered, none failed), never speed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TEST_REDIS_URL

REPO = Path(__file__).resolve().parents[2]
SHORT = ["--targets", "bot", "--rates", "20", "--duration", "2", "--concurrency", "4",
         "--slack-conversations", "10", "--teams-conversations", "4", "--scripts", "4"]


@pytest.mark.parametrize("redis", ["standalone", "cluster"])
def test_the_load_bench_runs_and_every_request_is_answered(redis: str, tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    where = ["--start-cluster"] if redis == "cluster" else ["--redis-url", TEST_REDIS_URL]
    done = subprocess.run(
        [sys.executable, "bench/load.py", *SHORT, *where, "--json", str(out)],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
        timeout=240, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text())
    phases = report["results"]
    assert {"bot warm-up", "bot open", "bot closed"} <= set(phases)
    for name, phase in phases.items():
        assert phase["completed"] == phase["sent"] > 0, name
        for failure in ("errors", "lost", "bad", "mismatched", "failed"):
            assert phase[failure] == 0, (name, failure, phase[failure])
