"""Mixed Slack and Teams load against ``advisor serve`` processes: turns/s and CPU per turn.

One process holds the load generator and the stand-ins (Slack Web API and Bot Framework
connector from ``tests/standins``, subclassed to report when each reply arrives and to keep no
history); ``advisor serve`` runs as 1..N subprocesses on loopback, each conversation always on
the same one (affinity, as a balancer would give; any would do, the state is in Redis). Redis
is a private ``redis-server`` started for the run (``--redis-url`` to use another), or a
loopback Redis Cluster (``--start-cluster``: three masters, one replica each).

The workload (``bench/mix.py``): whole assessments by Slack button clicks with one DM
question each, and by Teams card submits (``--teams-share`` of requests). Every conversation
is started first (warm-up). A closed loop of ``--concurrency`` users (each waits for the bot's
reply before its next request) measures capacity; ``--rates`` adds open-loop phases at fixed
request rates (latency counted from the scheduled send time). Per phase: turns/s, ack and
first-reply p50/p99, server CPU ms per turn (kernel accounting of the processes), Redis CPU ms
per turn, requests shed with 503 (``ADVISOR_MAX_IN_FLIGHT``), and any failure (non-2xx other
than 503, the bot's polite failure reply, replies lost or not for the request). With several
processes, CPU per turn of each: ``--trees A,B`` runs process i from source tree i mod 2,
the paired A/B of ``bench/ab_guard.py``.

    PYTHONPATH=. .venv/bin/python bench/load.py                          # 1 process, 32 users
    PYTHONPATH=. .venv/bin/python bench/load.py --concurrency 4,8,16,32,64 --max-in-flight 0
    PYTHONPATH=. .venv/bin/python bench/load.py --start-cluster --processes 3
    PYTHONPATH=. .venv/bin/python bench/load.py --short                  # seconds; CI runs it
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import math
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from bench.mix import SECRET, Conv, Step, conversations
from bench.servers import Server, machine_busy_seconds, redis_cpu_seconds, server_env
from tests.standins.connector import ConnectorStandIn
from tests.standins.slack_api import BOT_TOKEN, SlackStandIn

now = time.monotonic


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


# --- a request in flight and the statistics of a phase ----------------------------------------


@dataclass(eq=False)
class Flight:
    conv: Conv
    step: Step
    ts: str
    done: asyncio.Future[None]
    acked: bool = False
    replies: list[float] = field(default_factory=list)
    wrong: int = 0
    """Replies that are not for this request (a click's ``chat.update`` of another message,
    another activity id) or that the stand-in refused."""
    polite: bool = False
    """A reply is the bot's polite failure message (store down, internal error)."""

    def check(self) -> None:
        if not self.done.done() and self.acked and (self.polite or
                                                    len(self.replies) >= self.step.expect):
            self.done.set_result(None)


