"""Redis for the tests: a private ``redis-server`` of a test's own, and an admin client.

``PrivateRedis`` is for tests that pause, kill, restart, starve or fill a server: the shared
test Redis (``ADVISOR_TEST_REDIS_URL``) is never disturbed. A missing ``redis-server`` or an
unreachable Redis fails the tests loudly; nothing here skips.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
import redis.asyncio

from tests.support.ports import free_port


class PrivateRedis:
    """A throwaway ``redis-server`` on a free port of 127.0.0.1, without persistence.

    ``maxmemory`` caps it (with ``--maxmemory-policy noeviction``, so a full server refuses
    writes instead of evicting).
    """

    def __init__(self, binary: str, workdir: Path, *, maxmemory: str | None = None) -> None:
        self.binary = binary
        self.workdir = workdir
        self.maxmemory = maxmemory
        self.port = free_port()
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def argv(self) -> list[str]:
        argv = [
            self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--protected-mode", "no",
            "--dir", str(self.workdir), "--logfile", str(self.workdir / "redis.log"),
            "--loglevel", "warning",
        ]
        if self.maxmemory is not None:
            argv += ["--maxmemory", self.maxmemory, "--maxmemory-policy", "noeviction"]
        return argv

    def start(self) -> None:
        """Start it and wait (up to 10 s) until it answers PING."""
        log = self.workdir / "redis.log"
        self._proc = subprocess.Popen(self.argv(), stdin=subprocess.DEVNULL)
        probe = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=0.5)
        deadline = time.monotonic() + 10
        try:
            while True:
                try:
                    probe.ping()
                    return
                except redis.RedisError:
                    if self._proc.poll() is not None or time.monotonic() > deadline:
                        text = log.read_text() if log.exists() else ""
                        raise RuntimeError(f"redis-server did not start: {text}") from None
                    time.sleep(0.02)
        finally:
            probe.close()

    def stop(self, *, kill: bool = False) -> None:
        """End it: SIGTERM (a clean shutdown) or, with ``kill``, SIGKILL."""
        if self._proc is not None and self._proc.poll() is None:
            if kill:
                self._proc.kill()
            else:
                self._proc.terminate()
            self._proc.wait(timeout=10)
        self._proc = None


def redis_server_binary(needed_by: str) -> str:
    """``$ADVISOR_TEST_REDIS_SERVER`` or the ``redis-server`` on PATH; a test failure if none."""
    binary = os.environ.get("ADVISOR_TEST_REDIS_SERVER") or shutil.which("redis-server")
    if binary is None:
        pytest.fail(
            f"{needed_by} start a private redis-server and none is on PATH: install one "
            "(apt-get install redis-server) or set ADVISOR_TEST_REDIS_SERVER to its path.",
            pytrace=False,
        )
    return binary


@contextmanager
def running_private_redis(
    workdir: Path, *, needed_by: str, maxmemory: str | None = None, kill: bool = False
) -> Iterator[PrivateRedis]:
    """A started ``PrivateRedis``, stopped (or, with ``kill``, killed) on the way out."""
    server = PrivateRedis(redis_server_binary(needed_by), workdir, maxmemory=maxmemory)
    server.start()
    try:
        yield server
    finally:
        server.stop(kill=kill)


async def admin_client(url: str, *, needed_by: str) -> redis.asyncio.Redis:
    """A connected client on ``url`` (generous timeouts); a test failure if Redis is not there."""
    client = redis.asyncio.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=2)
    try:
        await asyncio.wait_for(client.ping(), timeout=3)
    except (redis.RedisError, OSError, TimeoutError) as exc:
        await client.aclose()
        pytest.fail(
            f"Redis at {url} is unreachable ({exc!r}). {needed_by} need a real Redis: "
            "start one (bash .ci/run does) or point ADVISOR_TEST_REDIS_URL at one.",
            pytrace=False,
        )
    return client
