"""Drivers of the scale suite: deliver turns as a platform would (redelivering what got the
polite reply) and hold the store to exactly once."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.store.redis import RedisSessionStore
from bot.turns import TurnRunner
from dialogs.turn import Turn

QUESTION = "what is an SLA?"
"""Every turn asks the knowledge base: each applied turn adds exactly one to Session.turns."""

REDELIVERIES = 40
REDELIVERY_PAUSE = 0.25


def turn(conversation: str, n: int) -> Turn:
    return Turn(platform="slack", tenant="T1", conversation=conversation, user="U1",
                text=QUESTION, event_id=f"{conversation}-Ev{n}", surface="dm")


@dataclass
class Ledger:
    """What each event's deliveries got, to hold the store to exactly once."""

    outcomes: dict[str, list[str]] = field(default_factory=dict)

    def record(self, event: str, outcome: str) -> None:
        self.outcomes.setdefault(event, []).append(outcome)

    def of(self, conversation: str) -> dict[str, list[str]]:
        return {e: o for e, o in self.outcomes.items() if e.startswith(conversation + "-")}

    @property
    def polite(self) -> int:
        return sum(o.count("store_unavailable") for o in self.outcomes.values())


async def deliver(runner: TurnRunner, t: Turn, ledger: Ledger) -> None:
    """Deliver ``t`` until it is answered (ok) or recognised as already applied (duplicate)."""
    assert t.event_id is not None
    for _ in range(REDELIVERIES):
        result = await runner.run(t)
        ledger.record(t.event_id, result.outcome)
        if result.outcome in ("ok", "duplicate"):
            return
        assert result.outcome == "store_unavailable", result
        await asyncio.sleep(REDELIVERY_PAUSE)
    raise AssertionError(f"{t.event_id} was never answered: {ledger.outcomes[t.event_id]}")


async def assert_exactly_once(store: RedisSessionStore, conversations: list[str],
                              ledger: Ledger) -> None:
    """Per conversation: every event answered ``ok`` is applied, none twice. An event whose
    deliveries got only the polite reply and then ``duplicate`` was applied by a delivery whose
    reply was lost: it may count, once."""
    for conversation in conversations:
        events = ledger.of(conversation)
        answered = sum(1 for o in events.values() if "ok" in o)
        lost_reply = sum(1 for o in events.values() if "ok" not in o)
        session = await store.load(turn(conversation, 0).session_id)
        assert session is not None, conversation
        assert answered <= session.turns <= answered + lost_reply, (conversation, events)