@dataclass
class Phase:
    name: str
    processes: int
    offered: float | None = None
    acks: list[float] = field(default_factory=list)
    replies: list[float] = field(default_factory=list)
    completed: list[int] = field(default_factory=list)
    """Turns answered in full, by process."""
    sent: int = 0
    shed: int = 0
    errors: int = 0
    polite: int = 0
    lost: int = 0
    wrong: int = 0
    seconds: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.completed = [0] * self.processes

    @property
    def turns(self) -> int:
        return sum(self.completed)

    def record(self, flight: Flight, status: int, origin: float, acked_at: float) -> None:
        self.sent += 1
        if status == 503:
            self.shed += 1
            return
        if not 200 <= status < 300:
            self.errors += 1
            return
        self.acks.append(acked_at - origin)
        self.wrong += flight.wrong
        if flight.polite:
            self.polite += 1
        elif len(flight.replies) < flight.step.expect:
            self.lost += 1
        else:
            self.completed[flight.conv.server] += 1
            self.replies.append(flight.replies[0] - origin)

    def summary(self) -> dict[str, Any]:
        turns = max(self.turns, 1)
        servers = [self.cpu.get(f"server{i}", math.nan) for i in range(self.processes)]
        return {
            "offered_per_s": self.offered, "turns": self.turns, "sent": self.sent,
            "shed": self.shed, "errors": self.errors, "polite": self.polite, "lost": self.lost,
            "wrong": self.wrong, "seconds": self.seconds,
            "turns_per_s": self.turns / self.seconds if self.seconds else math.nan,
            "server_cpu_ms_per_turn": sum(servers) / turns * 1000,
            "redis_cpu_ms_per_turn": self.cpu.get("redis", math.nan) / turns * 1000,
            "generator_cpu_ms_per_turn": self.cpu.get("generator", math.nan) / turns * 1000,
            "other_processes_cores": self.cpu.get("others", math.nan) / max(self.seconds, 1e-9),
            "per_process_cpu_ms_per_turn": [
                cpu / n * 1000 if n else math.nan
                for cpu, n in zip(servers, self.completed, strict=True)],
            "ack_p50_ms": pct(self.acks, 50) * 1000, "ack_p99_ms": pct(self.acks, 99) * 1000,
            "reply_p50_ms": pct(self.replies, 50) * 1000,
            "reply_p99_ms": pct(self.replies, 99) * 1000,
        }


# --- the stand-ins, reporting arrival times ------------------------------------------------------


class TimedSlack(SlackStandIn):
    def __init__(self, on_call: Callable[[str, dict[str, Any], float, bool], None],
                 latency: float = 0.0) -> None:
        super().__init__(token=BOT_TOKEN)
        self.on_call = on_call
        self.latency = latency

    async def _api(self, request: web.Request) -> web.Response:
        arrived = now()
        if self.latency:
            await asyncio.sleep(self.latency)
        response = await super()._api(request)
        call = self.calls.pop()  # no await between the stand-in's append and here
        self.on_call(call.method, call.body, arrived, call.status == 200
                     and bool(call.answer.get("ok")))
        return response


class TimedConnector(ConnectorStandIn):
    def __init__(self, on_call: Callable[[str, str | None, float, bool, bool], None],
                 latency: float = 0.0) -> None:
        super().__init__()
        self.on_call = on_call
        self.latency = latency

    async def _record(self, method: str, request: web.Request) -> web.Response:
        arrived = now()
        if self.latency:
            await asyncio.sleep(self.latency)
        response = await super()._record(method, request)
        call = self.calls.pop()
        polite = "advisor-text-error" in json.dumps(call.body)
        self.on_call(call.conversation, call.activity_id, arrived, call.delivered, polite)
        return response


# --- the generator -------------------------------------------------------------------------------


