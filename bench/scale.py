"""Scale (issue 16.6): the same mixed load against 1, 2 and 3 ``advisor serve`` processes on a
loopback Redis Cluster (three masters, one replica each), by ``bench/load.py --start-cluster``.

Rounds alternate the order (1, 2, 3, then 3, 2, 1, ...) so a drift of this shared machine's
speed does not favour one count; each count's median over the rounds is reported: turns/s,
server CPU ms per turn (all processes), Redis CPU ms per turn (all primaries) and the CPU the
rest of the machine used meanwhile (its noise).

    PYTHONPATH=. .venv/bin/python bench/scale.py --rounds 2 --duration 20
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
MEASURES = ("turns_per_s", "server_cpu_ms_per_turn", "redis_cpu_ms_per_turn",
            "generator_cpu_ms_per_turn", "other_processes_cores", "reply_p99_ms")


def one(processes: int, args: argparse.Namespace, out: Path) -> dict[str, Any]:
    argv = [sys.executable, str(REPO / "bench" / "load.py"), "--start-cluster",
            "--processes", str(processes), "--concurrency", str(args.users),
            "--duration", str(args.duration), "--json", str(out)]
    subprocess.run(argv, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                   stdout=subprocess.DEVNULL, check=True)
    report: dict[str, Any] = json.loads(out.read_text())
    phase: dict[str, Any] = report["phases"][f"closed {args.users}"]
    return phase


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--counts", default="1,2,3", help="process counts")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--users", type=int, default=32, help="closed-loop users (the same load)")
    p.add_argument("--duration", type=float, default=20.0)
    p.add_argument("--json", default=None)
    args = p.parse_args(argv)
    counts = [int(c) for c in args.counts.split(",")]
    runs: dict[int, list[dict[str, Any]]] = {n: [] for n in counts}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for n in counts if r % 2 == 0 else list(reversed(counts)):
                phase = one(n, args, Path(tmp) / f"{r}-{n}.json")
                runs[n].append(phase)
                print(f"round {r + 1}, {n} process(es): {phase['turns_per_s']:.0f} turns/s, "
                      f"{phase['server_cpu_ms_per_turn']:.2f} ms/turn", file=sys.stderr)
    print(f"\nThe same load ({args.users} closed-loop users, {args.duration:g} s) on a loopback "
          f"Redis Cluster, median of {args.rounds} rounds, {len(os.sched_getaffinity(0))} "
          "cores:\n")
    print("| processes | turns/s | server CPU ms/turn | Redis CPU ms/turn | generator CPU "
          "ms/turn | other processes (cores) | reply p99 ms |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for n in counts:
        med = {m: statistics.median(ph[m] for ph in runs[n]) for m in MEASURES}
        print(f"| {n} | {med['turns_per_s']:.0f} | {med['server_cpu_ms_per_turn']:.2f} | "
              f"{med['redis_cpu_ms_per_turn']:.3f} | {med['generator_cpu_ms_per_turn']:.2f} | "
              f"{med['other_processes_cores']:.2f} | {med['reply_p99_ms']:.0f} |")
    if args.json:
        Path(args.json).write_text(json.dumps({str(n): v for n, v in runs.items()}, indent=2))


if __name__ == "__main__":
    main()
