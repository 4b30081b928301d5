"""Turns per second through the session store, against a floor of raw GET + SET, and memory.

One turn through the store is what the turn boundary does: ``load`` (GET + JSON validation) and
``save`` (the compare-and-set Lua script, SET ... EX). The floor is a raw ``GET`` and
``SET ... EX`` of the same JSON on the same connection pool in the same run, without parsing:
the ratio is what the store's safety costs. Each concurrent worker owns one conversation, so
this measures the store, not contention. ``MEMORY USAGE`` is measured on a realistic finished
session (8 answers, 8 history steps, 3 inferred answers with their evidence).

    .venv/bin/python bench/bench_store.py [--redis-url URL] [--turns N] [--concurrency 1,16]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable

from bot.store.base import SessionStore
from bot.store.memory import MemorySessionStore
from bot.store.redis import RedisSessionStore
from dialogs.replies import Inferred
from dialogs.session import Session, Step

TTL = 7 * 24 * 3600


def realistic_session() -> Session:
    answers = {
        "decision_owner": "client",
        "accountability": "client",
        "scope": "partly",
        "measurability": "entangled",
        "interfaces": "some_change",
        "change_rate": "fast",
        "domain_coupling": "deep",
        "leadership": "strong",
    }
    previous = {"scope": "bounded", "change_rate": "moderate"}
    return Session(
        stage="done",
        answers=answers,
        inferred={
            "change_rate": Inferred(
                value="fast", evidence="requirements change every sprint, sometimes mid-sprint"
            ),
            "leadership": Inferred(
                value="strong", evidence="our principal engineer leads architecture reviews"
            ),
            "domain_coupling": Inferred(
                value="deep", evidence="the pricing engine encodes twenty years of actuarial rules"
            ),
        },
        history=[Step(factor=f, previous=previous.get(f)) for f in answers],
        current=None,
        early_offered=True,
        turns=14,
        assessments=1,
    )


async def run_turns(
    turn: Callable[[int], Awaitable[None]], workers: int, turns: int
) -> tuple[float, list[float]]:
    """Turns per second and per-turn latencies (seconds), ``workers`` at a time."""
    latencies: list[float] = []
    per_worker = max(1, turns // workers)

    async def worker(n: int) -> None:
        for _ in range(per_worker):
            start = time.perf_counter()
            await turn(n)
            latencies.append(time.perf_counter() - start)

    start = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(workers)))
    return len(latencies) / (time.perf_counter() - start), latencies


def store_turn(store: SessionStore, keys: list[str]) -> Callable[[int], Awaitable[None]]:
    async def turn(n: int) -> None:
        session = await store.load(keys[n])
        assert session is not None
        await store.save(
            keys[n], session.model_copy(update={"turns": session.turns + 1}), expected_rev=session.rev
        )

    return turn


def raw_turn(store: RedisSessionStore, names: list[str], payload: str) -> Callable[[int], Awaitable[None]]:
    client = store.client

    async def turn(n: int) -> None:
        await client.get(names[n])
        await client.set(names[n], payload, ex=TTL)

    return turn


def ms(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] * 1000 if len(values) > 1 else 0.0


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("ADVISOR_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
    )
    parser.add_argument("--turns", type=int, default=4000, help="turns per measurement")
    parser.add_argument("--concurrency", default="1,16", help="comma-separated worker counts")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]

    prefix = f"advisor-bench:{uuid.uuid4().hex[:12]}"
    store = RedisSessionStore.from_url(args.redis_url, prefix=prefix, ttl_seconds=TTL)
    memory = MemorySessionStore(prefix=prefix, ttl_seconds=TTL)
    session = realistic_session()
    payload = session.model_copy(update={"rev": 1}).to_json()
    keys = [f"slack:T0BENCH01:C0BENCH{n:03d}:1700000000.{n:06d}" for n in range(max(levels))]
    raw_names = [f"{prefix}:raw:{{{key}}}" for key in keys]
    rows: list[tuple[str, str, str, str, str]] = []
    try:
        await store.ping()
        for key in keys:
            await store.save(key, session, expected_rev=0)
            await memory.save(key, session, expected_rev=0)
            await store.client.set(raw_names[keys.index(key)], payload, ex=TTL)
        await run_turns(store_turn(store, keys), 1, 200)  # warm up pool, scripts, pydantic
        await run_turns(raw_turn(store, raw_names, payload), 1, 200)

        for workers in levels:
            floor_rate, floor_lat = await run_turns(
                raw_turn(store, raw_names, payload), workers, args.turns
            )
            rate, lat = await run_turns(store_turn(store, keys), workers, args.turns)
            mem_rate, mem_lat = await run_turns(store_turn(memory, keys), workers, args.turns)
            rows += [
                (f"raw GET+SET EX (floor), c={workers}", f"{floor_rate:,.0f}",
                 f"{ms(floor_lat, 50):.3f}", f"{ms(floor_lat, 99):.3f}", ""),
                (f"store load+save CAS, c={workers}", f"{rate:,.0f}",
                 f"{ms(lat, 50):.3f}", f"{ms(lat, 99):.3f}", f"{rate / floor_rate:.2f}"),
                (f"memory store load+save, c={workers}", f"{mem_rate:,.0f}",
                 f"{ms(mem_lat, 50):.3f}", f"{ms(mem_lat, 99):.3f}", ""),
            ]

        name = store.keys.session(keys[0])
        usage = await store.client.memory_usage(name, samples=0)
        stored = await store.client.get(name)
        assert await store.claim("slack:T0BENCH01:Ev0BENCH", 3600, keys[0])
        claim_usage = await store.client.memory_usage(
            store.keys.claim(keys[0], "slack:T0BENCH01:Ev0BENCH"), samples=0
        )
    finally:
        names = [n async for n in store.client.scan_iter(match=f"{prefix}:*", count=500)]
        if names:
            await store.client.delete(*names)
        await store.close()

    header = ("measurement", "turns/s", "p50 ms", "p99 ms", "store/floor")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    print(f"Redis {args.redis_url}, {args.turns} turns per row, one conversation per worker")
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(row, widths, strict=True))))
    print()
    print(f"session JSON                     {len(stored or b''):>6} bytes")
    print(f"MEMORY USAGE per session         {usage:>6} bytes  (key {len(name)} chars)")
    print(f"MEMORY USAGE per event claim     {claim_usage:>6} bytes")


if __name__ == "__main__":
    asyncio.run(main())
