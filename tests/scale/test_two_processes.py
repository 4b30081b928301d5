"""Scale out, proven: two ``advisor serve`` processes on one Redis serve one conversation.

Each process is a real subprocess started from the console script; requests alternate between
them. Redis is the only shared state, so every click must see the previous click's answer.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import redis.asyncio as aioredis

from bot.slack.render import markers
from tests.slack.support import SECRET, TOKEN, Posted, SlackDriver
from tests.standins.slack_api import SlackStandIn
from tests.support.ports import free_port

ADVISOR = str(Path(sys.executable).with_name("advisor"))
MANAGED_PATH = {
    "decision_owner": "provider", "accountability": "provider", "interfaces": "stable",
    "change_rate": "slow", "domain_coupling": "low",
}


class Alternating:
    """Quacks like aiohttp's TestClient for ``post``; each request goes to the next server."""

    def __init__(self, session: aiohttp.ClientSession, bases: list[str]) -> None:
        self.session = session
        self.bases = bases
        self.sent: list[str] = []

    async def post(self, path: str, **kw: Any) -> aiohttp.ClientResponse:
        base = self.bases[len(self.sent) % len(self.bases)]
        self.sent.append(base)
        return await self.session.post(base + path, **kw)


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    async with SlackStandIn(token=TOKEN) as api:
        yield api


@pytest.fixture
def servers(standin: SlackStandIn, redis_url: str, redis_prefix: str,
            redis_admin: aioredis.Redis) -> Iterator[list[str]]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("REDIS_", "SLACK_", "MICROSOFT_", "ADVISOR_"))}
    env.update(SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=standin.api_url,
               REDIS_URL=redis_url, ADVISOR_REDIS_PREFIX=redis_prefix, ADVISOR_ENV="production",
               ADVISOR_LOG_LEVEL="WARNING")
    ports = [free_port(), free_port()]
    procs = [subprocess.Popen([ADVISOR, "serve", "--port", str(p)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for p in ports]
    bases = [f"http://127.0.0.1:{p}" for p in ports]
    try:
        deadline = time.monotonic() + 30
        for proc, port in zip(procs, ports, strict=True):
            while True:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                        break
                except OSError:
                    assert time.monotonic() < deadline, "advisor serve did not start"
                    time.sleep(0.1)
        yield bases
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        stderr = b"".join(p.stderr.read() for p in procs if p.stderr)
        assert b"Traceback" not in stderr, stderr.decode()[-3000:]
        for proc in procs:
            assert proc.returncode == 0, f"advisor serve exited {proc.returncode} on SIGTERM"


async def wait_for(cond: Callable[[], bool], what: str, within: float = 15.0) -> None:
    deadline = time.monotonic() + within
    while not cond():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


async def run_assessment(driver: SlackDriver, standin: SlackStandIn,
                         between: Callable[[int], Awaitable[None]] | None = None) -> Posted:
    channel, user = "C0SCALE", "U0SALES"
    status, _ = await driver.mention(channel, user, "start", settle=False)
    assert status == 200

    def question_shown() -> bool:
        try:
            driver.last("advisor:q:", channel=channel)
        except AssertionError:
            return False
        return True

    await wait_for(question_shown, "the first question")
    for n in range(len(MANAGED_PATH)):
        if between is not None:
            await between(n)
        message = driver.last("advisor:q:", channel=channel)
        factor = markers(message.blocks, "q")[0]
        before = len(standin.calls)
        status, _ = await driver.click(user, message, f"{factor}={MANAGED_PATH[factor]}",
                                       settle=False)
        assert status == 200
        await wait_for(
            lambda b=before, f=factor: len(standin.calls) > b and _changed(driver, channel, f),
            f"the reply to {factor}",
        )
    return driver.last("advisor:rec:", channel=channel)


def _changed(driver: SlackDriver, channel: str, factor: str) -> bool:
    try:
        driver.last("advisor:rec:", channel=channel)
        return True
    except AssertionError:
        pass
    current = markers(driver.last("advisor:q:", channel=channel).blocks, "q")
    return bool(current) and current[0] != factor


async def test_one_conversation_alternating_between_two_processes(
    servers: list[str], standin: SlackStandIn
) -> None:
    async with aiohttp.ClientSession() as session:
        client = Alternating(session, servers)
        driver = SlackDriver(client=client, api=standin)  # type: ignore[arg-type]
        rec = await run_assessment(driver, standin)
        assert markers(rec.blocks, "rec") == ["managed_services"]
        assert set(client.sent) == set(servers), "both processes must have served the conversation"


async def test_conversation_survives_killing_every_redis_connection(
    servers: list[str], standin: SlackStandIn, redis_admin: aioredis.Redis
) -> None:
    async def kill_all(n: int) -> None:
        if n in (1, 3):
            await redis_admin.execute_command("CLIENT", "KILL", "TYPE", "normal")

    async with aiohttp.ClientSession() as session:
        driver = SlackDriver(client=Alternating(session, servers), api=standin)  # type: ignore[arg-type]
        rec = await run_assessment(driver, standin, between=kill_all)
        assert markers(rec.blocks, "rec") == ["managed_services"]
