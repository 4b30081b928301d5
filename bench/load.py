"""Load generator: ``advisor serve`` against the floor (``bench/floor.py``), same run, same Redis.

One process holds the load generator and the stand-ins (Slack Web API and Bot Framework
connector from ``tests/standins``, which record the arrival time of every call); ``advisor serve``
and the floor run as subprocesses on loopback. Both servers get the same workload over many
concurrent conversations, each of which is started first (a DM ``start`` / a card's Start) so
every later click answers the question the bot is really asking:

* Slack button clicks: ``block_actions`` with ``FACTOR=VALUE`` on the question's answer block,
  as Slack sends them (form-encoded ``payload=`` with the whole clicked message);
* Slack DM questions: ``message.im`` events with unique ``event_id``s (``start`` and a
  knowledge-base question once per assessment);
* Teams card submits to ``/api/messages`` (local unauthenticated mode, ``serviceUrl`` pointing at
  the stand-in connector).

Each conversation's script is precomputed with the pure engine (``dialogs.engine.step``), which
also tells how many messages the bot will send for each turn. A conversation has at most one
request in flight; its reply is the next Web API call for its channel (a click's ``chat.update``
must carry the unique ``ts`` of the clicked message) or the connector call for its activity id.

Measured per request: the acknowledgement (HTTP response time at the client) and event-to-reply
(request sent -> the stand-in receives the first, and the last, reply message). Open loop sends at
a fixed rate (latency counted from the scheduled send time, so a late generator cannot hide
queueing); closed loop runs ``--concurrency`` users that each wait for the reply before the next
request (maximum throughput). Also: CPU milliseconds per turn of each server, RSS of
``advisor serve`` (``/proc/<pid>/status`` VmRSS), Redis ``MEMORY USAGE`` per session and per
event claim, the generator's own event-loop lag (the error bar of every timestamp taken here).

Bounded: every phase stops at ``--duration`` seconds or ``--max-requests``; replies are awaited
at most ``--reply-timeout`` seconds. ``--soak 600`` runs only the bot at ``--rate`` for 600 s
and reports RSS growth (first minute vs last minute); CI never runs this script.

    PYTHONPATH=. .venv/bin/python bench/load.py                 # floor and bot, open + closed
    PYTHONPATH=. .venv/bin/python bench/load.py --soak 600      # 10-minute soak of the bot
    PYTHONPATH=. .venv/bin/python bench/load.py --bot-processes 2 --floor-processes 2
    PYTHONPATH=. .venv/bin/python bench/load.py --profile /tmp/prof --targets bot
    PYTHONPATH=. .venv/bin/python bench/load.py --analyze /tmp/prof/bot.pyspy.txt
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import hashlib
import hmac
import itertools
import json
import math
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp
from aiohttp import web
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.standins.connector import ConnectorStandIn
from tests.standins.slack_api import BOT_ID, BOT_TOKEN, BOT_USER_ID, TEAM_ID, SlackStandIn

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SECRET = "bench-signing-secret-0123456789abcdef"
APP_ID = "A0BENCHAPP"
TENANT = "72f988bf-0000-0000-0000-0000000bench"
TEAMS_BOT = {"id": "28:advisor-bot", "name": "Engagement Advisor"}
QUESTIONS = (
    "what is an SLA?",
    "can we mix the two models?",
    "who owns the architecture in staff augmentation?",
    "how often should governance meetings happen?",
)
now = time.monotonic


# --- percentiles and tables -----------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def ms(value: float) -> str:
    return "-" if math.isnan(value) else f"{value * 1000:.1f}"


def table(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    """A Markdown table (pasted as is into docs/performance.md)."""
    head = [str(h) for h in header]
    body = [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(head), "| " + " | ".join("-" * w for w in widths) + " |",
                      *(line(r) for r in body)])


# --- conversation scripts (precomputed with the pure engine) ----------------------------------

CH, USER, TS, EV, CONV, ACT = "ZQCHZQ", "ZQUSERZQ", "ZQTSZQ", "ZQEVZQ", "ZQCONVZQ", "ZQACTZQ"


@dataclass(frozen=True, slots=True)
class Step:
    kind: str  # "click" | "dm" | "teams"
    path: str
    content_type: str
    template: str
    """The request body with the markers above in place of per-request values."""
    expect: int
    """Messages the bot sends for this turn (the floor always sends one)."""
    updates: bool
    """A click on a question: the first reply is ``chat.update`` of the clicked message."""


def _vector(rng: Any) -> dict[str, str]:
    from dialogs import factors as F

    return {f.id: rng.choice(f.answer_ids) for f in F.FACTORS}


def _slack_turn(**kw: Any) -> Any:
    from dialogs.turn import Turn

    return Turn(platform="slack", tenant=TEAM_ID, conversation="D0", user="U0", surface="dm", **kw)


def _dm_body(text: str) -> str:
    body = {
        "token": "legacy", "team_id": TEAM_ID, "api_app_id": APP_ID, "type": "event_callback",
        "event": {"type": "message", "channel_type": "im", "user": USER, "channel": CH,
                  "ts": TS, "event_ts": TS, "text": text, "team": TEAM_ID},
        "event_id": EV, "event_time": 1_800_000_000,
        "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
    }
    return json.dumps(body)


def _click_body(blocks: list[dict[str, Any]], value: str, response_url: str) -> str:
    block, button = next(
        (b, e) for b in blocks if b.get("type") == "actions"
        for e in b.get("elements", []) if e.get("value") == value
    )
    payload = {
        "type": "block_actions", "user": {"id": USER, "team_id": TEAM_ID}, "api_app_id": APP_ID,
        "token": "legacy", "team": {"id": TEAM_ID}, "trigger_id": f"trigger.{TS}",
        "response_url": response_url,
        "container": {"type": "message", "message_ts": TS, "channel_id": CH,
                      "is_ephemeral": False},
        "channel": {"id": CH, "name": "directmessage"},
        "message": {"type": "message", "ts": TS, "user": BOT_USER_ID, "bot_id": BOT_ID,
                    "text": "question", "blocks": blocks},
        "actions": [{"type": "button", "action_id": button["action_id"],
                     "block_id": block["block_id"], "value": value, "action_ts": TS,
                     "text": button.get("text", {"type": "plain_text", "text": "x"})}],
    }
    return "payload=" + quote(json.dumps(payload), safe="")


def slack_cycle(vector: dict[str, str], question: str, response_url: str) -> list[Step]:
    """One whole assessment in a DM: start, clicks, one KB question after the second click."""
    from bot.slack.render import RenderOptions, to_messages
    from dialogs.engine import step
    from dialogs.turn import AnswerAction
    from knowledge import load_default

    kb = load_default()
    opts = RenderOptions(surface="dm")
    steps: list[Step] = []
    session, replies = step(None, _slack_turn(text="start"), kb)
    messages = to_messages(replies, opts)
    steps.append(Step("dm", "/slack/events", "application/json", _dm_body("start"),
                      len(messages), False))
    clicks = 0
    while session is not None and session.stage == "asking" and session.current:
        factor = session.current
        value = f"{factor}={vector[factor]}"
        shown = next(m.blocks for m in messages
                     if any(b.get("block_id") == f"advisor:answers:{factor}" for b in m.blocks))
        session, replies = step(session, _slack_turn(
            action=AnswerAction(factor=factor, answer=vector[factor])), kb)
        messages = to_messages(replies, opts)
        steps.append(Step("click", "/slack/events", "application/x-www-form-urlencoded",
                          _click_body(shown, value, response_url), len(messages), True))
        clicks += 1
        if clicks == 2 and session is not None and session.stage == "asking":
            session, replies = step(session, _slack_turn(text=question), kb)
            messages = to_messages(replies, opts)
            steps.append(Step("dm", "/slack/events", "application/json", _dm_body(question),
                              len(messages), False))
    return steps


def _activity(service_url: str, value: dict[str, str]) -> str:
    activity = {
        "type": "message", "id": ACT, "timestamp": "2026-11-28T12:00:00.000Z",
        "channelId": "msteams", "serviceUrl": service_url,
        "from": {"id": f"29:{USER}", "name": "Pat", "aadObjectId": f"aad-{USER}"},
        "recipient": TEAMS_BOT,
        "conversation": {"id": CONV, "conversationType": "personal", "tenantId": TENANT},
        "channelData": {"tenant": {"id": TENANT}}, "locale": "en-US", "text": "", "value": value,
    }
    return json.dumps(activity)


def teams_cycle(vector: dict[str, str], service_url: str) -> list[Step]:
    """One whole assessment by card submits: Start, then each answer the bot asks for."""
    from bot.teams.render import render_all
    from dialogs.engine import step
    from dialogs.turn import AnswerAction, CommandAction, Turn
    from knowledge import load_default

    kb = load_default()

    def turn(action: Any) -> Turn:
        return Turn(platform="teams", tenant=TENANT, conversation="a:0", user="u",
                    surface="card", action=action)

    session, replies = step(None, turn(CommandAction(command="start")), kb)
    steps = [Step("teams", "/api/messages", "application/json",
                  _activity(service_url, {"command": "start"}), len(render_all(replies)), False)]
    while session is not None and session.stage == "asking" and session.current:
        factor = session.current
        session, replies = step(session, turn(AnswerAction(factor=factor, answer=vector[factor])), kb)
        steps.append(Step("teams", "/api/messages", "application/json",
                          _activity(service_url, {"factor": factor, "answer": vector[factor]}),
                          len(render_all(replies)), False))
    return steps


# --- conversations, requests in flight, statistics --------------------------------------------


@dataclass(eq=False)
class Flight:
    conv: Conv
    step: Step
    ts: str
    t_sched: float
    t_sent: float = 0.0
    t_ack: float = 0.0
    status: int = 0
    replies: list[float] = field(default_factory=list)
    bad: int = 0
    mismatched: int = 0
    failed: int = 0
    """Replies that are the bot's polite failure message (store down, internal error)."""
    done: asyncio.Future[None] | None = None

    def check(self) -> None:
        if (self.done is not None and not self.done.done() and self.t_ack
                and (self.status >= 300 or self.failed
                     or len(self.replies) >= self.conv.expect(self.step))):
            self.done.set_result(None)


