"""Hostile ``advisor`` command lines: exit 0 or 2, never a traceback, one line on stderr for 2.

Generated argument lists run ``bot.cli.main`` in-process (fast); a handful run the installed
console script as a user would, with raw bytes in ``argv``. Arguments are made the way an OS
would hand them over: no NUL bytes, and anything that is not valid UTF-8 arrives
surrogate-escaped. Commands that would serve or read a terminal (``serve``, ``chat``) only ever
get arguments that must be refused before they start.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.cli import main
from dialogs import factors as F
from tests.abuse.conftest import ABUSE
from tests.abuse.support import hostile_text, long_text

ADVISOR = str(Path(sys.executable).with_name("advisor"))
OUT = "{OUT}"
"""Replaced by the test's own temporary folder (where ``teams-package`` may write)."""


def as_argv(text: str) -> str:
    """What ``sys.argv`` would hold for ``text`` passed through an OS (bytes, no NUL)."""
    raw = text.replace("\x00", "").encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "surrogateescape")


arg = st.one_of(hostile_text, st.sampled_from(["", "-", "--", "-k", "--json", "--help", "-h",
                                               "--answer", "--text", "--wat", "=", "-k=3"]))
pairs = st.one_of(
    st.sampled_from([f"{f.id}={a}" for f in F.FACTORS for a in f.answer_ids]),
    st.builds("{}={}".format, st.sampled_from([*(f.id for f in F.FACTORS), "nope", ""]),
              st.one_of(hostile_text, st.sampled_from(["bounded", "client", " provider "]))),
    hostile_text,
)
guids = st.one_of(st.uuids().map(str), hostile_text, st.sampled_from(["", "not-a-guid",
                                                                      "{" + "0" * 36 + "}"]))


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    kind = draw(st.sampled_from(["ask", "assess", "kb", "teams-package", "serve", "chat",
                                 "unknown"]))
    extra = draw(st.lists(arg, max_size=2))
    if kind == "ask":
        argv = ["ask", *draw(st.lists(hostile_text, max_size=3))]
        if draw(st.booleans()):
            argv += ["-k", draw(st.one_of(st.integers(-5, 30).map(str), hostile_text))]
        argv += draw(st.lists(st.just("--json"), max_size=1))
    elif kind == "assess":
        argv = ["assess"]
        for pair in draw(st.lists(pairs, max_size=3)):
            argv += ["--answer", pair]
        if draw(st.booleans()):
            argv += ["--text", draw(st.one_of(hostile_text, long_text))]
        argv += draw(st.lists(st.just("--json"), max_size=1))
    elif kind == "kb":
        argv = ["kb", "check"]
        if draw(st.booleans()):
            argv += ["--dir", "/nonexistent/" + draw(hostile_text)]
    elif kind == "teams-package":
        argv = ["teams-package", "--app-id", draw(guids), "--out", OUT + "/pkg.zip"]
    elif kind == "serve":  # always refused before it binds
        argv = ["serve", "--port", draw(st.one_of(st.sampled_from(["0", "65536", "-1", "x", ""]),
                                                  hostile_text.filter(lambda s: not s.isdigit())))]
        extra = [e for e in extra if e not in ("--help", "-h")]
    elif kind == "chat":  # refused before it reads a terminal
        argv = ["chat", "--redis-url",
                draw(st.sampled_from(["http://nope", "nope", "tcp://x:1", "redis:/"]))]
        extra = [e for e in extra if e not in ("--help", "-h")]
    else:
        argv = [draw(hostile_text.filter(lambda s: s.strip() not in (
            "", "ask", "assess", "kb", "chat", "serve", "teams-package") and not s.startswith("-")))]
    if kind in ("serve", "chat"):
        return [as_argv(a) for a in argv]
    return [as_argv(a) for a in argv + extra]


def run_in_process(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code: Any = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
        except SystemExit as exc:
            code = exc.code
    return (code if isinstance(code, int) else (0 if code is None else 1)), out.getvalue(), \
        err.getvalue()


def check(code: int, out: str, err: str, argv: list[str]) -> None:
    assert "Traceback" not in err and "Traceback" not in out, (argv, err)
    assert code in (0, 2), (code, argv, err[-500:])
    # what is printed is valid Unicode (a strict UTF-8 terminal or pipe can take it), and
    # --json output is a JSON document, whatever bytes came in through argv
    out.encode("utf-8")
    err.encode("utf-8")
    if code == 0 and "--json" in argv and not {"--help", "-h"} & set(argv):
        json.loads(out)
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1, f"exit 2 must say one line, got {len(lines)}: {err[:400]!r}"
        assert lines[0].strip(), "an empty message"


@ABUSE
@given(argv=command_lines())
@example(argv=["assess", "--answer", "scope=bounded", "--answer", "scope=open"])
@example(argv=["assess", "\r"])  # a carriage return echoed in click's message: two lines
@example(argv=["ask", "-k", "0", "what is an SLA?"])
@example(argv=["assess", "--text", "x" * 4001])
@example(argv=["teams-package", "--app-id", "<script>", "--out", OUT + "/pkg.zip"])
@example(argv=["ask", as_argv("\ud800 what is an SLA?"), "--json"])
@example(argv=["assess", "--text", as_argv("monitoring is well defined \udcff but the rest is open "
                                           "ended"), "--json"])
@example(argv=["teams-package", "--app-id", "00000000-0000-0000-0000-000000000000", "--out",
               OUT + "/pkg.zip", "--name", as_argv("Advisor \ud800")])
def test_generated_command_lines(argv: list[str], tmp_path: Path) -> None:
    argv = [a.replace(OUT, str(tmp_path)) for a in argv]
    check(*run_in_process(argv), argv)


@pytest.mark.parametrize("argv", [[], ["kb"]], ids=["no-command", "kb-without-subcommand"])
def test_a_missing_command_is_one_line_and_exit_2(argv: list[str]) -> None:
    """The contract: exit 2 comes with one line naming what is allowed (not the whole help)."""
    code, out, err = run_in_process(argv)
    check(code, out, err, argv)
    assert code == 2


RAW_CASES: list[tuple[list[bytes], int, dict[str, str]]] = [
    ([b"ask", b"--json", b"\xed\xa0\x80 \xff what is an SLA?"], 0, {"LC_ALL": "C", "LANG": "C"}),
    ([b"assess", b"--answer", b"scope=\xff"], 2, {}),
    ([b"assess", b"--text", "\u202e\u200d clearly scoped <!channel>".encode()], 0,
     {"LC_ALL": "C", "LANG": "C"}),
    ([b"\xff"], 2, {"LC_ALL": "C", "LANG": "C"}),
]
"""Raw bytes in argv, some under the C locale: (arguments, expected exit status, environment)."""


def test_console_script_with_raw_bytes() -> None:
    """The installed ``advisor`` script, as a user runs it (the cases run side by side)."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("REDIS_", "SLACK_", "MICROSOFT_", "ADVISOR_"))}
    procs = [
        (args, code, subprocess.Popen([ADVISOR.encode(), *args], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, env={**base, **env}))
        for args, code, env in RAW_CASES
    ]
    failures = []
    for args, code, proc in procs:
        out, err_bytes = proc.communicate(timeout=60)
        err = err_bytes.decode("utf-8", "replace")
        if b"Traceback" in err_bytes or proc.returncode != code or (
                code == 2 and len(err.strip().splitlines()) != 1):
            failures.append(f"{args!r}: exit {proc.returncode} (expected {code}): {err[-300:]!r}")
        del out
    assert not failures, "\n".join(failures)
