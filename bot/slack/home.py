"""The App Home tab: a welcome, what the advisor does, and a button to start an assessment."""

from __future__ import annotations

from typing import Any

from bot.actions import command_value
from bot.slack.render import PREFIX, actions, button, context, sections
from dialogs import texts as T

WELCOME = (
    "*Welcome to Engagement Advisor* :wave:\n"
    "Before a client call, I help you decide whether the engagement fits *managed services* or "
    "*IT staff augmentation*, and I warn you when accountability and decision authority are "
    "split between the parties (a mismatch)."
)
WHAT_I_DO = (
    "*What I do*\n"
    "• Ask up to eight short questions (scope, interfaces, measurability, pace of change, domain "
    "coupling, leadership, decision authority, accountability) and recommend a model with my "
    "confidence, the reasons and what would change it.\n"
    "• Prepare you for the call: questions to ask and red flags to listen for.\n"
    "• Answer questions such as _what is staff augmentation?_ from a curated knowledge base.\n"
    "• New here? *Learn the difference*: seven short lessons, each with a practice deal to judge."
)
WHERE = (
    "*Where to find me*\n"
    "• Here: press the button and I'll start in our direct messages.\n"
    "• In a channel: mention me, e.g. _@Engagement Advisor they want us to run 24/7 monitoring "
    "with a 99.9% SLA_; each thread holds one assessment.\n"
    "• Anywhere: `/advisor start`, `/advisor ask QUESTION`, `/advisor assess TEXT`, "
    "`/advisor learn`, `/advisor help`, `/advisor forget` (answers only you can see)."
)


def home_view() -> dict[str, Any]:
    blocks = [
        *sections(WELCOME, f"{PREFIX}home:welcome"),
        *actions([button(T.START.label, f"{PREFIX}home:start", command_value(T.START.command),
                         style="primary"),
                  button(T.LEARN.label, f"{PREFIX}home:learn", command_value(T.LEARN.command))],
                 f"{PREFIX}home:actions"),
        {"type": "divider", "block_id": f"{PREFIX}home:divider"},
        *sections(WHAT_I_DO, f"{PREFIX}home:what"),
        *sections(WHERE, f"{PREFIX}home:where"),
        context(["I keep answers only for the conversation they belong to; say _forget_ there "
                 "to delete them."], f"{PREFIX}home:privacy"),
    ]
    return {"type": "home", "blocks": blocks}