@dataclass(eq=False)
class Conv:
    platform: str  # slack | teams
    key: str
    """Slack channel or Teams conversation id: where the stand-in sees the replies."""
    user: str
    cycle: list[Step]
    floor: bool
    pos: int = 0
    flight: Flight | None = None
    slot: int = 0
    """Which process of a multi-process group serves it: spread so that every process gets
    each scripted assessment equally often (an A/B run compares like with like)."""

    def current(self) -> Step:
        return self.cycle[self.pos % len(self.cycle)]

    def expect(self, step: Step) -> int:
        return 1 if self.floor else step.expect


@dataclass
class Stats:
    name: str
    offered: float | None = None
    acks: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    first: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    last: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    send_lag: list[float] = field(default_factory=list)
    loop_lag: list[float] = field(default_factory=list)
    sent: int = 0
    completed: int = 0
    errors: int = 0
    failed: int = 0
    lost: int = 0
    bad: int = 0
    mismatched: int = 0
    starved: int = 0
    started: float = 0.0
    ended: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)
    rss_kib: list[int] = field(default_factory=list)

    def add(self, f: Flight, *, open_loop: bool) -> None:
        origin = f.t_sched if open_loop else f.t_sent
        kind = f.step.kind
        self.sent += 1
        if f.status < 200 or f.status >= 300:
            self.errors += 1
            return
        self.acks[kind].append(f.t_ack - origin)
        self.bad += f.bad
        self.mismatched += f.mismatched
        if f.failed:
            self.failed += 1
            return
        if len(f.replies) < f.conv.expect(f.step):
            self.lost += 1
            return
        self.completed += 1
        self.first[kind].append(f.replies[0] - origin)
        self.last[kind].append(f.replies[f.conv.expect(f.step) - 1] - origin)

    def all(self, what: dict[str, list[float]]) -> list[float]:
        return [v for vs in what.values() for v in vs]

    @property
    def throughput(self) -> float:
        span = self.ended - self.started
        return self.completed / span if span > 0 else math.nan


# --- the stand-ins, with arrival times ----------------------------------------------------------


class TimedSlack(SlackStandIn):
    """The Slack stand-in, reporting each Web API call's arrival time; keeps no history."""

    def __init__(self, on_call: Callable[[str, dict[str, Any], float, bool], None]) -> None:
        super().__init__(token=BOT_TOKEN)
        self.on_call = on_call
        self.counts: collections.Counter[str] = collections.Counter()

    async def _api(self, request: web.Request) -> web.Response:
        arrived = now()
        response = await super()._api(request)
        call = self.calls[-1]  # no await between the stand-in's append and here
        self.calls.clear()
        ok = call.status == 200 and bool(call.answer.get("ok"))
        self.counts[f"{call.method}{'' if ok else ' (refused)'}"] += 1
        self.on_call(call.method, call.body, arrived, ok)
        return response


class TimedConnector(ConnectorStandIn):
    """The connector stand-in, reporting each reply's arrival time; keeps no history."""

    def __init__(self, on_call: Callable[[str, str | None, float, bool, bool], None]) -> None:
        super().__init__()
        self.on_call = on_call
        self.count = 0
        self.peers: set[Any] = set()
        """Client (address, port) pairs seen: how many TCP connections the replies came on."""

    async def _record(self, method: str, request: web.Request) -> web.Response:
        arrived = now()
        if request.transport is not None:
            self.peers.add(request.transport.get_extra_info("peername"))
        response = await super()._record(method, request)
        call = self.calls[-1]
        self.calls.clear()
        self.count += 1
        failed = "advisor-text-error" in json.dumps(call.body)
        self.on_call(call.conversation, call.activity_id, arrived, call.delivered, failed)
        return response


# --- what-if experiments: proposed product fixes, applied by the launcher, product code untouched --