class Load:
    def __init__(self, args: argparse.Namespace, redis: Redis | RedisCluster) -> None:
        self.args = args
        self.redis = redis
        self.run_id = uuid.uuid4().hex[:8]
        self.seq = itertools.count(1)
        self.flights: dict[str, Flight] = {}
        self.stray = 0
        self.slack = TimedSlack(self._on_slack, args.api_latency)
        self.connector = TimedConnector(self._on_teams, args.api_latency)
        self.servers: list[Server] = []
        self.idle: dict[str, list[Conv]] = {"slack": [], "teams": []}
        self.workdir = Path(tempfile.mkdtemp(prefix="advisor-bench-"))
        self.http: aiohttp.ClientSession | None = None

    def _on_slack(self, method: str, body: dict[str, Any], arrived: float, ok: bool) -> None:
        if method not in ("chat.postMessage", "chat.update"):
            return
        flight = self.flights.get(str(body.get("channel")))
        if flight is None:
            self.stray += 1
            return
        if not flight.replies and flight.step.updates and (
                method != "chat.update" or body.get("ts") != flight.ts):
            flight.wrong += 1
        flight.wrong += not ok
        flight.replies.append(arrived)
        blocks = body.get("blocks")
        flight.polite |= isinstance(blocks, list) and any(
            isinstance(b, dict) and str(b.get("block_id", "")).startswith("advisor:text:error")
            for b in blocks)
        flight.check()

    def _on_teams(self, conversation: str, activity_id: str | None, arrived: float, ok: bool,
                  polite: bool) -> None:
        flight = self.flights.get(conversation)
        if flight is None:
            self.stray += 1
            return
        flight.wrong += (activity_id != flight.ts) + (not ok)
        flight.replies.append(arrived)
        flight.polite |= polite
        flight.check()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[Load]:
        args = self.args
        await self.slack.start()
        await self.connector.start()
        self.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1024),
                                          timeout=aiohttp.ClientTimeout(total=args.reply_timeout))
        try:
            env = server_env(redis_url=args.redis_url, redis_mode=args.redis_mode,
                             prefix=f"bench:{self.run_id}", slack_api_url=self.slack.api_url,
                             signing_secret=SECRET, bot_token=BOT_TOKEN,
                             max_in_flight=args.max_in_flight)
            trees = args.trees or [None]
            self.servers = [Server(f"advisor-{i + 1}", env, self.workdir, trees[i % len(trees)])
                            for i in range(args.processes)]
            for server in self.servers:
                await server.ready(self.http)
            for conv in conversations(
                    slack=args.slack_conversations, teams=args.teams_conversations,
                    scripts=args.scripts, processes=args.processes,
                    tag=self.run_id[:4].upper(), response_url=self.slack.response_url(),
                    service_url=self.connector.url):
                self.idle[conv.platform].append(conv)
            yield self
        finally:
            for server in self.servers:
                server.stop()
            await self.http.close()
            await self.slack.close()
            await self.connector.stop()

    def take(self, i: int) -> Conv | None:
        share = self.args.teams_share
        platform = "teams" if math.floor((i + 1) * share) > math.floor(i * share) else "slack"
        pool = self.idle[platform] or self.idle["slack" if platform == "teams" else "teams"]
        return pool.pop(0) if pool else None

    async def fire(self, conv: Conv, phase: Phase, origin: float) -> int:
        """Send ``conv``'s next step, wait for its replies; the step advances unless shed."""
        assert self.http is not None
        step = conv.current()
        request = conv.request(step, next(self.seq), self.run_id)
        flight = Flight(conv, step, request.ts, asyncio.get_running_loop().create_future())
        self.flights[conv.key] = flight
        try:
            try:
                url = self.servers[conv.server].url + step.path
                async with self.http.post(url, data=request.body,
                                          headers=request.headers) as resp:
                    await resp.read()
                    status = resp.status
            except (aiohttp.ClientError, TimeoutError):
                status = -1
            acked_at = now()
            flight.acked = 200 <= status < 300
            flight.check()
            if flight.acked:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(flight.done, self.args.reply_timeout)
            phase.record(flight, status, origin, acked_at)
            if status != 503:
                conv.pos += 1
            return status
        finally:
            del self.flights[conv.key]
            self.idle[conv.platform].append(conv)

    async def closed_loop(self, name: str, users: int, seconds: float,
                          limit: int | None = None) -> Phase:
        phase = Phase(name, len(self.servers))
        issued = [0]
        async with self.measured(phase):
            deadline = now() + seconds

            async def user() -> None:
                while now() < deadline and (limit is None or issued[0] < limit):
                    conv = self.take(issued[0])
                    if conv is None:
                        await asyncio.sleep(0.001)
                        continue
                    issued[0] += 1
                    if await self.fire(conv, phase, now()) == 503:
                        await asyncio.sleep(0.05)  # as a platform would, later

            await asyncio.gather(*(user() for _ in range(users)))
        return phase

    async def open_loop(self, name: str, rate: float, seconds: float) -> Phase:
        phase = Phase(name, len(self.servers), offered=rate)
        tasks: set[asyncio.Task[int]] = set()
        async with self.measured(phase):
            start = now() + 0.05
            for i in range(int(rate * seconds)):
                scheduled = start + i / rate
                await asyncio.sleep(max(0.0, scheduled - now()))
                conv = self.take(i)
                if conv is not None:
                    task = asyncio.create_task(self.fire(conv, phase, scheduled))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
            if tasks:
                await asyncio.wait(tasks)
        return phase

    async def warm_up(self) -> Phase:
        """Every conversation started (its first step), then about one more turn each."""
        count = len(self.idle["slack"]) + len(self.idle["teams"])
        return await self.closed_loop("warm-up", 16, 300.0, limit=count * 2)

    @asynccontextmanager
    async def measured(self, phase: Phase) -> AsyncIterator[None]:
        before = await self._cpu()
        started = now()
        yield
        phase.seconds = now() - started
        after = await self._cpu()
        phase.cpu = {k: after[k] - before[k] for k in after}
        ours = sum(v for k, v in phase.cpu.items() if k != "machine")
        phase.cpu["others"] = max(0.0, phase.cpu["machine"] - ours)

    async def _cpu(self) -> dict[str, float]:
        marks = {f"server{i}": s.cpu_seconds() for i, s in enumerate(self.servers)}
        marks["redis"] = await redis_cpu_seconds(self.redis)
        marks["generator"] = time.process_time()
        marks["machine"] = machine_busy_seconds()
        return marks


