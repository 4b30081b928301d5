"""Overload without loss (issue 16.5): four times measured capacity for 30 s, a rolling restart
in the middle of it, then quiet.

Two real ``advisor serve`` processes (A, then B: a rollout) share one Redis behind a slow link
(the fault proxy adds 20 ms per chunk each way), with ``ADVISOR_MAX_IN_FLIGHT=4``. First the
capacity of A is measured: a closed loop of 4 Slack DM senders, each waiting for its reply,
gives C turns/s. Then new signed DMs (each its own conversation, so replies map to events one
to one) arrive open-loop at 4 x C per second for 30 s: to A for the first half, then A gets
SIGTERM (as the kubelet sends it, SIGKILL if it outlives the chart's grace period after its
pre-stop sleep) and the load goes on to B. Then quiet: Slack redelivers a sample of what was
refused, one at a time.

Asserted (counts only, never speed): every acknowledged event, A's included, got exactly one
reply (A's drain finished what it acknowledged, and A exited 0 before the kubelet would have
killed it); refused events got no reply, and redelivered ones exactly one; every refusal was a
503 and shed requests were counted (A's metric > 0, B's equal to B's 503s); each process's RSS
stayed within 64 MiB of its own after the capacity phase.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import redis.asyncio as aioredis
import yaml
from aiohttp import web

from tests.slack.support import APP_ID, SECRET, TOKEN, sign
from tests.standins.slack_api import TEAM_ID, SlackStandIn
from tests.support.ports import free_port
from tests.support.tcp_proxy import TcpProxy

REPO = Path(__file__).resolve().parents[2]
ADVISOR = str(Path(sys.executable).with_name("advisor"))
CAP = 4
REDIS_LATENCY = 0.02
CAPACITY_SECONDS = 3.0
LOAD_SECONDS = 30.0
OVERLOAD = 4
REDELIVERED = 30
RSS_MARGIN_KIB = 64 * 1024
VALUES = REPO / "deploy" / "helm" / "engagement-advisor" / "values.yaml"


def grace_seconds() -> float:
    """What the chart gives the process after SIGTERM: the grace period less the pre-stop
    sleep that comes before the signal."""
    values = yaml.safe_load(VALUES.read_text())
    return float(values["terminationGracePeriodSeconds"] - values["preStopSleepSeconds"])


class RepliesStandIn(SlackStandIn):
    """The Slack stand-in, waking whoever waits for a reply in a channel."""

    def __init__(self) -> None:
        super().__init__(token=TOKEN)
        self.waiting: dict[str, asyncio.Event] = {}

    async def _api(self, request: web.Request) -> web.Response:
        response = await super()._api(request)
        waiter = self.waiting.get(str(self.calls[-1].body.get("channel")))
        if waiter is not None:
            waiter.set()
        return response


@dataclass
class Process:
    name: str
    proc: asyncio.subprocess.Process
    port: int
    acked: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    """Not acknowledged: 503, or the connection refused or dropped (A stopping)."""
    shed: int = 0
    """The 503s among them."""
    rss: list[int] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def sample_rss(self) -> None:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    self.rss.append(int(line.split()[1]))


def _event(n: int, run: str) -> tuple[str, str]:
    channel = f"D{run}{n:06d}"
    body = {
        "token": "legacy", "team_id": TEAM_ID, "api_app_id": APP_ID, "type": "event_callback",
        "event": {"type": "message", "channel_type": "im", "user": f"U{run}{n:06d}",
                  "channel": channel, "ts": f"1700000000.{n:06d}", "text": "what is an SLA?",
                  "team": TEAM_ID},
        "event_id": f"Ev{run}{n:06d}", "event_time": 1700000000 + n,
        "authorizations": [{"team_id": TEAM_ID, "user_id": "UBOTADVSR", "is_bot": True}],
    }
    return channel, json.dumps(body)


async def _shed(http: aiohttp.ClientSession, process: Process) -> float:
    async with http.get(process.url + "/metrics") as resp:
        text = await resp.text()
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith('advisor_shed_requests_total{platform="slack"}'))


@contextlib.contextmanager
def _clean_env(**extra: str) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("REDIS_", "SLACK_", "MICROSOFT_", "ADVISOR_"))}
    env.update(extra)
    yield env


async def test_four_times_capacity_with_a_rolling_restart_loses_nothing_acknowledged(
    redis_url: str, tmp_path: Path
) -> None:
    run = uuid.uuid4().hex[:6].upper()
    prefix = f"overload-{run}"
    host, port = "127.0.0.1", int(redis_url.rsplit(":", 1)[1].split("/")[0])
    db = int(redis_url.rsplit("/", 1)[1])
    numbers = iter(range(1_000_000))
    bodies: dict[str, str] = {}
    async with RepliesStandIn() as api, TcpProxy(host, port) as proxy, aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=256), timeout=aiohttp.ClientTimeout(total=10)
    ) as http:
        proxy.set_latency(REDIS_LATENCY)
        processes: list[Process] = []
        with _clean_env(SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET,
                        SLACK_API_URL=api.api_url, REDIS_URL=proxy.url(db),
                        ADVISOR_REDIS_PREFIX=prefix, ADVISOR_LOG_LEVEL="WARNING",
                        ADVISOR_MAX_IN_FLIGHT=str(CAP)) as env:
            for name in ("A", "B"):
                server_port = free_port()
                proc = await asyncio.create_subprocess_exec(
                    ADVISOR, "serve", "--port", str(server_port), env=env, cwd=tmp_path,
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                processes.append(Process(name, proc, server_port))
        a, b = processes
        try:
            for process in processes:
                await _ready(http, process)

            async def send(process: Process, *, retry: bool = False,
                           channel_body: tuple[str, str] | None = None) -> tuple[str, int]:
                channel, body = channel_body or _event(next(numbers), run)
                bodies[channel] = body
                api.waiting.setdefault(channel, asyncio.Event())
                headers = {"Content-Type": "application/json", **sign(body)}
                if retry:
                    headers |= {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
                try:
                    async with http.post(process.url + "/slack/events", data=body,
                                         headers=headers) as resp:
                        status = resp.status
                except (aiohttp.ClientError, TimeoutError):
                    status = -1  # A stopped listening: not acknowledged, Slack retries
                assert status in (200, 503, -1), status
                (process.acked if status == 200 else process.refused).append(channel)
                process.shed += status == 503
                return channel, status

            # Capacity of A: CAP senders, each waiting for its reply.
            completed = 0
            started = time.monotonic()

            async def sender() -> None:
                nonlocal completed
                while time.monotonic() - started < CAPACITY_SECONDS:
                    channel, status = await send(a)
                    if status == 200:
                        await asyncio.wait_for(api.waiting[channel].wait(), 10)
                        completed += 1
                    else:
                        await asyncio.sleep(0.05)

            await asyncio.gather(*(sender() for _ in range(CAP)))
            capacity = completed / (time.monotonic() - started)
            rate = OVERLOAD * capacity
            for process in processes:
                process.sample_rss()
            baseline = {p.name: p.rss[-1] for p in processes}

            # Four times capacity for 30 s; A is replaced by B halfway.
            target = a
            shed_a = 0.0
            killed = False
            draining = 0
            """A's events acknowledged and not yet answered when SIGTERM came."""
            loop_start = time.monotonic()

            async def rollout() -> None:
                nonlocal target, shed_a, killed, draining
                await asyncio.sleep(LOAD_SECONDS / 2)
                shed_a = await _shed(http, a)
                target = b
                draining = sum(1 for c in a.acked if not api.waiting[c].is_set())
                a.proc.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(a.proc.wait(), grace_seconds())
                except TimeoutError:
                    killed = True
                    a.proc.kill()

            async def sample() -> None:
                while True:
                    for process in processes:
                        if process.proc.returncode is None:
                            process.sample_rss()
                    await asyncio.sleep(0.5)

            sampler = asyncio.create_task(sample())
            stopping = asyncio.create_task(rollout())
            pending: set[asyncio.Task[tuple[str, int]]] = set()
            for i in range(int(rate * LOAD_SECONDS)):
                await asyncio.sleep(max(0.0, loop_start + i / rate - time.monotonic()))
                task = asyncio.create_task(send(target))
                pending.add(task)
                task.add_done_callback(pending.discard)
            if pending:
                await asyncio.wait(pending)
            async with asyncio.timeout(grace_seconds() + 10):
                await stopping
            sampler.cancel()

            # Quiet: B finishes; Slack redelivers a sample of the refused events to B.
            await asyncio.wait_for(
                asyncio.gather(*(api.waiting[c].wait() for c in a.acked + b.acked)), 60)
            refused = a.refused + b.refused
            sample_of_refused = refused[:: max(1, len(refused) // REDELIVERED)][:REDELIVERED]
            for channel in sample_of_refused:
                _, status = await send(b, retry=True, channel_body=(channel, bodies[channel]))
                assert status == 200, (channel, status)
                await asyncio.wait_for(api.waiting[channel].wait(), 10)
            shed_b = await _shed(http, b)
        finally:
            for process in processes:
                if process.proc.returncode is None:
                    process.proc.send_signal(signal.SIGTERM)
            stderr = {}
            for process in processes:
                assert process.proc.stderr is not None
                stderr[process.name] = (await asyncio.wait_for(process.proc.stderr.read(),
                                                               30)).decode()
                await asyncio.wait_for(process.proc.wait(), 30)

        print(f"capacity {capacity:.1f} turns/s, offered {rate:.1f}/s; A acknowledged "
              f"{len(a.acked)}, refused {len(a.refused)} ({a.shed} 503s, metric {shed_a:.0f} "
              f"before SIGTERM, {draining} to drain); B acknowledged {len(b.acked)} ({len(sample_of_refused)} "
              f"redeliveries), refused {len(b.refused)} (metric {shed_b:.0f}); RSS KiB A "
              f"{baseline['A']}->{max(a.rss)}, B {baseline['B']}->{max(b.rss)}")
        assert draining > 0, "SIGTERM came while A had acknowledged work left to drain"
        assert not killed and a.proc.returncode == 0, stderr["A"][-3000:]
        for name, text in stderr.items():
            assert "Traceback" not in text, (name, text[-3000:])
        replies = Counter(c.body.get("channel") for c in api.messages)
        redelivered = set(sample_of_refused)
        for channel in a.acked + b.acked:
            assert replies[channel] == 1, (channel, replies[channel])
        for channel in refused:
            assert replies[channel] == (1 if channel in redelivered else 0), channel
        assert a.refused and b.refused and sample_of_refused
        assert 0 < shed_a <= a.shed, (shed_a, a.shed)
        assert shed_b == b.shed > 0, (shed_b, b.shed)
        for process in processes:
            assert max(process.rss) < baseline[process.name] + RSS_MARGIN_KIB, process.rss
    client = aioredis.Redis.from_url(redis_url)
    names = [k async for k in client.scan_iter(match=f"{prefix}:*")]
    if names:
        await client.delete(*names)
    await client.aclose()


async def _ready(http: aiohttp.ClientSession, process: Process) -> None:
    deadline = time.monotonic() + 60
    while True:
        assert process.proc.returncode is None, f"advisor serve {process.name} exited at start"
        with contextlib.suppress(aiohttp.ClientError):
            async with http.get(process.url + "/readyz") as resp:
                if resp.status == 200:
                    return
        assert time.monotonic() < deadline, f"advisor serve {process.name} not ready"
        await asyncio.sleep(0.1)