WHAT_IF = {
    # msrest builds its retry status list with ``i not in <500-item list>`` for 999 codes on every
    # client it makes; botbuilder made two per Teams turn (connector + user-token client). A no-op
    # since F7 (round 2): Teams turns build no msrest client any more.
    "msrest-frozenset": (
        "from msrest.universal_http.requests import ClientRetryPolicy\n"
        "ClientRetryPolicy.safe_codes = frozenset(ClientRetryPolicy.safe_codes)\n"
    ),
    # slack_sdk checks ``logger.level <= DEBUG`` (not the effective level) before formatting every
    # request and response for a debug line; "slack_sdk.web" is NOTSET (0), so it always formats.
    "sdk-logger-level": (
        "import logging\n"
        "logging.getLogger('slack_sdk.web').setLevel(logging.WARNING)\n"
    ),
    # redis-py 8's asyncio pool raises MaxConnectionsError at once beyond 100 connections; a
    # blocking pool makes a burst wait for a connection (within the store's deadline) instead.
    # Adopted upstream in 4f9a858 (same pool): a no-op from that commit on, kept for older ones.
    "redis-blocking-pool": (
        "import bot.store.redis as R\n"
        "from redis.asyncio import BlockingConnectionPool, Redis\n"
        "def make_client(url, options=None):\n"
        "    opts = options or R.RedisOptions()\n"
        "    retry = R._ReplayAwareRetry(R.ExponentialWithJitterBackoff(cap=opts.backoff_cap,\n"
        "        base=opts.backoff_base), opts.retries)\n"
        "    pool = BlockingConnectionPool.from_url(url, max_connections=opts.max_connections or 64,\n"
        "        timeout=opts.op_timeout, socket_timeout=opts.socket_timeout,\n"
        "        socket_connect_timeout=opts.socket_connect_timeout, retry=retry,\n"
        "        retry_on_error=[R.RedisConnectionError, R.RedisTimeoutError],\n"
        "        health_check_interval=opts.health_check_interval, client_name=opts.client_name)\n"
        "    return Redis.from_pool(pool)\n"
        "if hasattr(R, '_ReplayAwareRetry'):  # later trees build the pool in bot/store/clients.py\n"
        "    R.make_client = make_client\n"
    ),
    # Full (generation 2) collections walk every tracked object: ~125k after start-up, 25-35 ms
    # each on this machine, on the event loop. gc.freeze() once the app has started moves the
    # start-up objects (modules, classes, the knowledge-base index, SDK clients) out of reach.
    "gc-freeze": (
        "import gc\n"
        "import bot.server as S\n"
        "_build = S.build_app\n"
        "def build_app(*a, **k):\n"
        "    app = _build(*a, **k)\n"
        "    async def freeze(_app):\n"
        "        gc.collect()\n"
        "        gc.freeze()\n"
        "    app.on_startup.append(freeze)\n"
        "    return app\n"
        "S.build_app = build_app\n"
    ),
    # Diagnostic, not a fix: count collections per generation and their time; one GCSTATS line
    # on stderr at exit.
    "gc-stats": (
        "import atexit, collections, gc, sys, time\n"
        "_gc = {'t': 0.0, 'n': [0, 0, 0], 's': [0.0, 0.0, 0.0], 'max': [0.0, 0.0, 0.0],\n"
        "       't0': time.monotonic(), 'minute': collections.defaultdict(lambda: [0, 0.0, 0.0])}\n"
        "def _cb(phase, info):\n"
        "    if phase == 'start':\n"
        "        _gc['t'] = time.perf_counter()\n"
        "        return\n"
        "    g, d = info['generation'], time.perf_counter() - _gc['t']\n"
        "    _gc['n'][g] += 1; _gc['s'][g] += d; _gc['max'][g] = max(_gc['max'][g], d)\n"
        "    if g == 2:\n"
        "        m = _gc['minute'][int((time.monotonic() - _gc['t0']) // 60)]\n"
        "        m[0] += 1; m[1] += d; m[2] = max(m[2], d)\n"
        "gc.callbacks.append(_cb)\n"
        "def _report():\n"
        "    gens = ' '.join(f'gen{g}: {_gc[\"n\"][g]} collections, {_gc[\"s\"][g] * 1000:.0f} ms '\n"
        "                    f'total, max {_gc[\"max\"][g] * 1000:.1f} ms;' for g in range(3))\n"
        "    mins = ' '.join(f'{k}:{v[0]}x/{v[1] * 1000:.0f}ms/max{v[2] * 1000:.0f}'\n"
        "                    for k, v in sorted(_gc['minute'].items()))\n"
        "    objs = gc.get_objects()\n"
        "    top = collections.Counter(type(o).__name__ for o in objs).most_common(8)\n"
        "    print(f'GCSTATS {gens} gen2 by minute since start: {mins}; tracked objects at exit '\n"
        "          f'{len(objs)} (frozen {gc.get_freeze_count()}), most: {top}',\n"
        "          file=sys.stderr, flush=True)\n"
        "atexit.register(_report)\n"
    ),
    # Diagnostic: cProfile the whole server; stats (call counts and times) written at exit to
    # $BENCH_CPROFILE_OUT.
    # Without $BENCH_CPROFILE_ON_SIGNAL it profiles from the start; with it, from SIGUSR1 on.
    "cprofile": (
        "import atexit, cProfile, os, signal\n"
        "_prof = cProfile.Profile()\n"
        "if os.environ.get('BENCH_CPROFILE_ON_SIGNAL'):\n"
        "    signal.signal(signal.SIGUSR1, lambda *_: _prof.enable())\n"
        "else:\n"
        "    _prof.enable()\n"
        "def _dump():\n"
        "    _prof.disable()\n"
        "    _prof.dump_stats(os.environ.get('BENCH_CPROFILE_OUT', 'advisor.prof'))\n"
        "atexit.register(_dump)\n"
    ),
    # Diagnostic (an upper bound, not a fix): clicks and message events skip bolt's dispatch
    # and go straight to the bridge's listeners.
    "no-bolt-hot-path": (
        "import bot.slack.app as A\n"
        "from tests.standins.slack_api import BOT_USER_ID\n"
        "from aiohttp import web\n"
        "class _Ctx:\n"
        "    bot_user_id = BOT_USER_ID\n"
        "async def _ack(*a, **k):\n"
        "    return None\n"
        "async def _dispatch(self, req):\n"
        "    body = req.body\n"
        "    kind = body.get('type')\n"
        "    bridge = self._bench_bridge\n"
        "    if kind == 'block_actions' and str(body['actions'][0].get('action_id','')).startswith('advisor:'):\n"
        "        await bridge.on_action(_ack, body, self.client)\n"
        "    elif kind == 'event_callback' and body['event'].get('type') == 'message':\n"
        "        await bridge.on_message(_ack, body, _Ctx(), self.client)\n"
        "    else:\n"
        "        return await self._bench_dispatch(req)\n"
        "    from slack_bolt.response import BoltResponse\n"
        "    return BoltResponse(status=200, body='')\n"
        "_register = A.SlackBridge.register\n"
        "def register(self):\n"
        "    _register(self)\n"
        "    self.bolt._bench_bridge = self\n"
        "    self.bolt._bench_dispatch = self.bolt.async_dispatch\n"
        "    self.bolt.async_dispatch = _dispatch.__get__(self.bolt)\n"
        "A.SlackBridge.register = register\n"
    ),
    # Diagnostic (an upper bound, not a fix): Slack replies as one raw aiohttp POST each
    # instead of slack_sdk's client.
    "raw-slack-post": (
        "import json\n"
        "import bot.slack.app as A\n"
        "async def _send(self, client, method, message, replies, **where):\n"
        "    body = {k: v for k, v in where.items() if v is not None}\n"
        "    body.update(text=message.text, blocks=message.blocks)\n"
        "    url = client.base_url + method.replace('_', '.')\n"
        "    async with self.http.post(url, data=json.dumps(body), headers={\n"
        "            'Authorization': 'Bearer ' + client.token,\n"
        "            'Content-Type': 'application/json; charset=utf-8'}) as resp:\n"
        "        data = await resp.json()\n"
        "    return bool(data.get('ok'))\n"
        "A.SlackBridge._send = _send\n"
    ),
    # Tried in round 3, no gain measured (A/B 0.99-1.00): fewer young-generation collections
    # (each walks every object of the turns in flight, however few of them are garbage).
    "gc-threshold": (
        "import gc\n"
        "gc.set_threshold(50_000, 20, 100)\n"
    ),
    # Diagnostic: sessions in memory (no Redis) - what the store's round trips cost under load.
    "memory-store": (
        "import os\n"
        "os.environ.pop('REDIS_URL', None)\n"
    ),
    # Tried in round 3, no gain measured (A/B 1.03): orjson as the JSON encoder of every aiohttp
    # client session (slack_sdk's posts). Needs orjson installed.
    "orjson-client": (
        "import aiohttp, orjson\n"
        "_cs_init = aiohttp.ClientSession.__init__\n"
        "def _cs(self, *a, **k):\n"
        "    k.setdefault('json_serialize', lambda o: orjson.dumps(o).decode())\n"
        "    _cs_init(self, *a, **k)\n"
        "aiohttp.ClientSession.__init__ = _cs\n"
    ),
}


DIAGNOSTICS = frozenset({"gc-stats", "cprofile", "no-bolt-hot-path", "raw-slack-post",
                         "memory-store", "gc-threshold", "orjson-client"})
"""What-ifs that measure rather than fix, or fixes tried and not adopted (left out of
``--what-if all``)."""


def launcher(names: list[str], tree: str | None = None) -> str:
    """``python -c`` source: apply the named what-if patches, then run ``advisor serve``
    (from the source tree ``tree`` when given: an A/B run's B side)."""
    unknown = [n for n in names if n not in WHAT_IF]
    if unknown:
        raise SystemExit(f"unknown --what-if {unknown}; known: {', '.join(WHAT_IF)}")
    head = ""
    if tree is not None:
        head = (f"import sys\nsys.path.insert(0, {str(Path(tree).resolve())!r})\n"
                "import bot, dialogs, knowledge\n"
                "assert all(m.__file__.startswith(sys.path[0]) for m in (bot, dialogs, knowledge))\n")
    body = "".join(WHAT_IF[n] for n in names)
    return (head + body
            + "import sys\nsys.argv = ['advisor', 'serve']\nfrom bot.cli import main\nmain()\n")