async def run(args: argparse.Namespace) -> dict[str, Any]:
    redis: Redis | RedisCluster = (RedisCluster.from_url(args.redis_url)
                                   if args.redis_mode == "cluster"
                                   else Redis.from_url(args.redis_url))
    load = Load(args, redis)
    phases: list[Phase] = []
    try:
        async with load.running():
            print(f"bench {load.run_id}: warm-up", file=sys.stderr)
            phases.append(await load.warm_up())
            for users in args.concurrency:
                print(f"  closed loop, {users} users, {args.duration:g} s", file=sys.stderr)
                phases.append(await load.closed_loop(f"closed {users}", users, args.duration))
            for rate in args.rates:
                print(f"  open loop, {rate:g} req/s, {args.duration:g} s", file=sys.stderr)
                phases.append(await load.open_loop(f"open {rate:g}/s", rate, args.duration))
            rss = [s.rss_kib() for s in load.servers]
            problems = sum((s.log_problems() for s in load.servers), start=Counter())
        return {
            "run": load.run_id, "processes": args.processes, "redis_mode": args.redis_mode,
            "trees": [str(t) for t in args.trees], "cores": _cores(),
            "phases": {p.name: p.summary() for p in phases}, "rss_kib": rss,
            "stray_replies": load.stray, "log_problems": dict(problems.most_common(10)),
        }
    finally:
        async for name in redis.scan_iter(match=f"bench:{load.run_id}:*", count=1000):
            await redis.unlink(name)
        await redis.aclose()
        shutil.rmtree(load.workdir, ignore_errors=True)


def _cores() -> int:
    return len(os.sched_getaffinity(0))


def print_report(report: dict[str, Any]) -> None:
    print(f"\nRun {report['run']}: {report['processes']} advisor process(es), Redis "
          f"{report['redis_mode']}, {report['cores']} cores shared by the generator, the "
          f"stand-ins, the servers, Redis and everything else on the machine.\n")
    head = ["phase", "turns/s", "server CPU ms/turn", "Redis CPU ms/turn", "ack p50/p99 ms",
            "reply p50/p99 ms", "turns", "shed", "err/polite/lost/wrong", "others (cores)"]
    rows = [[name, f"{p['turns_per_s']:.0f}", f"{p['server_cpu_ms_per_turn']:.2f}",
             f"{p['redis_cpu_ms_per_turn']:.3f}", f"{p['ack_p50_ms']:.1f}/{p['ack_p99_ms']:.1f}",
             f"{p['reply_p50_ms']:.1f}/{p['reply_p99_ms']:.1f}", str(p["turns"]), str(p["shed"]),
             f"{p['errors']}/{p['polite']}/{p['lost']}/{p['wrong']}",
             f"{p['other_processes_cores']:.2f}"]
            for name, p in report["phases"].items()]
    print(table(head, rows))
    if report["processes"] > 1:
        print("\nCPU ms per turn, by process:\n")
        print(table(["phase", *(f"advisor-{i + 1}" for i in range(report["processes"]))],
                    [[name, *(f"{v:.3f}" for v in p["per_process_cpu_ms_per_turn"])]
                     for name, p in report["phases"].items()]))
    print(f"\nRSS KiB at the end: {report['rss_kib']}; stray replies: {report['stray_replies']}; "
          f"log problems: {report['log_problems'] or 'none'}")


