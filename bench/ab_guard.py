"""The throughput regression guard (issue 14): CPU per turn of two revisions, paired.

Each revision is unpacked (``git archive``) into a temporary source tree. Every run is one
``bench/load.py`` with two ``advisor serve`` processes in the same closed loop of the mixed
load, one from each tree, each serving the same scripted conversations; CPU per turn is each
process's kernel CPU time over the turns it answered. Both sides see the same machine at the
same moments, so the ratio holds while this shared machine's speed drifts; the two trees swap
process slots every run, and an A/A run (base against itself) shows the noise floor.

The guard: head's CPU per turn must not be more than 15% above base's (median ratio of the
runs <= 1.15). The exit status says whether it held (0) or not (1).

    PYTHONPATH=. .venv/bin/python bench/ab_guard.py --base 7681d17^ --head HEAD --runs 6
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
BAR = 1.15


def unpack(revision: str, into: Path) -> Path:
    """The source tree of ``revision`` (``HEAD``, a commit, ``7681d17^``) under ``into``."""
    commit = subprocess.run(["git", "rev-parse", "--verify", f"{revision}^{{commit}}"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.strip()
    tree = into / commit[:12]
    tree.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", commit], cwd=REPO, capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def one_run(trees: list[Path], args: argparse.Namespace, out: Path) -> list[float]:
    """CPU ms per turn of each process (process i ran ``trees[i]``) in the closed loop."""
    argv = [sys.executable, str(REPO / "bench" / "load.py"), "--processes", "2",
            "--trees", ",".join(str(t) for t in trees), "--concurrency", str(args.users),
            "--duration", str(args.duration), "--json", str(out)]
    if args.short:
        argv.append("--short")
    subprocess.run(argv, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                   stdout=subprocess.DEVNULL, check=True)
    report: dict[str, Any] = json.loads(out.read_text())
    (phase,) = [p for name, p in report["phases"].items() if name.startswith("closed")]
    for failure in ("shed", "errors", "polite", "lost", "wrong"):
        if phase[failure]:
            raise SystemExit(f"the load run had {phase[failure]} {failure} requests: not a "
                             "comparison of healthy servers")
    per: list[float] = phase["per_process_cpu_ms_per_turn"]
    return per


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--base", required=True, help="the reference revision")
    p.add_argument("--head", default="HEAD", help="the revision under test")
    p.add_argument("--runs", type=int, default=6, help="paired runs (slots swap every run)")
    p.add_argument("--control", type=int, default=2, help="A/A runs of base against itself")
    p.add_argument("--users", type=int, default=32, help="closed-loop users")
    p.add_argument("--duration", type=float, default=20.0, help="seconds per run")
    p.add_argument("--short", action="store_true", help="seconds only: checks that it works")
    p.add_argument("--json", default=None, help="also write the runs as JSON here")
    args = p.parse_args(argv)
    if args.short:  # what load.py --short runs
        args.users, args.duration = 4, 2.0
    with tempfile.TemporaryDirectory(prefix="advisor-ab-") as tmp:
        work = Path(tmp)
        base, head = unpack(args.base, work / "base"), unpack(args.head, work / "head")
        rows: list[dict[str, Any]] = []
        for n in range(args.control):
            a, b = one_run([base, base], args, work / f"control{n}.json")
            rows.append({"run": f"A/A {n + 1}", "base_ms": a, "head_ms": b, "ratio": b / a})
        for n in range(args.runs):
            order = [base, head] if n % 2 == 0 else [head, base]
            first, second = one_run(order, args, work / f"run{n}.json")
            base_ms, head_ms = (first, second) if n % 2 == 0 else (second, first)
            rows.append({"run": f"A/B {n + 1}", "base_ms": base_ms, "head_ms": head_ms,
                         "ratio": head_ms / base_ms})
            print(f"run {n + 1}: head/base CPU per turn {head_ms / base_ms:.3f}", file=sys.stderr)
    pairs = [r["ratio"] for r in rows if r["run"].startswith("A/B")]
    controls = [r["ratio"] for r in rows if r["run"].startswith("A/A")]
    median = statistics.median(pairs)
    print(f"\nCPU per turn, head ({args.head}) / base ({args.base}), {args.runs} paired runs of "
          f"{args.duration:g} s, {args.users} users:\n")
    print("| run | base ms/turn | head ms/turn | head / base |\n| --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r['run']} | {r['base_ms']:.3f} | {r['head_ms']:.3f} | {r['ratio']:.3f} |")
    print(f"\nmedian head/base {median:.3f} (min {min(pairs):.3f}, max {max(pairs):.3f})"
          + (f"; A/A {', '.join(f'{c:.3f}' for c in controls)}" if controls else "")
          + f"; guard (<= {BAR:.2f}): {'held' if median <= BAR else 'BROKEN'}")
    if args.json:
        Path(args.json).write_text(json.dumps({"runs": rows, "median": median}, indent=2))
    return 0 if median <= BAR else 1


if __name__ == "__main__":
    raise SystemExit(main())