# --- server subprocesses --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _child_pid(pid: int) -> int:
    tasks = Path(f"/proc/{pid}/task")
    return next(int(child) for task in tasks.iterdir()
                for child in (task / "children").read_text().split())


def _clean_env() -> dict[str, str]:
    drop = ("SLACK_", "MICROSOFT_", "ADVISOR_", "REDIS_URL")
    return {k: v for k, v in os.environ.items() if not k.startswith(drop)}


class Server:
    """A server subprocess (optionally under ``py-spy record``), its CPU time and RSS."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], port: int, *,
                 health: str, workdir: Path, cwd: Path, profile: Path | None = None) -> None:
        self.name, self.port, self.health = name, port, health
        self.log_path = workdir / f"{name}.log"
        self.profile = profile
        if profile is not None:
            # --gil: only the thread holding the GIL is sampled, so the profile is where the
            # interpreter spends CPU (idle executor threads and epoll waits drop out).
            argv = [str(VENV_BIN / "py-spy"), "record", "--format", "raw", "--rate", "250",
                    "--gil", "-o", str(profile), "--", *argv]
        self.sent = 0
        """Requests the generator addressed to this process (``ServerGroup.url_for``)."""
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=self._log,
                                     stderr=subprocess.STDOUT)
        self.pid = self.proc.pid

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def ready(self, http: aiohttp.ClientSession, within: float = 60.0) -> None:
        deadline = now() + within
        while now() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.proc.returncode}); see {self.log_path}")
            try:
                async with http.get(self.url + self.health) as resp:
                    if resp.status == 200:
                        break
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
        else:
            raise RuntimeError(f"{self.name} not ready within {within:g} s; see {self.log_path}")
        if self.profile is not None:  # measure the Python server, not py-spy
            self.pid = _child_pid(self.proc.pid)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._log.close()

    def log_problems(self) -> collections.Counter[str]:
        """Warning and error lines of the server's log, counted by level, logger and message."""
        found: collections.Counter[str] = collections.Counter()
        for line in self.log_path.read_text(errors="replace").splitlines():
            try:
                rec = json.loads(line)
            except ValueError:
                if re.search(r"Traceback|^(WARNING|ERROR|CRITICAL|GCSTATS)", line):
                    found[line[:1500]] += 1
                continue
            if not isinstance(rec, dict):
                continue
            if rec.get("level") in ("WARNING", "ERROR", "CRITICAL"):
                why = str(rec.get("exc_info", "")).strip().splitlines()[-1:] or [""]
                found[f"{rec['level']} {rec.get('name')}: {str(rec.get('message'))[:90]}"
                      f"{' | ' + why[0][:120] if why[0] else ''}"] += 1
        return found


class ServerGroup:
    """N processes of one server, each on its own port, as N pods behind a load balancer with
    conversation affinity: a conversation always goes to the same process (any would do: the
    state is in Redis; ``Conv.slot`` says which). CPU and RSS are the sums over the processes."""

    def __init__(self, servers: list[Server]) -> None:
        assert servers
        self.servers = servers
        self.name = servers[0].name
        self.profile = servers[0].profile

    def url_for(self, conv: Conv) -> str:
        server = self.servers[conv.slot % len(self.servers)]
        server.sent += 1
        return server.url

    async def ready(self, http: aiohttp.ClientSession, within: float = 60.0) -> None:
        for server in self.servers:
            await server.ready(http, within)

    def cpu_seconds(self) -> float:
        return sum(server.cpu_seconds() for server in self.servers)

    def rss_kib(self) -> int:
        return sum(server.rss_kib() for server in self.servers)

    def stop(self) -> None:
        for server in self.servers:
            server.stop()

    def log_problems(self) -> collections.Counter[str]:
        found: collections.Counter[str] = collections.Counter()
        for server in self.servers:
            found.update(server.log_problems())
        return found


# --- the load generator ---------------------------------------------------------------------------


