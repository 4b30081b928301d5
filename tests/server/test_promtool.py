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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.server import build_app
from bot.settings import Settings
from tests.slack.support import SlackDriver
from tests.standins.connector import ConnectorStandIn
from tests.standins.slack_api import SlackStandIn
from tests.support.apps import MakeSlack, MakeTeams
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
    _assert_promtool_accepts(body)


def _assert_promtool_accepts(body: bytes) -> None:
    promtool = shutil.which("promtool")
    assert promtool, "promtool is missing: apt-get install prometheus (.ci/run does)"
    check = subprocess.run([promtool, "check", "metrics"], input=body, capture_output=True,
                           timeout=60)
    assert check.returncode == 0, (check.stdout + check.stderr).decode()
    assert not (check.stdout + check.stderr).strip(), "no lint warnings either"


async def _metrics(client: Any) -> bytes:
    resp = await client.get("/metrics")
    assert resp.status == 200
    body: bytes = await resp.read()
    return body


async def test_promtool_accepts_scrapes_of_failing_deliveries(
    make_slack: MakeSlack, slack_api: SlackStandIn, make_teams: MakeTeams,
    connector: ConnectorStandIn, aiohttp_client: Any, make_settings: Callable[..., Settings],
) -> None:
    """The series an idle server never shows, linted too: Slack refusing the token
    (invalid_auth), the connector answering 401, an unsigned webhook, a Redis that does not
    answer /readyz."""
    slack: SlackDriver = await make_slack()
    await slack.dm("U1", "help")
    await slack.settle()
    slack_api.token = "xoxb-some-other-token"
    await slack.dm("U1", "help")
    await slack.settle()
    assert (await slack.post_raw("{}", content_type="application/json", signed=False))[0] == 401
    chat = await make_teams()
    assert await chat.say("help")
    connector.fail_next(1, 401)
    assert await chat.say("help") == []
    no_redis = await aiohttp_client(build_app(make_settings(redis_url="redis://127.0.0.1:1/0")))
    assert (await no_redis.get("/readyz")).status == 503
    slack_body, teams_body = await _metrics(slack.client), await _metrics(chat.client)
    assert b'result="auth_failed"' in slack_body and b'result="auth_failed"' in teams_body
    assert b'advisor_platform_auth_failing{platform="slack"} 1.0' in slack_body
    assert b'route="/slack/events",status="4xx"' in slack_body
    for body in (slack_body, teams_body, await _metrics(no_redis)):
        _assert_promtool_accepts(body)
