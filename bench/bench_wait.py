"""What WAIT-based durability costs: session saves with ``ADVISOR_REDIS_WAIT_REPLICAS`` 0 and 1.

Starts a primary and a replica (``redis-server``, loopback, no persistence) and times
compare-and-set saves through ``RedisSessionStore``: one conversation after another
(sequential) and 16 at once. Prints p50/p99 latency and saves per second for each setting.

    .venv/bin/python bench/bench_wait.py [--saves 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import redis

from bot.store.redis import RedisOptions, RedisSessionStore
from dialogs.session import Session


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start(workdir: Path, *extra: str) -> tuple[subprocess.Popen[bytes], int]:
    port = _port()
    proc = subprocess.Popen([
        "redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no", "--dir", str(workdir), "--repl-diskless-sync-delay", "0",
        "--logfile", str(workdir / f"{port}.log"), *extra,
    ])
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis(port=port).ping()
            return proc, port
        except redis.RedisError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


async def _run(port: int, wait: int, saves: int, workers: int) -> tuple[float, float, float]:
    store = RedisSessionStore.from_url(
        f"redis://127.0.0.1:{port}/0", prefix=f"bench-wait:{wait}:{workers}", ttl_seconds=3600,
        options=RedisOptions(wait_replicas=wait, wait_timeout_ms=1000),
    )
    latencies: list[float] = []

    async def worker(n: int) -> None:
        rev = 0
        for _ in range(saves // workers):
            started = time.perf_counter()
            stored = await store.save(f"slack:T1:D{n}", Session(turns=rev), expected_rev=rev)
            latencies.append(time.perf_counter() - started)
            rev = stored.rev

    began = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(workers)))
    elapsed = time.perf_counter() - began
    await store.close()
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99)]
    return statistics.median(latencies) * 1000, p99 * 1000, len(latencies) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        primary, port = _start(workdir)
        replica, _ = _start(workdir, "--replicaof", "127.0.0.1", str(port))
        try:
            deadline = time.monotonic() + 15
            while redis.Redis(port=port).execute_command("WAIT", 1, 100) < 1:
                if time.monotonic() > deadline:
                    raise SystemExit("the replica did not sync")
            print("| WAIT replicas | conversations at once | p50 ms | p99 ms | saves/s |")
            print("| --- | --- | --- | --- | --- |")
            for workers in (1, 16):
                for wait in (0, 1):
                    p50, p99, rate = asyncio.run(_run(port, wait, args.saves, workers))
                    print(f"| {wait} | {workers} | {p50:.3f} | {p99:.3f} | {rate:,.0f} |")
        finally:
            for proc in (replica, primary):
                proc.terminate()
                proc.wait(timeout=10)


if __name__ == "__main__":
    main()
