"""The ``advisor`` program starts with the garbage collector off (``bot.cli.run``): one-shot
commands end with it off, ``chat`` turns it back on before the conversation (start-up frozen),
and ``main`` called in-process leaves the caller's collector as it found it."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import gc, sys
import bot.console
from bot import cli

async def conversation(runner, *, user, **_):
    print("CONVERSATION", gc.isenabled(), gc.get_freeze_count() > 0)
    return 0

bot.console.chat = conversation
sys.argv = ["advisor", *sys.argv[1:]]
try:
    cli.{entry}()
except SystemExit:
    pass
print("AFTER", gc.isenabled())
"""


def _probe(*argv: str, entry: str = "run") -> list[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("REDIS_", "SLACK_", "MICROSOFT_", "ADVISOR_"))}
    p = subprocess.run([sys.executable, "-c", PROBE.format(entry=entry), *argv],
                       capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env,
                       check=False, timeout=60)
    lines = [line for line in p.stdout.splitlines() if line.startswith(("CONVERSATION", "AFTER"))]
    assert lines, p.stdout + p.stderr
    return lines


def test_chat_collects_again_before_the_conversation() -> None:
    assert _probe("chat") == ["CONVERSATION True True", "AFTER True"]


def test_one_shot_commands_end_with_the_collector_off() -> None:
    assert _probe("assess", "--answer", "decision_owner=client") == ["AFTER False"]
    assert _probe("ask", "what is an SLA?") == ["AFTER False"]


def test_kb_check_collects() -> None:
    assert _probe("kb", "check") == ["AFTER True"]


def test_main_in_process_leaves_the_collector_on() -> None:
    assert _probe("chat", entry="main") == ["CONVERSATION True False", "AFTER True"]
    assert _probe("assess", "--answer", "decision_owner=client", entry="main") == ["AFTER True"]