class Load:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.run_id = uuid.uuid4().hex[:8]
        self.prefix = f"bench:{self.run_id}"
        self.seq = itertools.count(1)
        self.slack_by_channel: dict[str, Conv] = {}
        self.teams_by_conv: dict[str, Conv] = {}
        self.stray = 0
        self.slack_api = TimedSlack(self._on_slack)
        self.connector = TimedConnector(self._on_teams)
        self.secret = SECRET.encode()
        self.servers: dict[str, ServerGroup] = {}
        self.pools: dict[str, dict[str, collections.deque[Conv]]] = {}
        self.busy = 0
        self._lag: list[float] = []
        self.http: aiohttp.ClientSession | None = None
        self.redis: Redis | RedisCluster | None = None
        self.rss: list[tuple[float, str, int]] = []
        self.phase = "start"
        self.workdir = Path(tempfile.mkdtemp(prefix="advisor-bench-"))

    # stand-in callbacks: match a reply to the request in flight on its conversation -----------

    def _on_slack(self, method: str, body: dict[str, Any], arrived: float, ok: bool) -> None:
        if method not in ("chat.postMessage", "chat.update"):
            return
        conv = self.slack_by_channel.get(str(body.get("channel")))
        flight = conv.flight if conv is not None else None
        if flight is None:
            self.stray += 1
            return
        if not flight.replies and flight.step.updates and (
                method != "chat.update" or body.get("ts") != flight.ts):
            flight.mismatched += 1
        flight.replies.append(arrived)
        flight.bad += not ok
        blocks = body.get("blocks")
        flight.failed += isinstance(blocks, list) and any(
            isinstance(b, dict) and str(b.get("block_id", "")).startswith("advisor:text:error")
            for b in blocks)
        flight.check()

    def _on_teams(self, conversation: str, activity_id: str | None, arrived: float,
                  ok: bool, failed: bool) -> None:
        conv = self.teams_by_conv.get(conversation)
        flight = conv.flight if conv is not None else None
        if flight is None:
            self.stray += 1
            return
        if activity_id != flight.ts:
            flight.mismatched += 1
        flight.replies.append(arrived)
        flight.bad += not ok
        flight.failed += failed
        flight.check()

    # set-up ------------------------------------------------------------------------------------

    def conversations(self, target: str) -> None:
        import random

        rng = random.Random(7)
        service_url = self.connector.url
        response_url = self.slack_api.response_url()
        vectors = [_vector(rng) for _ in range(self.args.scripts)]
        slack_cycles = [slack_cycle(v, QUESTIONS[i % len(QUESTIONS)], response_url)
                        for i, v in enumerate(vectors)]
        teams_cycles = [teams_cycle(v, service_url) for v in vectors]
        tag = self.run_id[:4].upper() + ("F" if target == "floor" else "B")
        pools: dict[str, collections.deque[Conv]] = {"slack": collections.deque(),
                                                      "teams": collections.deque()}
        floor = target == "floor"
        for n in range(self.args.slack_conversations):
            conv = Conv("slack", f"D{tag}{n:05d}", f"U{tag}{n:05d}",
                        slack_cycles[n % len(slack_cycles)], floor,
                        slot=n // len(slack_cycles))
            self.slack_by_channel[conv.key] = conv
            pools["slack"].append(conv)
        for n in range(self.args.teams_conversations):
            conv = Conv("teams", f"a:bench-{tag}-{n:05d}", f"{tag}{n:05d}",
                        teams_cycles[n % len(teams_cycles)], floor,
                        slot=n // len(teams_cycles))
            self.teams_by_conv[conv.key] = conv
            pools["teams"].append(conv)
        self.pools[target] = pools

    async def start_servers(self) -> None:
        args = self.args
        env = _clean_env()
        env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
        targets = [t for t in args.targets.split(",") if t]
        assert self.http is not None
        if "floor" in targets:
            floors = []
            for i in range(args.floor_processes):
                port = free_port()
                argv = [sys.executable, str(REPO / "bench" / "floor.py"), "--port", str(port),
                        "--redis-url", args.redis_url, "--prefix", f"{self.prefix}:floor",
                        "--signing-secret", SECRET, "--token", BOT_TOKEN,
                        "--slack-api-url", self.slack_api.api_url]
                if args.floor_ack_after:
                    argv.append("--ack-after")
                name = "floor" if i == 0 else f"floor-{i + 1}"
                floors.append(Server(name, argv, env, port, health="/healthz",
                                     workdir=self.workdir, cwd=REPO,
                                     profile=self.profile_path(name)))
            self.servers["floor"] = ServerGroup(floors)
        if "bot" in targets:
            bots = []
            for i in range(args.bot_processes):
                port = free_port()
                bot_env = {**env,
                           "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SECRET,
                           "SLACK_API_URL": self.slack_api.api_url, "REDIS_URL": args.redis_url,
                           "ADVISOR_REDIS_PREFIX": f"{self.prefix}:bot",
                           "ADVISOR_REDIS_MODE": args.redis_mode,
                           "ADVISOR_LOG_LEVEL": "WARNING", "ADVISOR_ENV": "development",
                           "ADVISOR_HOST": "127.0.0.1", "ADVISOR_PORT": str(port)}
                argv = [str(VENV_BIN / "advisor"), "serve"]
                if args.what_if:
                    argv = [sys.executable, "-c", launcher(args.what_if)]
                if args.ab_tree and i % 2 == 1:
                    argv = [sys.executable, "-c", launcher(args.ab_what_if, tree=args.ab_tree)]
                name = "bot" if i == 0 else f"bot-{i + 1}"
                # cwd: an empty directory, so no stray .env is read.
                bots.append(Server(name, argv, bot_env, port, health="/readyz",
                                   workdir=self.workdir, cwd=self.workdir,
                                   profile=self.profile_path(name)))
            self.servers["bot"] = ServerGroup(bots)
        for server in self.servers.values():
            await server.ready(self.http)

    def profile_path(self, name: str) -> Path | None:
        if self.args.profile is None:
            return None
        out = Path(self.args.profile)
        out.mkdir(parents=True, exist_ok=True)
        return out / f"{name}.pyspy.txt"

    # sending -----------------------------------------------------------------------------------

    def take(self, target: str, i: int) -> Conv | None:
        share = self.args.teams_share
        platform = "teams" if math.floor((i + 1) * share) > math.floor(i * share) else "slack"
        pool = self.pools[target][platform]
        if not pool and 0 < share < 1:  # keep the rate; a pure mix stays pure (and may starve)
            pool = self.pools[target]["slack" if platform == "teams" else "teams"]
        return pool.popleft() if pool else None

    def build(self, conv: Conv, step: Step, seq: int) -> tuple[bytes, dict[str, str], str]:
        ts = f"1800000000.{seq:06d}" if step.kind != "teams" else str(1_800_000_000_000 + seq)
        if conv.platform == "slack":
            body = (step.template.replace(CH, conv.key).replace(USER, conv.user)
                    .replace(TS, ts).replace(EV, f"Ev{self.run_id}{seq:08d}")).encode()
            stamp = str(int(time.time()))
            signature = "v0=" + hmac.new(self.secret, b"v0:" + stamp.encode() + b":" + body,
                                         hashlib.sha256).hexdigest()
            headers = {"Content-Type": step.content_type, "X-Slack-Request-Timestamp": stamp,
                       "X-Slack-Signature": signature}
        else:
            body = (step.template.replace(CONV, conv.key).replace(USER, conv.user)
                    .replace(ACT, ts)).encode()
            headers = {"Content-Type": "application/json"}
        return body, headers, ts

    async def fire(self, target: str, conv: Conv, t_sched: float, stats: Stats,
                   *, open_loop: bool) -> None:
        assert self.http is not None
        step = conv.current()
        body, headers, ts = self.build(conv, step, next(self.seq))
        loop = asyncio.get_running_loop()
        flight = Flight(conv=conv, step=step, ts=ts, t_sched=t_sched, done=loop.create_future())
        conv.flight = flight
        self.busy += 1
        try:
            flight.t_sent = now()
            try:
                async with self.http.post(self.servers[target].url_for(conv) + step.path,
                                          data=body,
                                          headers=headers) as resp:
                    await resp.read()
                    flight.status = resp.status
            except (aiohttp.ClientError, TimeoutError):
                flight.status = -1
            flight.t_ack = now()
            flight.check()
            if flight.status < 300:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(flight.done, self.args.reply_timeout)
            stats.add(flight, open_loop=open_loop)
            if open_loop:
                stats.send_lag.append(flight.t_sent - t_sched)
        finally:
            conv.flight = None
            conv.pos += 1
            self.busy -= 1
            self.pools[target][conv.platform].append(conv)
            stats.ended = max(stats.ended, now())

    async def open_loop(self, target: str, rate: float, duration: float, name: str) -> Stats:
        stats = Stats(name=name, offered=rate)
        n = min(int(rate * duration), self.args.max_requests)
        tasks: set[asyncio.Task[None]] = set()
        begin = await self._begin(stats)
        t0 = now() + 0.05
        stats.started = t0
        for i in range(n):
            t_sched = t0 + i / rate
            delay = t_sched - now()
            await asyncio.sleep(delay if delay > 0 else 0)
            conv = self.take(target, i)
            if conv is None:
                stats.starved += 1
                continue
            task = asyncio.create_task(self.fire(target, conv, t_sched, stats, open_loop=True))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        if tasks:
            await asyncio.wait(tasks, timeout=self.args.reply_timeout + 5)
        await self._end(stats, begin)
        return stats

    async def closed_loop(self, target: str, workers: int, duration: float, name: str,
                          max_requests: int | None = None) -> Stats:
        stats = Stats(name=name)
        limit = self.args.max_requests if max_requests is None else max_requests
        counter = itertools.count()
        begin = await self._begin(stats)
        stats.started = now()
        deadline = stats.started + duration

        async def user() -> None:
            while now() < deadline:
                i = next(counter)
                if i >= limit:
                    return
                conv = self.take(target, i)
                if conv is None:
                    stats.starved += 1
                    await asyncio.sleep(0.001)
                    continue
                await self.fire(target, conv, now(), stats, open_loop=False)

        await asyncio.gather(*(user() for _ in range(workers)))
        await self._end(stats, begin)
        return stats

    async def warm_up(self, target: str) -> Stats:
        """Start every conversation (its first step, ``start``), then a few more turns each."""
        pools = self.pools[target]
        count = len(pools["slack"]) + len(pools["teams"])
        return await self.closed_loop(target, 16, 120.0, f"{target} warm-up", max_requests=count * 2)

    async def _cpu_marks(self) -> dict[str, float]:
        assert self.redis is not None
        marks = {name: s.cpu_seconds() for name, s in self.servers.items()}
        for group in self.servers.values():
            if len(group.servers) > 1:
                for server in group.servers:
                    marks[f"{server.name}#cpu"] = server.cpu_seconds()
                    marks[f"{server.name}#sent"] = float(server.sent)
        marks["generator"] = _self_cpu()
        marks["redis"] = await _redis_cpu(self.redis)
        marks["machine"] = _machine_busy()
        marks["wall"] = now()
        return marks

    async def _begin(self, stats: Stats) -> dict[str, float]:
        self.phase = stats.name
        self._lag = stats.loop_lag
        return await self._cpu_marks()

    async def _end(self, stats: Stats, begin: dict[str, float]) -> None:
        end = await self._cpu_marks()
        stats.cpu = {k: end[k] - begin[k] for k in end}
        ours = sum(v for k, v in stats.cpu.items() if k not in ("machine", "wall") and "#" not in k)
        stats.cpu["others"] = max(0.0, stats.cpu["machine"] - ours)
        stats.ended = max(stats.ended, stats.started)
        self._lag = []

    async def idle(self, within: float = 30.0) -> None:
        deadline = now() + within
        while self.busy and now() < deadline:  # noqa: ASYNC110 (a counter, polled rarely)
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)

    # monitors -----------------------------------------------------------------------------------

    async def lag_monitor(self) -> None:
        while True:
            start = now()
            await asyncio.sleep(0.01)
            self._lag.append(now() - start - 0.01)

    async def rss_monitor(self, every: float) -> None:
        while True:
            for name, server in self.servers.items():
                with contextlib.suppress(OSError):
                    self.rss.append((now(), f"{name}|{self.phase}", server.rss_kib()))
            await asyncio.sleep(every)

    # Redis bytes ----------------------------------------------------------------------------

    async def redis_bytes(self, prefix: str) -> dict[str, Any]:
        assert self.redis is not None
        out: dict[str, Any] = {}
        for kind, pattern in (("session", f"{prefix}:{{*}}"),
                              ("event claim", f"{prefix}:{{*}}:event:*")):
            names = [n async for n in self.redis.scan_iter(match=pattern, count=1000)]
            sample = names[:500]
            sizes = [await self.redis.memory_usage(n, samples=0) or 0 for n in sample]
            lengths = [await self.redis.strlen(n) for n in sample]
            out[kind] = {"keys": len(names), "mean_bytes": _mean(sizes),
                         "median_bytes": pct([float(s) for s in sizes], 50),
                         "mean_value_bytes": _mean(lengths)}
        return out

    async def cleanup_redis(self) -> int:
        assert self.redis is not None
        deleted = 0
        batch: list[bytes] = []
        cluster = isinstance(self.redis, RedisCluster)
        async for name in self.redis.scan_iter(match=f"{self.prefix}:*", count=1000):
            batch.append(name)
            if cluster or len(batch) >= 500:  # a cluster's keys span slots: one at a time
                deleted += await self.redis.unlink(*batch)
                batch = []
        if batch:
            deleted += await self.redis.unlink(*batch)
        return deleted


def _machine_busy() -> float:
    """CPU seconds all cores spent busy since boot (``/proc/stat``)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _mean(values: list[int]) -> float:
    return sum(values) / len(values) if values else math.nan


# --- reports --------------------------------------------------------------------------------------


def phase_row(s: Stats) -> list[str]:
    acks, first, last = s.all(s.acks), s.all(s.first), s.all(s.last)
    server = s.name.split()[0]
    cpu = s.cpu.get(server, math.nan)
    per_turn = cpu / s.sent * 1000 if s.sent else math.nan
    return [s.name, f"{s.offered:g}" if s.offered else "max", f"{s.throughput:.0f}",
            ms(pct(acks, 50)), ms(pct(acks, 99)), ms(pct(first, 50)), ms(pct(first, 99)),
            ms(pct(last, 99)), f"{per_turn:.2f}", f"{s.cpu.get('generator', 0) / max(s.sent, 1) * 1000:.2f}",
            f"{s.sent}", f"{s.errors}/{s.failed}/{s.lost}/{s.bad}/{s.mismatched}/{s.starved}",
            ms(pct(s.loop_lag, 99)),
            f"{s.cpu.get('others', math.nan) / max(s.cpu.get('wall', 1), 1e-9):.2f}"]


PHASE_HEADER = ["phase", "offered req/s", "turns/s", "ack p50 ms", "ack p99 ms",
                "reply p50 ms", "reply p99 ms", "last reply p99 ms", "server CPU ms/turn",
                "generator CPU ms/turn", "requests", "http/failed/lost/bad/mism/starved",
                "generator lag p99 ms", "other processes' CPU (cores)"]


def kind_rows(s: Stats) -> list[list[str]]:
    rows = []
    for kind in sorted(s.acks):
        rows.append([s.name, kind, str(len(s.acks[kind])), ms(pct(s.acks[kind], 50)),
                     ms(pct(s.acks[kind], 99)), ms(pct(s.first[kind], 50)),
                     ms(pct(s.first[kind], 99)), ms(pct(s.last[kind], 99))])
    return rows


KIND_HEADER = ["phase", "request", "n", "ack p50 ms", "ack p99 ms", "reply p50 ms",
               "reply p99 ms", "last reply p99 ms"]


def ratio_rows(results: dict[str, Stats]) -> list[list[str]]:
    rows = []
    for mode in ("open", "closed"):
        f, b = results.get(f"floor {mode}"), results.get(f"bot {mode}")
        if f is None or b is None:
            continue
        for label, fv, bv in (
            ("turns/s", f.throughput, b.throughput),
            ("ack p99", pct(f.all(f.acks), 99), pct(b.all(b.acks), 99)),
            ("reply p99", pct(f.all(f.first), 99), pct(b.all(b.first), 99)),
            ("server CPU per turn", f.cpu["floor"] / max(f.sent, 1),
             b.cpu["bot"] / max(b.sent, 1)),
        ):
            unit = "" if label == "turns/s" else " ms"
            scale = 1 if label == "turns/s" else 1000
            rows.append([mode, label, f"{fv * scale:.1f}{unit}", f"{bv * scale:.1f}{unit}",
                         f"{bv / fv:.2f}" if fv else "-"])
    return rows


def rss_summary(rss: list[tuple[float, str, int]], server: str) -> list[list[str]]:
    by_phase: dict[str, list[int]] = collections.defaultdict(list)
    for _, label, kib in rss:
        name, phase = label.split("|", 1)
        if name == server:
            by_phase[phase].append(kib)
    return [[server, phase, f"{min(v) / 1024:.1f}", f"{max(v) / 1024:.1f}", f"{v[-1] / 1024:.1f}"]
            for phase, v in by_phase.items()]


# --- profile analysis (py-spy raw / collapsed stacks) ------------------------------------------------

_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")
GROUPS = (
    ("slack_bolt (dispatch, middleware, listeners)", "slack_bolt/"),
    ("slack_sdk (Web API client, signature)", "slack_sdk/"),
    ("botbuilder / botframework / msrest", ("botbuilder/", "botframework/", "msrest/")),
    ("bot/turns.py TurnRunner.run", "bot/turns.py"),
    ("dialogs (engine step, scoring)", "dialogs/"),
    ("knowledge (retrieval)", "knowledge/"),
    ("bot/slack/render.py", "bot/slack/render.py"),
    ("bot/teams/render.py", "bot/teams/render.py"),
    ("bot/store (session store)", "bot/store/"),
    ("redis-py", "site-packages/redis/"),
    ("pydantic", ("pydantic/", "pydantic_core/")),
    ("aiohttp server (web_protocol)", "aiohttp/web_protocol.py"),
    ("aiohttp client", "aiohttp/client.py"),
    ("logging", "logging/"),
    ("json", "json/"),
)


def _short(path: str) -> str:
    for marker in ("site-packages/", "/work/main/", "lib/python3.11/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def analyze(path: Path, top: int = 25) -> str:
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    groups: collections.Counter[str] = collections.Counter()
    total = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = []
        for raw in stack.split(";"):
            m = _FRAME.match(raw)
            frames.append((m.group("func"), _short(m.group("file"))) if m else (raw, ""))
        names = [f"{file}:{func}" for func, file in frames]
        for name in set(names):
            inclusive[name] += n
        own[names[-1]] += n
        files = " ".join(file for _, file in frames)
        for label, needle in GROUPS:
            needles = needle if isinstance(needle, tuple) else (needle,)
            if any(nd in files or nd in stack for nd in needles):
                groups[label] += n
    if not total:
        return f"{path}: no samples"

    def share(n: int) -> str:
        return f"{100 * n / total:.1f}%"

    out = [f"{path}: {total} samples (CPU only; idle waiting is not sampled)", "",
           "Inclusive time by area (a stack counts in every area it passes through):", "",
           table(["area", "share"], [[k, share(v)] for k, v in groups.most_common()]), "",
           f"Top {top} functions, inclusive:", "",
           table(["function", "share"], [[k, share(v)] for k, v in inclusive.most_common(top)]),
           "", f"Top {top} functions, self:", "",
           table(["function", "share"], [[k, share(v)] for k, v in own.most_common(top)])]
    return "\n".join(out)


# --- main ---------------------------------------------------------------------------------------


async def run(args: argparse.Namespace) -> dict[str, Any]:
    load = Load(args)
    results: dict[str, Stats] = {}
    report: dict[str, Any] = {"run": load.run_id, "args": vars(args)}
    monitors: list[asyncio.Task[None]] = []
    await load.slack_api.start()
    await load.connector.start()
    if args.redis_mode == "cluster":
        load.redis = RedisCluster.from_url(args.redis_url)
    else:
        load.redis = Redis.from_url(args.redis_url, retry=Retry(ExponentialBackoff(), 5),
                                    retry_on_error=[RedisConnectionError])
    await load.redis.ping()
    load.http = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=args.connections),
        timeout=aiohttp.ClientTimeout(total=args.reply_timeout),
    )
    targets = [t for t in args.targets.split(",") if t]
    try:
        print(f"bench run {load.run_id}: preparing scripts and servers ({load.workdir})",
              file=sys.stderr)
        for target in targets:
            load.conversations(target)
        await load.start_servers()
        monitors = [asyncio.create_task(load.lag_monitor()),
                    asyncio.create_task(load.rss_monitor(5.0 if args.soak else 1.0))]
        redis_cpu0 = await _redis_cpu(load.redis)
        conns0 = await _redis_connections(load.redis)
        for target in targets:
            print(f"  {target}: warm-up", file=sys.stderr)
            results[f"{target} warm-up"] = await load.warm_up(target)
            await load.idle()
            if args.soak:
                continue
            for rate in args.rates:
                name = f"{target} open" if rate == args.rates[0] else f"{target} open@{rate:g}"
                print(f"  {target}: open loop {rate:g} req/s for {args.duration:g} s", file=sys.stderr)
                results[name] = await load.open_loop(target, rate, args.duration, name)
                await load.idle()
            print(f"  {target}: closed loop, {args.concurrency} users, {args.duration:g} s",
                  file=sys.stderr)
            results[f"{target} closed"] = await load.closed_loop(
                target, args.concurrency, args.duration, f"{target} closed")
            await load.idle()
        if args.soak:
            report["soak"] = await soak(load, args)
        report["redis_cpu_s"] = await _redis_cpu(load.redis) - redis_cpu0
        report["redis_connections"] = await _redis_connections(load.redis) - conns0
        report["redis"] = {t: await load.redis_bytes(f"{load.prefix}:{t}") for t in targets}
    finally:
        for task in monitors:
            task.cancel()
        for server in load.servers.values():
            server.stop()
        report["log_problems"] = {n: s.log_problems() for n, s in load.servers.items()}
        report["rss"] = load.rss
        if load.http is not None:
            await load.http.close()
        report["redis_keys_deleted"] = await load.cleanup_redis()
        await load.redis.aclose()
        await load.slack_api.close()
        await load.connector.stop()
        report["stray_replies"] = load.stray
        report["standin_calls"] = dict(load.slack_api.counts) | {
            "connector": load.connector.count,
            "connector TCP connections": len(load.connector.peers)}
        if args.keep_logs:
            report["workdir"] = str(load.workdir)
        else:
            shutil.rmtree(load.workdir, ignore_errors=True)
    report["results"] = results
    return report


async def soak(load: Load, args: argparse.Namespace) -> dict[str, Any]:
    """The bot alone at ``--rate`` for ``--soak`` seconds, in one-minute windows."""
    windows = []
    minutes = max(1, math.ceil(args.soak / 60))
    for minute in range(minutes):
        span = min(60.0, args.soak - minute * 60)
        name = f"soak min {minute + 1}"
        print(f"  bot: {name}", file=sys.stderr)
        stats = await load.open_loop("bot", args.rates[0], span, name)
        rss = [kib for _, label, kib in load.rss if label == f"bot|{name}"]
        windows.append((stats, rss))
    return {"windows": windows}


async def _redis_info(redis: Redis | RedisCluster, section: str) -> list[dict[str, Any]]:
    """``INFO section`` of the server, or of every primary of a cluster."""
    if isinstance(redis, RedisCluster):
        per_node = await redis.info(section, target_nodes=RedisCluster.PRIMARIES)
        return [dict(v) for v in per_node.values()]
    return [dict(await redis.info(section))]


async def _redis_cpu(redis: Redis | RedisCluster) -> float:
    """CPU seconds Redis has used (every primary's, summed, on a cluster)."""
    infos = await _redis_info(redis, "cpu")
    return sum(float(i["used_cpu_sys"]) + float(i["used_cpu_user"]) for i in infos)


async def _redis_connections(redis: Redis | RedisCluster) -> int:
    return sum(int(i["total_connections_received"]) for i in await _redis_info(redis, "stats"))


def print_report(report: dict[str, Any], args: argparse.Namespace) -> None:
    results: dict[str, Stats] = report["results"]
    print(f"\n## Load vs floor (run {report['run']}, {os.cpu_count()} cores shared by generator, "
          "stand-ins, servers and Redis)\n")
    print(f"Mix: Slack clicks and DM questions over {args.slack_conversations} DM conversations, "
          f"Teams card submits over {args.teams_conversations} conversations "
          f"({args.teams_share:.0%} of requests); {args.scripts} distinct assessments. "
          "Latencies in ms; open loop counts from the scheduled send time. "
          "reply = first reply message at the stand-in, last reply = the turn's last message. "
          "http = non-2xx acknowledgements, failed = the bot's polite failure reply (e.g. "
          "store unavailable), lost = fewer replies than expected within the timeout, bad = "
          "replies the stand-in refused, mism = reply not for the request's message/activity, "
          "starved = no idle conversation to send on.\n")
    if args.what_if:
        print(f"**What-if run**: the bot was launched with these proposed fixes applied as patches "
              f"at start-up (product code unchanged): {', '.join(args.what_if)}.\n")
    print(table(PHASE_HEADER, [phase_row(s) for s in results.values()
                               if "warm-up" not in s.name]))
    print("\nBy request kind:\n")
    print(table(KIND_HEADER, [r for s in results.values() if "warm-up" not in s.name
                              and "soak" not in s.name for r in kind_rows(s)]))
    per_process = process_rows(results)
    if per_process:
        print("\nPer process (CPU ms per request the generator addressed to it"
              + (f"; B = {args.ab_tree}" + (f" with {', '.join(args.ab_what_if)}"
                                             if args.ab_what_if else "") if args.ab_tree else "")
              + "):\n")
        print(table(["phase", "process", "requests", "CPU ms/request", "vs first process"],
                    per_process))
    ratios = ratio_rows(results)
    if ratios:
        print("\nBot vs floor (ratio = bot / floor):\n")
        print(table(["mode", "measure", "floor", "bot", "ratio"], ratios))
        target_checks(results)
    print("\nRSS (MiB) by phase:\n")
    rows = [r for name in ("bot", "floor") for r in rss_summary(report["rss"], name)]
    print(table(["server", "phase", "min", "max", "last"], rows))
    print("\nRedis memory (MEMORY USAGE, bytes; value = JSON length):\n")
    rrows = []
    for target, kinds in report.get("redis", {}).items():
        for kind, v in kinds.items():
            if v["keys"]:
                rrows.append([target, kind, v["keys"], f"{v['mean_bytes']:.0f}",
                              f"{v['median_bytes']:.0f}", f"{v['mean_value_bytes']:.0f}"])
    print(table(["server", "key", "keys", "mean", "median", "mean value"], rrows))
    if "soak" in report:
        print_soak(report["soak"])
    print(f"\nRedis CPU over the run: {report.get('redis_cpu_s', math.nan):.1f} s; "
          f"connections accepted by Redis during the run (all clients, ours and others'): "
          f"{report.get('redis_connections', '?')}. "
          f"Stand-in calls: {report['standin_calls']}. Stray replies: {report['stray_replies']}. "
          f"Keys deleted after the run: {report['redis_keys_deleted']}.")
    for name, problems in report["log_problems"].items():
        print(f"{name} log: {sum(problems.values())} warning/error lines"
              + "".join(f"\n    {n} x {p}" for p, n in problems.most_common(8)))


def process_rows(results: dict[str, Stats]) -> list[list[str]]:
    """CPU per request of each process of a multi-process group, phase by phase."""
    rows = []
    for s in results.values():
        names = sorted({k.split("#")[0] for k in s.cpu if k.endswith("#cpu")})
        base = math.nan
        for i, name in enumerate(names):
            sent = s.cpu.get(f"{name}#sent", 0.0)
            per = s.cpu[f"{name}#cpu"] / sent * 1000 if sent else math.nan
            if i == 0:
                base = per
            rows.append([s.name, name, f"{sent:.0f}", f"{per:.3f}", f"{per / base:.3f}"])
    return rows


def target_checks(results: dict[str, Stats]) -> None:
    checks = []
    fc, bc = results.get("floor closed"), results.get("bot closed")
    if fc and bc:
        ratio = bc.throughput / fc.throughput
        checks.append(["throughput >= half the floor's (closed loop)", f"{ratio:.2f}",
                       "yes" if ratio >= 0.5 else "NO"])
    bo = results.get("bot open")
    if bo:
        p99 = pct(bo.all(bo.acks), 99)
        checks.append([f"p99 ack < 50 ms at {bo.offered:g} req/s", f"{p99 * 1000:.1f} ms",
                       "yes" if p99 < 0.05 else "NO"])
    print("\nTargets (issue 7):\n")
    print(table(["target", "measured", "met"], checks))


def print_soak(soak_report: dict[str, Any]) -> None:
    rows = []
    windows = soak_report["windows"]
    for stats, rss in windows:
        wall = max(stats.cpu.get("wall", 0.0), 1e-9)
        rows.append([stats.name, stats.sent, f"{stats.throughput:.0f}", ms(pct(stats.all(stats.acks), 99)),
                     ms(pct(stats.all(stats.first), 99)),
                     f"{stats.cpu.get('bot', math.nan) / max(stats.sent, 1) * 1000:.2f}",
                     f"{stats.cpu.get('others', math.nan) / wall:.2f}",
                     f"{stats.errors}/{stats.failed}/{stats.lost}/{stats.bad}/{stats.mismatched}",
                     f"{sum(rss) / len(rss) / 1024:.1f}" if rss else "-",
                     f"{max(rss) / 1024:.1f}" if rss else "-"])
    print("\nSoak (bot alone, one row a minute):\n")
    print(table(["window", "requests", "turns/s", "ack p99 ms", "reply p99 ms",
                 "bot CPU ms/turn", "other processes (cores)",
                 "http/failed/lost/bad/mism", "RSS mean MiB", "RSS max MiB"], rows))
    first, last = windows[0][1], windows[-1][1]
    if first and last:
        a, b = sum(first) / len(first), sum(last) / len(last)
        growth = (b - a) / a
        print(f"\nRSS first minute {a / 1024:.1f} MiB, last minute {b / 1024:.1f} MiB: "
              f"growth {growth:+.1%} (target < 10%: {'met' if growth < 0.10 else 'NOT met'})")


def to_json(report: dict[str, Any]) -> dict[str, Any]:
    def stats(s: Stats) -> dict[str, Any]:
        acks, first, last = s.all(s.acks), s.all(s.first), s.all(s.last)
        return {"offered": s.offered, "sent": s.sent, "completed": s.completed,
                "throughput": s.throughput, "errors": s.errors, "lost": s.lost, "bad": s.bad,
                "mismatched": s.mismatched, "starved": s.starved, "failed": s.failed, "cpu_s": s.cpu,
                "ack_p50": pct(acks, 50), "ack_p99": pct(acks, 99),
                "reply_p50": pct(first, 50), "reply_p99": pct(first, 99),
                "last_reply_p99": pct(last, 99), "loop_lag_p99": pct(s.loop_lag, 99)}

    out = {k: v for k, v in report.items() if k not in ("results", "soak", "rss")}
    out["results"] = {k: stats(v) for k, v in report["results"].items()}
    if "soak" in report:
        out["soak"] = [{**stats(s), "rss_kib": rss} for s, rss in report["soak"]["windows"]]
    return out


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--redis-url", default=os.environ.get("ADVISOR_BENCH_REDIS_URL",
                                                         "redis://127.0.0.1:6379/14"))
    p.add_argument("--redis-mode", choices=("standalone", "cluster"), default="standalone",
                   help="ADVISOR_REDIS_MODE of the bot processes (cluster: --targets bot)")
    p.add_argument("--start-cluster", action="store_true",
                   help="start a loopback Redis Cluster (3 masters + 3 replicas) for the run "
                        "and use it (implies --redis-mode cluster)")
    p.add_argument("--targets", default="floor,bot", help="comma-separated: floor, bot")
    p.add_argument("--rates", default="200", help="open-loop rates, req/s, comma-separated")
    p.add_argument("--duration", type=float, default=20.0, help="seconds per phase")
    p.add_argument("--max-requests", type=int, default=20_000, help="cap per phase")
    p.add_argument("--concurrency", type=int, default=32, help="closed-loop users")
    p.add_argument("--slack-conversations", type=int, default=400)
    p.add_argument("--teams-conversations", type=int, default=100)
    p.add_argument("--teams-share", type=float, default=0.2, help="share of Teams requests")
    p.add_argument("--scripts", type=int, default=24, help="distinct answer vectors")
    p.add_argument("--reply-timeout", type=float, default=15.0)
    p.add_argument("--connections", type=int, default=512, help="client connection cap")
    p.add_argument("--floor-ack-after", action="store_true",
                   help="the floor works before acknowledging (default: ack first, like the bot)")
    p.add_argument("--soak", type=float, default=0.0,
                   help="seconds: run only the bot at the first rate, report RSS growth")
    p.add_argument("--profile", default=None, help="directory: run the servers under py-spy")
    p.add_argument("--analyze", default=None, help="print the summary of a py-spy raw profile")
    p.add_argument("--json", default=None, help="also write the results as JSON here")
    p.add_argument("--keep-logs", action="store_true", help="keep the servers' logs")
    p.add_argument("--bot-processes", type=int, default=1,
                   help="advisor serve processes, each on its own port; conversations are "
                        "spread evenly over them (like pods behind a balancer with affinity)")
    p.add_argument("--floor-processes", type=int, default=1, help="floor processes, likewise")
    p.add_argument("--ab-tree", default=None,
                   help="A/B in one run: every second bot process runs the source tree at this "
                        "path (a git worktree of another commit); CPU per request is reported "
                        "per process, so both sides share the machine's noise")
    p.add_argument("--ab-what-if", default="",
                   help="comma-separated what-ifs for the B side only")
    p.add_argument("--what-if", default="",
                   help=f"comma-separated proposed fixes to apply to the bot at launch "
                        f"(product code untouched): {', '.join(WHAT_IF)}; all = every fix "
                        f"(not the diagnostics: {', '.join(sorted(DIAGNOSTICS))})")
    args = p.parse_args(argv)
    args.rates = [float(r) for r in str(args.rates).split(",") if r]
    args.what_if = [n for n in WHAT_IF if n not in DIAGNOSTICS] if args.what_if == "all" else [
        n for n in str(args.what_if).split(",") if n]
    args.ab_what_if = [n for n in str(args.ab_what_if).split(",") if n]
    if (args.ab_tree or args.ab_what_if) and args.bot_processes < 2:
        args.bot_processes = 2
    if args.ab_what_if and not args.ab_tree:
        args.ab_tree = str(REPO)
    if args.soak:
        args.targets = "bot"
        args.max_requests = max(args.max_requests, int(args.rates[0] * 61))
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.analyze:
        print(analyze(Path(args.analyze)))
        return
    if args.start_cluster:
        from tests.support.redis_cluster import running_cluster

        with tempfile.TemporaryDirectory() as tmp, running_cluster(
            Path(tmp), needed_by="bench/load.py --start-cluster"
        ) as cluster:
            args.redis_url, args.redis_mode = cluster.url, "cluster"
            report = asyncio.run(run(args))
    else:
        report = asyncio.run(run(args))
    print_report(report, args)
    if args.json:
        Path(args.json).write_text(json.dumps(to_json(report), indent=2, default=str))
    if args.profile:
        for name in args.targets.split(","):
            path = Path(args.profile) / f"{name}.pyspy.txt"
            if path.exists():
                print("\n" + analyze(path))


if __name__ == "__main__":
    main()
