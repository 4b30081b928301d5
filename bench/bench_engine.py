"""Engine turns per second: the pure ``dialogs.engine.step``, and through ``bot.turns.TurnRunner``.

Whole conversations, as users have them: ``start``, then each answer the engine asks for (the
answers drawn from a fixed set of answer vectors, so some assessments finish early), with one
knowledge-base question after the second answer. Measured in one process, no I/O:

* the pure engine over whole conversations (turns/s), and each kind of turn on its own
  (start, answer, KB question, the answer that produces the recommendation): p50/p99 in µs;
* the renderers a platform adds to a turn: Slack Block Kit (``to_messages``) and Teams
  Adaptive Cards (``render_all``), and the session's JSON round trip (what the store adds);
* ``TurnRunner.run`` on the in-memory store: claim, load, step, compare-and-set save, metrics
  and the turn log line, one conversation at a time and ``--concurrency`` at once.

    .venv/bin/python bench/bench_engine.py [--conversations 48] [--repeat 5] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.settings import load_settings
from bot.slack.render import RenderOptions, to_messages
from bot.store.memory import MemorySessionStore
from bot.teams.render import render_all
from bot.turns import TurnRunner
from dialogs import factors as F
from dialogs.engine import step
from dialogs.replies import Reply
from dialogs.session import Session
from dialogs.turn import AnswerAction, CommandAction, Turn
from knowledge import KnowledgeBase, load_default

QUESTIONS = (
    "what is an SLA?",
    "can we mix the two models?",
    "who owns the architecture in staff augmentation?",
    "how often should governance meetings happen?",
)


@dataclass(frozen=True, slots=True)
class Scripted:
    kind: str  # start | answer | question | final
    turn: Turn


def conversation(n: int, vector: dict[str, str], kb: KnowledgeBase) -> list[Scripted]:
    """One whole assessment for conversation ``n`` (computed once, replayed by every measure)."""
    common: dict[str, Any] = {"platform": "slack", "tenant": "T0BENCH", "conversation": f"D{n:05d}",
                              "user": f"U{n:05d}", "surface": "dm"}
    seq = iter(range(1, 10_000))
    out: list[Scripted] = []

    def turn(**kw: Any) -> Turn:
        return Turn(**common, event_id=f"Ev{n:05d}-{next(seq)}", **kw)

    start = turn(action=CommandAction(command="start"))
    out.append(Scripted("start", start))
    session, _ = step(None, start, kb)
    answered = 0
    while session is not None and session.stage == "asking" and session.current:
        factor = session.current
        t = turn(action=AnswerAction(factor=factor, answer=vector[factor]))
        session, _ = step(session, t, kb)
        done = session is None or session.stage != "asking"
        out.append(Scripted("final" if done else "answer", t))
        answered += 1
        if answered == 2 and session is not None and session.stage == "asking":
            q = turn(text=QUESTIONS[n % len(QUESTIONS)])
            session, _ = step(session, q, kb)
            out.append(Scripted("question", q))
    return out


def replay(script: list[Scripted], kb: KnowledgeBase,
           timings: dict[str, list[float]] | None = None) -> list[tuple[str, list[Reply]]]:
    session: Session | None = None
    out = []
    for s in script:
        if timings is None:
            session, replies = step(session, s.turn, kb)
        else:
            t0 = time.perf_counter()
            session, replies = step(session, s.turn, kb)
            timings[s.kind].append(time.perf_counter() - t0)
        out.append((s.kind, replies))
    return out


def q(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def us(value: float) -> str:
    return f"{value * 1e6:,.0f}"


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(header), "| " + " | ".join("-" * w for w in widths) + " |",
                      *(line(r) for r in rows)])


def timed(fn: Callable[[], Any], repeat: int) -> float:
    """Median seconds of ``repeat`` runs of ``fn``."""
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


async def runner_rate(scripts: list[list[Scripted]], kb: KnowledgeBase, concurrency: int,
                      rounds: int) -> tuple[float, list[float]]:
    """Turns/s through TurnRunner on the memory store; ``concurrency`` conversations at once."""
    settings = load_settings(_env_file=None)
    store = MemorySessionStore(ttl_seconds=settings.advisor_session_ttl_seconds, prefix="bench")
    runner = TurnRunner(store=store, kb=kb, settings=settings)
    latencies: list[float] = []
    turns = 0

    async def one(script: list[Scripted], round_no: int) -> None:
        nonlocal turns
        for s in script:
            # a fresh event id each round, or the claim would (rightly) drop the turn
            turn = s.turn.model_copy(update={"event_id": f"{s.turn.event_id}-r{round_no}"})
            t0 = time.perf_counter()
            result = await runner.run(turn)
            latencies.append(time.perf_counter() - t0)
            assert result.outcome == "ok", result.outcome
            turns += 1

    t0 = time.perf_counter()
    for round_no in range(rounds):
        for i in range(0, len(scripts), concurrency):
            await asyncio.gather(*(one(s, round_no) for s in scripts[i:i + concurrency]))
    return turns / (time.perf_counter() - t0), latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=48)
    parser.add_argument("--repeat", type=int, default=5, help="repetitions (median reported)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    logging.getLogger("advisor").setLevel(logging.WARNING)  # the turn log line is INFO

    t0 = time.perf_counter()
    kb = load_default()
    kb_load = time.perf_counter() - t0
    rng = random.Random(args.seed)
    vectors = [{f.id: rng.choice(f.answer_ids) for f in F.FACTORS}
               for _ in range(args.conversations)]
    scripts = [conversation(n, v, kb) for n, v in enumerate(vectors)]
    total_turns = sum(len(s) for s in scripts)
    for s in scripts:  # warm caches (what-if tables, pydantic validators)
        replay(s, kb)

    # 1. the pure engine over whole conversations
    whole = timed(lambda: [replay(s, kb) for s in scripts], args.repeat)
    timings: dict[str, list[float]] = defaultdict(list)
    outputs = []
    for _ in range(args.repeat):
        outputs = [replay(s, kb, timings) for s in scripts]

    # 2. what the platforms and the store add to a turn
    replies_by_kind: dict[str, list[list[Reply]]] = defaultdict(list)
    for conv in outputs:
        for kind, replies in conv:
            replies_by_kind[kind].append(replies)
    slack_opts = RenderOptions(surface="dm")
    render_rows = []
    for kind in ("start", "answer", "question", "final"):
        sets = replies_by_kind[kind]
        if not sets:
            continue
        slack = timed(lambda sets=sets: [to_messages(r, slack_opts) for r in sets], args.repeat)
        teams = timed(lambda sets=sets: [render_all(r) for r in sets], args.repeat)
        render_rows.append([kind, str(len(sets)), us(slack / len(sets)), us(teams / len(sets))])
    sessions = []
    for s in scripts:
        current: Session | None = None
        for scripted in s:
            current, _ = step(current, scripted.turn, kb)
        if current is not None:
            sessions.append(current)
    blobs = [x.to_json() for x in sessions]
    enc = timed(lambda: [x.to_json() for x in sessions], args.repeat) / len(sessions)
    dec = timed(lambda: [Session.from_json(b) for b in blobs], args.repeat) / len(blobs)
    copy = timed(lambda: [x.model_copy(deep=True) for x in sessions], args.repeat) / len(sessions)

    # 3. through the turn boundary on the memory store
    seq_rate, seq_lat = asyncio.run(runner_rate(scripts, kb, 1, args.repeat))
    conc_rate, conc_lat = asyncio.run(runner_rate(scripts, kb, args.concurrency, args.repeat))

    print(f"## Engine ({args.conversations} conversations, {total_turns} turns per pass, "
          f"median of {args.repeat}; knowledge base loaded and indexed in {kb_load * 1000:.0f} ms)\n")
    print(table(["measure", "turns/s", "µs/turn"], [
        ["engine.step, whole conversations", f"{total_turns / whole:,.0f}",
         us(whole / total_turns)],
        ["TurnRunner.run, memory store, 1 conversation at a time", f"{seq_rate:,.0f}",
         us(1 / seq_rate)],
        [f"TurnRunner.run, memory store, {args.concurrency} conversations at once",
         f"{conc_rate:,.0f}", us(1 / conc_rate)],
    ]))
    print("\nengine.step by kind of turn (µs):\n")
    rows = []
    for kind in ("start", "answer", "question", "final"):
        v = timings.get(kind, [])
        if v:
            rows.append([kind, str(len(v)), us(q(v, 50)), us(q(v, 99)), us(statistics.fmean(v))])
    print(table(["turn", "n", "p50", "p99", "mean"], rows))
    print("\nTurnRunner.run latency (µs): 1 at a time p50 "
          f"{us(q(seq_lat, 50))}, p99 {us(q(seq_lat, 99))}; {args.concurrency} at once p50 "
          f"{us(q(conc_lat, 50))}, p99 {us(q(conc_lat, 99))} (includes waiting for the loop)")
    print("\nWhat a platform adds per turn, rendering the turn's replies (µs, mean):\n")
    print(table(["turn", "n", "Slack to_messages", "Teams render_all"], render_rows))
    print(f"\nSession JSON ({statistics.fmean(len(b) for b in blobs):.0f} bytes mean): "
          f"encode {us(enc)} µs, decode+validate {us(dec)} µs, deep copy {us(copy)} µs")


if __name__ == "__main__":
    main()
