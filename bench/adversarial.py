"""Adversarial text: the worst turn found, and another conversation's Slack ack while such turns run.

Two parts (issue 12.1):

1. **Worst case, in-process.** Hostile texts up to the 4,000-character turn cap (named shapes:
   one long word, a trigger phrase repeated, runs of punctuation and spaces, mixed scripts,
   emoji; plus ``--samples`` random mixtures of the same pieces) are stepped through
   ``dialogs.engine.step`` as a DM, idle and in the middle of the guided questions. Reported:
   the slowest turns (best of ``--repeat`` runs each, so the machine's noise counts less) with
   their operation counts (``knowledge.work``).
2. **Ack while heavy turns run**, against a real ``advisor serve`` with the Slack Web API
   stand-in (``tests/standins``), signed requests as Slack sends them, Redis database 14 under a
   unique prefix (deleted after). A probe conversation sends a DM (``help``) every
   ``--probe-interval`` seconds and times each HTTP acknowledgement; meanwhile heavy senders
   post the worst text found, each on its own conversation, at ``--heavy-rate`` DMs per second.
   Phases: the probe alone, then probe + heavy load; with ``--on-loop`` the same again against a
   server whose turns all run on the event loop (``bot.turns.OFF_LOOP_CHARS`` raised), for the
   before/after comparison.

    PYTHONPATH=. .venv/bin/python bench/adversarial.py
    PYTHONPATH=. .venv/bin/python bench/adversarial.py --on-loop --duration 15
    PYTHONPATH=. .venv/bin/python bench/adversarial.py --skip-live      # part 1 only
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import hmac
import itertools
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import aiohttp
from redis.asyncio import Redis

from bench.load import (
    BOT_TOKEN,
    CH,
    EV,
    SECRET,
    TS,
    USER,
    VENV_BIN,
    Server,
    TimedSlack,
    _clean_env,
    _dm_body,
    free_port,
    ms,
    pct,
    table,
)

CAP = 4000
PIECES = ("sla", "they want us to own it", "their CTO keeps every decision", "no", "we",
          "the big team", "the apis are stable", "scope is clear", "Acme", "'a'",
          "managed servcies", "augmentaion", "what does", "-", ".", ",", "!?", "😀", "日本語",
          "управление", "e\u0301", "\u200d", "&", "t&m")
SHAPES = {
    "one long word": "".join("abcdefghijklmnopqrstuvwxyz"[(i * 7) % 26] for i in range(CAP)),
    "1,200-letter word": "".join("abcdefghijklmnopqrstuvwxyz"[(i * 7) % 26] for i in range(1200)),
    "'sla ' repeated": "sla " * 1000,
    "'they want us to own it' repeated": "they want us to own it " * 180,
    "'their CTO keeps every decision' repeated": "their CTO keeps every decision " * 130,
    "'the apis are stable' repeated": "the apis are stable " * 200,
    "'what does ' repeated": "what does " * 400,
    "typos repeated": "managed servcies staff augmentaion goverance " * 90,
    "30-letter words": ("abcdefghijklmnopqrstuvwxyzabcd " * 130),
    "punctuation run": "!?.,;'&-" * 500,
    "spaces between triggers": "sla" + " " * 3990 + "sla",
    "mixed scripts": "управление SLA 管理 مرحبا " * 160,
    "emoji": "😀👍🏽 sla " * 500,
    "capitalised names": "Acme Initech Globex " * 200,
}
SHAPES = {name: text[:CAP] for name, text in SHAPES.items()}


def random_text(rng: random.Random) -> str:
    pieces = rng.sample(PIECES, rng.randint(1, 4))
    sep = rng.choice([" ", "", ", ", "\n"])
    unit = sep.join(pieces) + sep
    return (unit * (CAP // len(unit) + 1))[: rng.randint(CAP // 2, CAP)]


def worst_case(samples: int, repeat: int, top: int) -> tuple[list[list[str]], str]:
    """The slowest turns over the shapes and ``samples`` random texts, and the worst text."""
    from dialogs.engine import step
    from dialogs.turn import Turn
    from knowledge import load_default
    from knowledge.work import counting

    kb = load_default()

    def turn(text: str) -> Turn:
        return Turn(platform="slack", tenant="T", conversation="D1", user="U1", text=text)

    asking, _ = step(None, turn("start"), kb)
    step(None, turn("what is an SLA? managed servcies"), kb)  # warm: lazy speller index
    rng = random.Random(12)
    texts = dict(SHAPES)
    texts.update({f"random #{i}": random_text(rng) for i in range(samples)})
    rows: list[tuple[float, str, str, dict[str, int]]] = []
    for name, text in texts.items():
        for stage, session in (("idle", None), ("asking", asking)):
            best = float("inf")
            for _ in range(repeat):
                with counting() as work:
                    t0 = time.perf_counter()
                    step(session, turn(text), kb)
                    best = min(best, time.perf_counter() - t0)
            rows.append((best, name, stage, dict(work)))
    rows.sort(key=lambda r: -r[0])
    out = []
    for seconds, name, stage, work in rows[:top]:
        counts = ", ".join(f"{k.split('.', 1)[1]} {v}" for k, v in sorted(work.items())
                           if k.startswith(("inference.matches", "spelling.probes",
                                            "index.scored", "inference.lookback")))
        out.append([name, stage, ms(seconds), counts or "-"])
    return out, texts[rows[0][1]]


# --- live: advisor serve with the Slack stand-in ---------------------------------------------


class Live:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.run_id = uuid.uuid4().hex[:8]
        self.prefix = f"bench:adv:{self.run_id}"
        self.replies = 0
        self.slack = TimedSlack(self._on_call)
        self.seq = itertools.count(1)
        self.workdir = Path(tempfile.mkdtemp(prefix="advisor-adversarial-"))

    def _on_call(self, method: str, _body: dict[str, Any], _at: float, _ok: bool) -> None:
        if method in ("chat.postMessage", "chat.update"):
            self.replies += 1

    def start_server(self, on_loop: bool) -> Server:
        port = free_port()
        env = {**_clean_env(), "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
               "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SECRET,
               "SLACK_API_URL": self.slack.api_url, "REDIS_URL": self.args.redis_url,
               "ADVISOR_REDIS_PREFIX": self.prefix, "ADVISOR_LOG_LEVEL": "WARNING",
               "ADVISOR_ENV": "development", "ADVISOR_HOST": "127.0.0.1",
               "ADVISOR_PORT": str(port)}
        argv = [str(VENV_BIN / "advisor"), "serve"]
        if on_loop:
            argv = [sys.executable, "-c",
                    "import bot.turns\nbot.turns.OFF_LOOP_CHARS = 10**9\n"
                    "import sys\nsys.argv = ['advisor', 'serve']\nfrom bot.cli import main\nmain()\n"]
        name = "bot-on-loop" if on_loop else "bot"
        return Server(name, argv, env, port, health="/readyz", workdir=self.workdir,
                      cwd=self.workdir)

    def signed(self, channel: str, text: str) -> tuple[bytes, dict[str, str]]:
        seq = next(self.seq)
        body = (_dm_body(text).replace(CH, channel).replace(USER, "U" + channel[1:])
                .replace(TS, f"1800000000.{seq:06d}").replace(EV, f"Ev{self.run_id}{seq:08d}"))
        raw = body.encode()
        stamp = str(int(time.time()))
        sig = "v0=" + hmac.new(SECRET.encode(), b"v0:" + stamp.encode() + b":" + raw,
                               hashlib.sha256).hexdigest()
        return raw, {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
                     "X-Slack-Signature": sig}

    async def post(self, http: aiohttp.ClientSession, url: str, channel: str, text: str) -> float:
        raw, headers = self.signed(channel, text)
        t0 = time.perf_counter()
        async with http.post(url + "/slack/events", data=raw, headers=headers) as resp:
            await resp.read()
            if resp.status != 200:
                raise RuntimeError(f"ack {resp.status}")
        return time.perf_counter() - t0

    async def phase(self, http: aiohttp.ClientSession, url: str, heavy_text: str | None,
                    duration: float) -> dict[str, Any]:
        probe_acks: list[float] = []
        heavy_acks: list[float] = []
        stop = time.monotonic() + duration
        tag = uuid.uuid4().hex[:6].upper()

        async def probe() -> None:
            while time.monotonic() < stop:
                probe_acks.append(await self.post(http, url, f"DPROBE{tag}", "help"))
                await asyncio.sleep(self.args.probe_interval)

        async def heavy() -> None:
            tasks: set[asyncio.Task[None]] = set()
            n = 0

            async def one(channel: str) -> None:
                assert heavy_text is not None
                heavy_acks.append(await self.post(http, url, channel, heavy_text))

            t0 = time.monotonic()
            while time.monotonic() < stop:
                task = asyncio.create_task(one(f"DHEAVY{tag}{n:05d}"))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
                n += 1
                await asyncio.sleep(max(0.0, t0 + n / self.args.heavy_rate - time.monotonic()))
            if tasks:
                await asyncio.wait(tasks)

        before = self.replies
        jobs = [probe()] + ([heavy()] if heavy_text else [])
        await asyncio.gather(*jobs)
        await asyncio.sleep(2.0)  # let the last heavy turns reply
        return {"probe": probe_acks, "heavy": heavy_acks, "replies": self.replies - before}

    async def run(self, heavy_text: str) -> list[list[str]]:
        rows: list[list[str]] = []
        await self.slack.start()
        redis = Redis.from_url(self.args.redis_url)
        try:
            async with aiohttp.ClientSession() as http:
                for on_loop in ([False, True] if self.args.on_loop else [False]):
                    server = self.start_server(on_loop)
                    try:
                        await server.ready(http)
                        await self.phase(http, server.url, heavy_text, 1.0)  # warm-up
                        label = "on the loop (before)" if on_loop else "worker thread (now)"
                        for heavy in (None, heavy_text):
                            got = await self.phase(http, server.url, heavy, self.args.duration)
                            p, h = got["probe"], got["heavy"]
                            rows.append([label, "probe + heavy" if heavy else "probe alone",
                                         str(len(p)), ms(pct(p, 50)), ms(pct(p, 99)),
                                         ms(max(p)), str(len(h)),
                                         ms(pct(h, 99)) if h else "-", str(got["replies"])])
                    finally:
                        server.stop()
        finally:
            names = [n async for n in redis.scan_iter(match=f"{self.prefix}*", count=500)]
            if names:
                await redis.delete(*names)
            await redis.aclose()
            await self.slack.close()
        return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=60, help="random texts besides the shapes")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--skip-live", action="store_true")
    parser.add_argument("--on-loop", action="store_true",
                        help="also measure a server that steps every turn on the event loop")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--heavy-rate", type=float, default=16.0, help="heavy DMs per second")
    parser.add_argument("--probe-interval", type=float, default=0.02)
    parser.add_argument("--redis-url", default=os.environ.get("ADVISOR_BENCH_REDIS_URL",
                                                              "redis://127.0.0.1:6379/14"))
    args = parser.parse_args(argv)
    rows, worst = worst_case(args.samples, args.repeat, args.top)
    print(f"## Slowest turns ({len(SHAPES)} shapes + {args.samples} random texts, idle and "
          f"asking, best of {args.repeat})\n")
    print(table(["text", "stage", "turn ms", "work"], rows))
    if args.skip_live:
        return
    print(f"\n## Another conversation's Slack ack while heavy turns run ({args.heavy_rate:g} heavy "
          f"DMs/s of the worst text, {len(worst)} chars; probe every {args.probe_interval:g} s, "
          f"{args.duration:g} s per phase)\n")
    live_rows = asyncio.run(Live(args).run(worst))
    print(table(["server", "phase", "probe acks", "p50 ms", "p99 ms", "max ms", "heavy DMs",
                 "heavy ack p99 ms", "replies"], live_rows))
    with contextlib.suppress(OSError):
        print(f"\nload average after: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
