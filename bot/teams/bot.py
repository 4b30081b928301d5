"""The Teams activity handler: translated activity -> turn runner -> cards -> ``deliver``.

No SDK here: the adapter hands in ``deliver``, which posts one rendered message to the
conversation's connector (``connector.py``) or buffers it (``expectReplies``). Replies go out in
order; each one is retried on throttling and transient errors, every call bounded by the send
timeout and all within the deadline the HTTP handler set, so Teams gets its answer inside 15
seconds.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.delivery import connector_result, record
from bot.logs import hashed
from bot.meters import TurnMetrics
from bot.teams.render import Message, render_all, welcome
from bot.teams.retry import RetryPolicy, SendFailed, send_with_retry
from bot.teams.translate import PLATFORM, Welcome
from bot.turns import TurnRunner
from dialogs.turn import Turn

__all__ = ["Deliver", "TeamsBot", "TeamsOptions"]

Deliver = Callable[[Message], Awaitable[object]]
"""Send one message; raises when it is not accepted."""

log = logging.getLogger("advisor.teams")


@dataclass(frozen=True, slots=True)
class TeamsOptions:
    """Tunables of the Teams surface (tests shorten them)."""

    retry: RetryPolicy = field(default_factory=RetryPolicy)
    reply_budget: float = 12.0
    """Seconds from an activity's arrival by which every reply must be out (Teams waits 15)."""
    send_timeout: float = 5.0
    """Seconds one call to the connector may take."""
    credentials_factory: Any = None
    """A botframework ``ServiceClientCredentialsFactory`` replacing the one built from the
    settings (tests use it to avoid calling Microsoft Entra ID for outbound tokens)."""


class TeamsBot:
    """Stateless: the turn runner (the one door to the store) is looked up per request."""

    def __init__(self, options: TeamsOptions) -> None:
        self.options = options

    async def handle(
        self,
        deliver: Deliver,
        incoming: Turn | Welcome,
        *,
        runner: TurnRunner,
        deadline: float,
    ) -> None:
        if isinstance(incoming, Welcome):
            first = await runner.first_delivery(
                platform=PLATFORM,
                tenant=incoming.tenant,
                conversation=incoming.conversation,
                event_id=incoming.event_id,
            )
            if not first:
                return
            messages = welcome()
            conversation = incoming.conversation
        else:
            result = await runner.run(incoming, deferred=True)
            messages, sent = [], -1
            try:
                messages = render_all(result.replies)
                sent = await self.send(deliver, messages, deadline=deadline,
                                       conversation=incoming.conversation,
                                       metrics=runner.metrics)
            finally:
                runner.count(incoming, result, delivered=sent == len(messages))
            return
        await self.send(deliver, messages, deadline=deadline, conversation=conversation,
                        metrics=runner.metrics)

    async def send(
        self, deliver: Deliver, messages: list[Message], *, deadline: float, conversation: str,
        metrics: TurnMetrics | None = None,
    ) -> int:
        """Send in order; stop at the first reply that cannot be delivered. Returns the count.
        With ``metrics``, each message's fate and each connector call's latency are counted."""
        for index, message in enumerate(messages):

            async def attempt(message: Message = message) -> object:
                started = time.perf_counter()
                try:
                    async with asyncio.timeout(self._timeout(deadline)):
                        return await deliver(message)
                finally:
                    if metrics is not None:
                        metrics.api_seconds.labels(PLATFORM, "reply").observe(
                            time.perf_counter() - started)

            try:
                await send_with_retry(attempt, policy=self.options.retry, deadline=deadline)
                if metrics is not None:
                    record(metrics, PLATFORM, "delivered")
            except SendFailed as exc:
                if metrics is not None:
                    record(metrics, PLATFORM, connector_result(exc.status),
                           why=f"connector answered {exc.status}")
                log.warning(
                    "teams reply not delivered",
                    extra={
                        "platform": PLATFORM,
                        "conversation": hashed(conversation),
                        "status": exc.status,
                        "attempts": exc.attempts,
                        "reason": exc.reason,
                        "undelivered": len(messages) - index,
                    },
                )
                return index
        return len(messages)

    def _timeout(self, deadline: float) -> float:
        """Bound one connector call by the send timeout and what is left of the deadline."""
        return max(0.5, min(self.options.send_timeout, deadline - time.monotonic()))
