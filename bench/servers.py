"""``advisor serve`` subprocesses for ``bench/load.py``, their CPU time, and Redis's.

A process runs the checkout's code, or with ``tree`` the source tree of another revision (an
A/B run's other side, e.g. ``git archive <rev> | tar -x -C DIR``) on the same virtualenv.
CPU seconds are the kernel's accounting of each process (``/proc/<pid>/stat``: user + system);
Redis's are ``INFO cpu`` of the server, or summed over every primary of a cluster.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import aiohttp
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def launcher(tree: Path) -> list[str]:
    """argv running ``advisor serve`` from the source tree ``tree`` (checked: its modules load)."""
    source = (f"import sys\nsys.path.insert(0, {str(tree.resolve())!r})\n"
              "import bot, dialogs, knowledge\n"
              "assert all(m.__file__.startswith(sys.path[0]) for m in (bot, dialogs, knowledge))\n"
              "sys.argv = ['advisor', 'serve']\nfrom bot.cli import main\nmain()\n")
    return [sys.executable, "-c", source]


class Server:
    """One ``advisor serve`` on its own loopback port, logging to ``workdir``."""

    def __init__(self, name: str, env: dict[str, str], workdir: Path,
                 tree: Path | None = None) -> None:
        self.name = name
        self.port = free_port()
        self.tree = tree
        self.log_path = workdir / f"{name}.log"
        argv = launcher(tree) if tree is not None else [str(VENV_BIN / "advisor"), "serve"]
        env = {**env, "ADVISOR_HOST": "127.0.0.1", "ADVISOR_PORT": str(self.port)}
        with self.log_path.open("wb") as log:
            # cwd: an empty directory, so no stray .env is read.
            self.proc = subprocess.Popen(argv, env=env, cwd=workdir, stdout=log,
                                         stderr=subprocess.STDOUT)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def ready(self, http: aiohttp.ClientSession, within: float = 60.0) -> None:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.proc.returncode}): "
                                   f"{self.log_path.read_text()[-2000:]}")
            try:
                async with http.get(self.url + "/readyz") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
        raise RuntimeError(f"{self.name} not ready within {within:g} s; see {self.log_path}")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def log_problems(self) -> Counter[str]:
        """Warning and error lines of the log, counted by level, logger and message (but the
        start-up warning that Teams runs unauthenticated: the bench's local mode)."""
        found: Counter[str] = Counter()
        for line in self.log_path.read_text(errors="replace").splitlines():
            if "TEAMS RUNS UNAUTHENTICATED" in line:
                continue
            try:
                record = json.loads(line)
            except ValueError:
                if "Traceback" in line or line.startswith(("WARNING", "ERROR", "CRITICAL")):
                    found[line[:300]] += 1
                continue
            if isinstance(record, dict) and record.get("level") in ("WARNING", "ERROR", "CRITICAL"):
                found[f"{record['level']} {record.get('name')}: "
                      f"{str(record.get('message'))[:120]}"] += 1
        return found


def server_env(*, redis_url: str, redis_mode: str, prefix: str, slack_api_url: str,
               signing_secret: str, bot_token: str, max_in_flight: int | None) -> dict[str, str]:
    """The environment of every bench process: Slack against the stand-in, Teams in local
    mode (no ``MICROSOFT_APP_ID``), Redis as given, warnings only in the log."""
    drop = ("SLACK_", "MICROSOFT_", "ADVISOR_", "REDIS_URL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update(SLACK_BOT_TOKEN=bot_token, SLACK_SIGNING_SECRET=signing_secret,
               SLACK_API_URL=slack_api_url, REDIS_URL=redis_url, ADVISOR_REDIS_MODE=redis_mode,
               ADVISOR_REDIS_PREFIX=prefix, ADVISOR_LOG_LEVEL="WARNING",
               ADVISOR_ENV="development")
    if max_in_flight is not None:
        env["ADVISOR_MAX_IN_FLIGHT"] = str(max_in_flight)
    return env


async def redis_cpu_seconds(redis: Redis | RedisCluster) -> float:
    """CPU seconds Redis has used since it started (every primary's, summed, on a cluster)."""
    if isinstance(redis, RedisCluster):
        per_node = await redis.info("cpu", target_nodes=RedisCluster.PRIMARIES)
        infos = [dict(v) for v in per_node.values()]
    else:
        infos = [dict(await redis.info("cpu"))]
    return sum(float(i["used_cpu_sys"]) + float(i["used_cpu_user"]) for i in infos)


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent busy since boot (``/proc/stat``): with the processes' own
    CPU, how much the rest of the machine used during a phase."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")
