"""Overload and SIGTERM (issue 16.5): a real ``advisor serve`` with ``ADVISOR_MAX_IN_FLIGHT=8``
gets a closed loop of 32 signed Slack DMs (four times the cap) on slow Redis, and a SIGTERM in
the middle of it. Every event it acknowledged gets exactly one reply (the drain finishes what
was acknowledged), the rest were refused with 503 and counted, its memory stays bounded, and it
exits 0. Each event is its own conversation, so replies map to events one to one.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import aiohttp
import redis.asyncio as aioredis

from tests.slack.support import APP_ID, SECRET, TOKEN, sign
from tests.standins.slack_api import TEAM_ID, SlackStandIn
from tests.support.ports import free_port
from tests.support.tcp_proxy import TcpProxy

ADVISOR = str(Path(sys.executable).with_name("advisor"))
CAP = 8
WORKERS = CAP * 4
LOAD_SECONDS = 3.0
SIGTERM_AFTER = 1.5


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _event(n: int) -> tuple[str, str]:
    channel = f"D{n:06d}DRAIN"
    body = {
        "token": "legacy", "team_id": TEAM_ID, "api_app_id": APP_ID, "type": "event_callback",
        "event": {"type": "message", "channel_type": "im", "user": "U0DRAIN", "channel": channel,
                  "ts": f"1700000000.{n:06d}", "text": "what is an SLA?", "team": TEAM_ID},
        "event_id": f"EvDrain{n:06d}", "event_time": 1700000000 + n,
        "authorizations": [{"team_id": TEAM_ID, "user_id": "UBOTADVSR", "is_bot": True}],
    }
    return channel, json.dumps(body)


async def test_four_times_capacity_then_sigterm_loses_nothing_acknowledged(
    redis_url: str, tmp_path: Path
) -> None:
    prefix = f"drain-{uuid.uuid4().hex[:10]}"
    host, port = "127.0.0.1", int(redis_url.rsplit(":", 1)[1].split("/")[0])
    db = redis_url.rsplit("/", 1)[1]
    async with SlackStandIn(token=TOKEN) as api, TcpProxy(host, port) as proxy:
        proxy.set_latency(0.01)
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("REDIS_", "SLACK_", "MICROSOFT_", "ADVISOR_"))}
        env.update(SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=api.api_url,
                   REDIS_URL=proxy.url(int(db)), ADVISOR_REDIS_PREFIX=prefix,
                   ADVISOR_LOG_LEVEL="WARNING", ADVISOR_MAX_IN_FLIGHT=str(CAP))
        server_port = free_port()
        proc = await asyncio.create_subprocess_exec(
            ADVISOR, "serve", "--port", str(server_port), env=env, cwd=tmp_path,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{server_port}"
        acked: list[str] = []
        refused: list[str] = []
        rss: list[int] = []
        shed: list[float] = []
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:
                deadline = time.monotonic() + 30
                while True:
                    assert proc.returncode is None, "advisor serve exited at start"
                    try:
                        async with http.get(base + "/readyz") as resp:
                            if resp.status == 200:
                                break
                    except aiohttp.ClientError:
                        pass
                    assert time.monotonic() < deadline, "advisor serve did not become ready"
                    await asyncio.sleep(0.1)
                rss.append(_rss_kib(proc.pid))
                numbers = iter(range(1_000_000))
                started = time.monotonic()

                async def worker() -> None:
                    while time.monotonic() - started < LOAD_SECONDS:
                        channel, body = _event(next(numbers))
                        headers = {"Content-Type": "application/json", **sign(body)}
                        try:
                            async with http.post(base + "/slack/events", data=body,
                                                 headers=headers) as resp:
                                status = resp.status
                        except (aiohttp.ClientError, TimeoutError):
                            return  # the server stopped listening: SIGTERM
                        (acked if status == 200 else refused).append(channel)
                        if status not in (200, 503):
                            raise AssertionError(f"unexpected status {status}")

                async def terminate() -> None:
                    await asyncio.sleep(SIGTERM_AFTER)
                    rss.append(_rss_kib(proc.pid))
                    async with http.get(base + "/metrics") as resp:
                        shed.extend(
                            float(line.rsplit(" ", 1)[1]) for line in (await resp.text()).splitlines()
                            if line.startswith('advisor_shed_requests_total{platform="slack"}'))
                    proc.send_signal(signal.SIGTERM)

                async with asyncio.timeout(60):
                    await asyncio.gather(terminate(), *(worker() for _ in range(WORKERS)))
                    await proc.wait()
        finally:
            if proc.returncode is None:
                proc.kill()
            assert proc.stderr is not None
            stderr = (await asyncio.wait_for(proc.stderr.read(), 10)).decode()
            await asyncio.wait_for(proc.wait(), 10)
        assert proc.returncode == 0, stderr[-3000:]
        assert "Traceback" not in stderr, stderr[-3000:]
        print(f"acknowledged {len(acked)}, refused {len(refused)}, RSS KiB {rss}")
        assert acked and refused, (len(acked), len(refused))
        assert shed and 0 < shed[0] <= len(refused), (shed, len(refused))
        replies = Counter(c.body.get("channel") for c in api.messages)
        assert all(replies[channel] == 1 for channel in acked), "each acknowledged event once"
        assert not any(replies[channel] for channel in refused), "refused events untouched"
        assert max(rss) < rss[0] + 150 * 1024, rss
    client = aioredis.Redis.from_url(redis_url)
    names = [k async for k in client.scan_iter(match=f"{prefix}:*")]
    if names:
        await client.delete(*names)
    await client.aclose()
