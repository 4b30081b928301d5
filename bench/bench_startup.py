"""Start-up time: ``advisor ask``, ``advisor assess --text`` and ``advisor chat`` (greeting, then
end of input) against a bare ``python -c "import pydantic"`` (issue 13.6: within 4x), and
``advisor chat`` answering one line (``help``), which shows what chat defers to its first turn.

Wall time of whole processes, paired: each run of a command is followed by a run of ``import
pydantic``, and the ratio is the median of the runs' ratios, so a machine whose speed drifts
(a shared one) moves both halves of a pair alike. ``--hyperfine`` times with hyperfine instead
(``apt-get install hyperfine``; not paired: ratio of medians). stdin is empty but for the
first-reply row, no ``REDIS_URL``. The warm-up runs also fill the caches in
``dialogs/__pycache__`` (compiled rules, ``dialogs.regex_cache``; the rule table,
``dialogs.rulebook``), as any first run does, and the project's bytecode: the commands run without
``PYTHONDONTWRITEBYTECODE``, as an installed program runs (``pip install`` and the image's
``compileall`` write bytecode; without it every project module is compiled from source on every
run, about 30 ms more). ``--as-is`` keeps the caller's environment instead. Then ``python -X importtime`` on ``advisor ask``: the biggest imports (cumulative and
self), whether a platform SDK (slack_bolt, slack_sdk, botbuilder, aiohttp, redis) was imported,
and what the command spends after its imports (knowledge base load + index, the query).

    .venv/bin/python bench/bench_startup.py [--runs 20] [--top 15]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
QUESTION = "what is an SLA?"
SDKS = ("slack_bolt", "slack_sdk", "botbuilder", "botframework", "aiohttp", "redis", "msrest")


DESCRIPTION = "run their 24/7 monitoring with a 99.9% SLA; we pick the tooling"
LONG_DESCRIPTION = (
    "Call notes: the client runs a regional grocery chain and wants one partner for the store "
    "systems. Their IT manager is leaving and nobody else there has time to steer the work. We "
    "would pick the tools, staff the rota and carry the pager, with credits off our invoice if "
    "checkout availability drops below the target."
)
"""Over 30 words: the statistical second opinion (``dialogs.classifier``) loads its weights."""
TARGET = 4.0
"""Issue 13.6: ``assess --text`` and ``chat`` within this many times ``import pydantic``."""


BASE = 'python -c "import pydantic"'
FIRST_LINE = "help"
FIRST_REPLY = f"advisor chat <<< {FIRST_LINE}"


def commands() -> dict[str, list[str]]:
    advisor = str(BIN / "advisor")
    return {
        f'advisor ask "{QUESTION}"': [advisor, "ask", QUESTION],
        f'advisor assess --text "{DESCRIPTION[:24]}..."': [advisor, "assess", "--text",
                                                           DESCRIPTION],
        f'advisor assess --text "{LONG_DESCRIPTION[:24]}..."': [advisor, "assess", "--text",
                                                                LONG_DESCRIPTION],
        "advisor chat < /dev/null": [advisor, "chat"],
        FIRST_REPLY: [advisor, "chat"],
        BASE: [sys.executable, "-c", "import pydantic"],
        'python -c "pass"': [sys.executable, "-c", "pass"],
    }


def stdin_of(name: str) -> str:
    return FIRST_LINE + "\n" if name == FIRST_REPLY else ""


AS_IS = False
"""``--as-is``: keep PYTHONDONTWRITEBYTECODE if the caller set it."""


def _env() -> dict[str, str]:
    drop = ("REDIS_", "SLACK_", "MICROSOFT_", "ADVISOR_",
            *(() if AS_IS else ("PYTHONDONTWRITEBYTECODE",)))
    return {k: v for k, v in os.environ.items() if not k.startswith(drop)}


def with_hyperfine(cmds: dict[str, list[str]], runs: int) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "hf.json"
        argv = ["hyperfine", "--warmup", "3", "--runs", str(runs), "--export-json", str(out),
                "--style", "none", "--input", "null"]
        for name, cmd in cmds.items():
            line = stdin_of(name)
            command = shlex.join(cmd)
            if line:  # hyperfine's --input is one for all commands
                command = f"printf {shlex.quote(line)} | {command}"
            argv += ["--command-name", name, command]
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=_env())
        data = json.loads(out.read_text())
    return {r["command"]: {"median": r["median"], "mean": r["mean"], "stddev": r["stddev"] or 0.0,
                           "min": r["min"], "max": r["max"]} for r in data["results"]}


def _timed(cmd: list[str], stdin: str) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, input=stdin, text=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env=_env(), check=True)
    return time.perf_counter() - t0


def _summary(times: list[float]) -> dict[str, float]:
    return {"median": statistics.median(times), "mean": statistics.fmean(times),
            "stddev": statistics.pstdev(times), "min": min(times), "max": max(times)}


def paired(cmds: dict[str, list[str]], runs: int) -> dict[str, dict[str, float]]:
    """Each command's times, and ``ratio``: the median over ``runs`` pairs of (the command's
    run) / (the ``import pydantic`` run right after it)."""
    base = cmds[BASE]
    for name, cmd in cmds.items():  # warm-up: bytecode, the rule and passage caches
        for _ in range(3):
            _timed(cmd, stdin_of(name))
    results: dict[str, dict[str, float]] = {}
    base_times: list[float] = []
    for name, cmd in cmds.items():
        if name == BASE:
            continue
        times, ratios = [], []
        for _ in range(runs):
            times.append(_timed(cmd, stdin_of(name)))
            base_times.append(_timed(base, ""))
            ratios.append(times[-1] / base_times[-1])
        results[name] = {**_summary(times), "ratio": statistics.median(ratios)}
    results[BASE] = {**_summary(base_times), "ratio": 1.0}
    return results


def import_times(cmd: list[str]) -> list[tuple[str, int, int, int]]:
    """(module, self µs, cumulative µs, nesting level) for every import ``cmd`` makes."""
    env = {**_env(), "PYTHONPROFILEIMPORTTIME": "1"}
    proc = subprocess.run([sys.executable, "-X", "importtime", *cmd], env=env, check=True,
                          capture_output=True, text=True)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cum_us, raw = line[len("import time:"):].split("|", 2)
        name = raw.rstrip()
        level = (len(name) - len(name.lstrip()) - 1) // 2
        rows.append((name.strip(), int(self_us), int(cum_us), level))
    return rows


def after_imports() -> dict[str, float]:
    """Seconds ``advisor ask`` spends importing what it imports, loading and indexing the KB,
    then answering (the first query, then a second one)."""
    code = (
        "import time, json\n"
        "t0 = time.perf_counter()\n"
        "import bot.cli\n"
        "try:\n"
        "    from dialogs.answers import answer_question\n"
        "except ImportError:  # before dialogs/answers.py existed\n"
        "    from dialogs.engine import answer_question\n"
        "from knowledge import load_default\n"
        "t1 = time.perf_counter()\n"
        "kb = load_default()\n"
        "t2 = time.perf_counter()\n"
        f"answer_question({QUESTION!r}, kb)\n"
        "t3 = time.perf_counter()\n"
        f"answer_question({QUESTION!r}, kb)\n"
        "t4 = time.perf_counter()\n"
        "print(json.dumps({'imports': t1 - t0, 'load_and_index': t2 - t1, 'first_query': t3 - t2,"
        " 'second_query': t4 - t3}))\n"
    )
    runs = [json.loads(subprocess.run([sys.executable, "-c", code], check=True, env=_env(),
                                      capture_output=True, text=True).stdout) for _ in range(5)]
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(header), "| " + " | ".join("-" * w for w in widths) + " |",
                      *(line(r) for r in rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--hyperfine", action="store_true",
                        help="time with hyperfine (not paired: a ratio of medians)")
    parser.add_argument("--as-is", action="store_true",
                        help="keep PYTHONDONTWRITEBYTECODE (project modules compiled every run)")
    args = parser.parse_args()
    global AS_IS
    AS_IS = args.as_is

    cmds = commands()
    if args.hyperfine:
        if not shutil.which("hyperfine"):
            parser.error("hyperfine is not installed")
        results = with_hyperfine(cmds, args.runs)
        base = results[BASE]["median"]
        for r in results.values():
            r["ratio"] = r["median"] / base
        how = f"hyperfine, {args.runs} runs after 3 warm-ups, ratio of medians"
    else:
        results = paired(cmds, args.runs)
        how = (f"perf_counter, {args.runs} pairs with import pydantic after 3 warm-ups, "
               "median of the pairs' ratios")
    bytecode = ("as the caller's environment has it" if AS_IS else "bytecode cached")
    print(f"## Start-up ({how}, {bytecode}; wall ms)\n")
    print(table(["command", "median", "mean ± sd", "min", "max", "x import pydantic"], [
        [name, f"{r['median'] * 1000:.0f}", f"{r['mean'] * 1000:.0f} ± {r['stddev'] * 1000:.0f}",
         f"{r['min'] * 1000:.0f}", f"{r['max'] * 1000:.0f}", f"{r['ratio']:.2f}"]
        for name, r in results.items()]))
    for name, r in results.items():
        if name.startswith("advisor assess") or name == "advisor chat < /dev/null":
            ratio = r["ratio"]
            print(f"\n{name}: {ratio:.2f}x import pydantic "
                  f"({'within' if ratio <= TARGET else 'over'} the {TARGET:g}x target)", end="")
    print()

    rows = import_times([str(BIN / "advisor"), "ask", QUESTION])
    total = sum(cum for _, _, cum, level in rows if level == 0)
    roots: dict[str, int] = {}
    for name, _self_us, cum, _level in rows:
        if "." not in name:
            roots[name] = max(roots.get(name, 0), cum)
    print(f"\n`python -X importtime advisor ask` (one run): {len(rows)} modules, "
          f"{total / 1000:.0f} ms of imports in all. Packages by the cumulative time of their "
          "first import (nested: a package's time includes the packages it imports first)\n")
    print(table(["package", "cumulative ms", "share of imports"], [
        [n, f"{c / 1000:.1f}", f"{c / total:.0%}"]
        for n, c in sorted(roots.items(), key=lambda kv: -kv[1])[:args.top]]))
    print("\nBiggest single modules by self time:\n")
    print(table(["module", "self ms", "cumulative ms"], [
        [n, f"{s / 1000:.1f}", f"{c / 1000:.1f}"]
        for n, s, c, _ in sorted(rows, key=lambda r: -r[1])[:args.top]]))
    loaded = {n.split(".")[0] for n, _, _, _ in rows}
    sdks = [s for s in SDKS if s in loaded]
    print(f"\nPlatform SDKs imported by `advisor ask`: {', '.join(sdks) if sdks else 'none'} "
          f"(checked: {', '.join(SDKS)})")
    phases = after_imports()
    print("\nInside the process (median of 5, ms): " + ", ".join(
        f"{k.replace('_', ' ')} {v * 1000:.1f}" for k, v in phases.items()))


if __name__ == "__main__":
    main()
