"""The terminal channel: the same dialog as Slack and Teams, one line in, text out."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.turns import TurnRunner
from dialogs.turn import Turn, session_scope

Output = Callable[[str], None]
Input = Callable[[str], str]

PLATFORM = "console"
TENANT = "local"

GREETING = (
    "Engagement Advisor - type 'start' for a guided assessment, describe the engagement, or ask "
    "a question. 'help' lists commands; Ctrl-D quits."
)


async def chat(runner: TurnRunner, *, user: str, read: Input = input, write: Output = print) -> int:
    """Run the conversation until end of input. Resumes a stored conversation for ``user``."""
    conversation = f"terminal-{user}"
    write(GREETING)
    stored = await runner.stored(session_scope(PLATFORM, TENANT, conversation))
    if stored is not None and stored.stage == "asking" and stored.current:
        from bot.render_text import question_text
        from dialogs.engine import question

        write(f"\nWelcome back - resuming your assessment ({len(stored.answers)} answered).")
        write(question_text(question(stored)))
    while True:
        try:
            line = await asyncio.to_thread(read, "\n> ")
        except (EOFError, KeyboardInterrupt):
            write("")
            return 0
        if not line.strip():
            continue
        if line.strip().lower() in ("quit", "exit"):
            return 0
        turn = Turn(
            platform=PLATFORM,
            tenant=TENANT,
            conversation=conversation,
            user=user,
            text=line,
            surface="terminal",
            event_id=None,
        )
        result = await runner.run(turn)
        from bot.render_text import to_text  # with the first reply, as the engine is (TurnRunner)

        for reply in result.replies:
            write(to_text(reply))