def table(head: list[str], rows: list[list[str]]) -> str:
    """A Markdown table (pasted as is into docs/performance.md)."""
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(head), "| " + " | ".join("-" * w for w in widths) + " |",
                      *(line(r) for r in rows)])


SHORT = {"duration": 2.0, "concurrency": "4", "slack_conversations": 10,
         "teams_conversations": 4, "scripts": 4}
"""``--short``: a few seconds, so CI can run it and it cannot rot (numbers meaningless)."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--redis-url", default=None,
                   help="Redis to use (default: a private redis-server for the run)")
    p.add_argument("--redis-mode", choices=("standalone", "cluster"), default="standalone")
    p.add_argument("--start-cluster", action="store_true",
                   help="start a loopback Redis Cluster (3 masters + 3 replicas) and use it")
    p.add_argument("--processes", type=int, default=1, help="advisor serve processes")
    p.add_argument("--trees", default="",
                   help="comma-separated source trees; process i runs tree i mod their count")
    p.add_argument("--concurrency", default="32", help="closed-loop users, comma-separated")
    p.add_argument("--rates", default="", help="open-loop request rates, comma-separated")
    p.add_argument("--duration", type=float, default=20.0, help="seconds per phase")
    p.add_argument("--max-in-flight", type=int, default=None,
                   help="ADVISOR_MAX_IN_FLIGHT of the servers (0: off; default: theirs)")
    p.add_argument("--api-latency", type=float, default=0.0,
                   help="seconds the stand-ins take to answer each Web API / connector call "
                        "(a platform's round trip; a reply still counts as arrived at once)")
    p.add_argument("--slack-conversations", type=int, default=400)
    p.add_argument("--teams-conversations", type=int, default=100)
    p.add_argument("--teams-share", type=float, default=0.2, help="share of Teams requests")
    p.add_argument("--scripts", type=int, default=24, help="distinct assessments")
    p.add_argument("--reply-timeout", type=float, default=15.0)
    p.add_argument("--short", action="store_true", help="a few seconds (CI)")
    p.add_argument("--json", default=None, help="also write the report as JSON here")
    args = p.parse_args(argv)
    if args.short:
        for key, value in SHORT.items():
            setattr(args, key, value)
    args.concurrency = [int(c) for c in str(args.concurrency).split(",") if c]
    args.rates = [float(r) for r in str(args.rates).split(",") if r]
    args.trees = [Path(t) for t in str(args.trees).split(",") if t]
    if args.start_cluster:
        args.redis_mode = "cluster"
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    with contextlib.ExitStack() as stack:
        if args.start_cluster:
            from tests.support.redis_servers import running_cluster

            tmp = stack.enter_context(tempfile.TemporaryDirectory())
            cluster = stack.enter_context(running_cluster(Path(tmp), needed_by="bench/load.py"))
            args.redis_url = cluster.url
        elif args.redis_url is None:
            from tests.support.redis_servers import running_private_redis

            tmp = stack.enter_context(tempfile.TemporaryDirectory())
            private = stack.enter_context(running_private_redis(Path(tmp),
                                                                needed_by="bench/load.py"))
            args.redis_url = private.url
        report = asyncio.run(run(args))
    print_report(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
