"""``promtool check metrics`` (Debian's prometheus package, installed by .ci/run) on a live
scrape of a real ``advisor serve``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.ports import free_port


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - loopback only
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_promtool_accepts_a_live_metrics_scrape(tmp_path: Path) -> None:
    promtool = shutil.which("promtool")
    assert promtool, "promtool is missing: apt-get install prometheus (.ci/run does)"
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "MICROSOFT_", "ADVISOR_", "REDIS_"))}
    env.update(ADVISOR_PORT=str(port), ADVISOR_LOG_LEVEL="WARNING")
    server = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            assert time.monotonic() < deadline, "advisor serve did not come up"
            time.sleep(0.2)
        assert _get(base + "/readyz")[0] == 200
        assert _get(base + "/nowhere")[0] == 404
        status, body = _get(base + "/metrics")
        assert status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = body.decode()
    for name in ("advisor_replies_total", "advisor_turns_total", "advisor_build_info",
                 "advisor_http_requests_total", "advisor_platform_api_seconds",
                 "process_resident_memory_bytes"):
        assert name in text, name
    check = subprocess.run([promtool, "check", "metrics"], input=body, capture_output=True,
                           timeout=60)
    assert check.returncode == 0, (check.stdout + check.stderr).decode()
    assert not (check.stdout + check.stderr).strip(), "no lint warnings either"
