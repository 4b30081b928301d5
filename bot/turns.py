"""The turn boundary: claim and load (one round trip), step, save once (compare-and-set), reply.

This is the one place that catches broad exceptions: a failed turn is logged with its stack
and answered politely; it never half-writes a session.

Order: the process's lock on the conversation first, then the claim. A duplicate delivery thus
waits for the turn ahead of it before it is recognised (and answers nothing); a turn holds one
lock and the claim never waits, so nothing can deadlock. Across processes the claim decides
which delivery applies and the compare-and-set keeps concurrent turns from losing updates.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn

from bot.delivery import tracking
from bot.feedback.base import FeedbackEntry, FeedbackStore, FeedbackUnavailable
from bot.feedback.factory import feedback_for
from bot.logs import hashed
from bot.meters import NoMetrics, TurnMetrics
from bot.settings import Settings
from bot.store.base import Conflict, SessionStore, StoreUnavailable, Unconfirmed
from bot.store.locks import KeyedLocks
from bot.store.migrations import NewerSession
from dialogs import texts as T
from dialogs.feedback import keepable
from dialogs.replies import PassagesReply, QuestionReply, RecommendationReply, Reply, TextReply
from dialogs.session import Session
from dialogs.turn import Turn, session_scope

if TYPE_CHECKING:
    from tenacity import RetryCallState

    from dialogs.engine import Result
    from knowledge import KnowledgeBase

log = logging.getLogger("advisor.turns")

MAX_ATTEMPTS = 25
RELEASE_TIMEOUT = 0.25


def _gave_up(_state: RetryCallState) -> NoReturn:
    raise RuntimeError(f"gave up after {MAX_ATTEMPTS} compare-and-set conflicts")


@functools.cache
def _on_conflict() -> dict[str, Any]:
    """A lost compare-and-set reloads and steps again, after a random wait that doubles (2 ms up
    to 128 ms) so concurrent writers of one conversation spread out."""
    from tenacity import retry_if_exception_type, stop_after_attempt, wait_random_exponential

    return {
        "retry": retry_if_exception_type(Conflict),
        "stop": stop_after_attempt(MAX_ATTEMPTS),
        "wait": wait_random_exponential(multiplier=0.002, max=0.128),
        "retry_error_callback": _gave_up,
    }


def warm() -> None:
    """Import now what the first turn would (the dialog engine, tenacity's retry policy)."""
    import dialogs.engine  # noqa: F401

    _on_conflict()


Then = Callable[["TurnResult"], Awaitable[None]]
"""What a platform does with a turn's result (deliver its replies), under the turn's lock."""


def event_key(platform: str, tenant: str, event_id: str) -> str:
    """What identifies a platform event for its exactly-once claim (the one place it is built;
    the store names the claim by a digest of it, under the conversation's hash tag)."""
    return f"{platform}:{tenant}:{event_id}"


@dataclass(frozen=True, slots=True)
class TurnResult:
    replies: list[Reply]
    outcome: str  # ok | duplicate | rejected | store_unavailable | newer_session | error
    session: Session | None = None
    previous: Session | None = field(default=None, repr=False)

    @property
    def duplicate(self) -> bool:
        return self.outcome == "duplicate"


class TurnRunner:
    """Runs turns against a store; shared by every platform adapter and the console.

    ``settings`` give the claims' TTL and the feedback rules; feedback goes beside the session
    store (``feedback_for``) unless a store of its own is given. Without ``kb`` the shipped
    knowledge base is read when a turn first needs it: the dialog engine and the knowledge base
    are imported with the first turn, so ``advisor chat`` greets without them."""

    def __init__(
        self,
        *,
        store: SessionStore,
        settings: Settings,
        kb: KnowledgeBase | None = None,
        metrics: TurnMetrics | None = None,
        feedback: FeedbackStore | None = None,
    ) -> None:
        self._store = store
        self._kb = kb
        self.metrics: TurnMetrics = metrics or NoMetrics()
        self.event_ttl = settings.advisor_event_ttl_seconds
        self.feedback: FeedbackStore = feedback or feedback_for(store, settings)
        self.keep_questions = settings.advisor_feedback_keep_questions
        self._locks = KeyedLocks()

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            from knowledge import load_default

            self._kb = load_default()
        return self._kb

    async def run(
        self, turn: Turn, *, then: Then | None = None, deferred: bool = False
    ) -> TurnResult:
        """Apply ``turn``. ``then`` (a platform's delivery of the replies) runs while the
        conversation's lock is still held, so one conversation's replies go out in the order
        of its turns: this is the process's one lock table per conversation."""
        async with self._locks.hold(turn.session_id):
            result = await self._run(turn)
            delivered = True
            if then is not None:
                with tracking() as sent:
                    await then(result)
                delivered = not sent.undelivered
        if not deferred:
            self.count(turn, result, delivered=delivered)
        return result

    async def stored(self, session_id: str) -> Session | None:
        """Conversation ``session_id``'s stored session: one read, no lock, nothing written (a
        resume prompt before the first turn). Raises what the store raises."""
        return await self._store.load(session_id)

    async def holds_assessment(self, session_id: str) -> bool:
        """Whether conversation ``session_id`` has a stored session with an assessment (started
        or finished): one read, nothing written, nothing logged (a platform asks this before
        reading a message that was not addressed to the advisor). A store that cannot answer,
        or a session of a newer release, counts as not held."""
        try:
            session = await self.stored(session_id)
        except (StoreUnavailable, NewerSession):
            return False
        return session is not None and (session.assessments > 0 or session.stage != "idle")

    def count(self, turn: Turn, result: TurnResult, *, delivered: bool) -> None:
        """Count the turn by outcome; an applied turn whose replies did not all reach the user
        is ``undelivered``, not ``ok``. (``run(deferred=True)`` leaves this to a platform
        that delivers after ``run`` returns.)"""
        outcome = "undelivered" if result.outcome == "ok" and not delivered else result.outcome
        self.metrics.turns.labels(turn.platform, outcome).inc()

    async def _run(self, turn: Turn) -> TurnResult:
        """The turn under its conversation's lock: claim and load, apply, save; every failure
        becomes a polite reply."""
        started = time.perf_counter()
        claim = event_key(turn.platform, turn.tenant, turn.event_id) if turn.event_id else None
        claimed: str | None = None
        try:
            won, loaded = await self._store.claim_and_load(claim, self.event_ttl, turn.session_id)
            if won:
                claimed = claim
                result = await self._apply(turn, loaded)
            else:
                result = TurnResult(replies=[], outcome="duplicate")
        except StoreUnavailable as exc:
            log.warning(
                "turn failed: session store unavailable",
                exc_info=True,
                extra={"platform": turn.platform, "conversation": hashed(turn.session_id)},
            )
            self.metrics.redis_errors.inc()
            # The store is failing: try to undo the claim, but never stretch the turn for it.
            # An unconfirmed save was applied: its claim stays, so a redelivery is a duplicate.
            if not isinstance(exc, Unconfirmed):
                await self._release(claimed, turn.session_id, within=RELEASE_TIMEOUT)
            result = TurnResult(
                replies=[TextReply(text=T.STORE_DOWN, tone="error")], outcome="store_unavailable"
            )
        except NewerSession as exc:
            # A rolling upgrade: a newer release wrote this session. Leave it untouched, give
            # the claim back (a newer process takes the redelivery) and answer politely.
            log.warning(
                "turn refused: session written by a newer release",
                extra={"platform": turn.platform, "conversation": hashed(turn.session_id),
                       "schema_version": exc.version},
            )
            await self._release(claimed, turn.session_id, within=RELEASE_TIMEOUT)
            result = TurnResult(
                replies=[TextReply(text=T.NEWER_SESSION, tone="error")], outcome="newer_session"
            )
        except Exception:
            log.exception(
                "turn failed",
                extra={"platform": turn.platform, "conversation": hashed(turn.session_id)},
            )
            await self._release(claimed, turn.session_id, within=RELEASE_TIMEOUT * 4)
            result = TurnResult(
                replies=[TextReply(text=T.INTERNAL_ERROR, tone="error")], outcome="error"
            )
        if result.outcome == "ok":
            await self._record_feedback(turn, result)
        self._observe(turn, result, time.perf_counter() - started)
        return result

    async def _record_feedback(self, turn: Turn, result: TurnResult) -> None:
        """Keep ratings (and, if the operator allows, questions that found nothing) for the
        curators' report; a forgotten conversation's entries go too. Never fails the turn."""
        conversation = hashed(turn.session_id)
        entries: list[FeedbackEntry] = []
        for reply in result.replies:
            if isinstance(reply, TextReply) and reply.feedback is not None:
                fb = reply.feedback
                keep = self.keep_questions and (not fb.helpful or not fb.passages)
                entries.append(FeedbackEntry(
                    at=time.time(), conversation=conversation, platform=turn.platform,
                    kind=fb.kind, helpful=fb.helpful, passages=fb.passages, model=fb.model,
                    answers=dict(fb.answers), question=fb.question if keep else None,
                ))
            elif isinstance(reply, PassagesReply) and not reply.passages and self.keep_questions:
                entries.append(FeedbackEntry(
                    at=time.time(), conversation=conversation, platform=turn.platform,
                    kind="unanswered", helpful=None, question=keepable(reply.question),
                ))
        try:
            for entry in entries:
                await self.feedback.record(entry)
            if result.session is None:
                await self.feedback.forget(conversation)
        except FeedbackUnavailable:
            log.warning("feedback not recorded: store unavailable",
                        extra={"platform": turn.platform})

    async def _apply(self, turn: Turn, loaded: Session | None) -> TurnResult:
        """Step from ``loaded`` and save; on a conflict reload (the claim is won) and step again.

        The caller holds the conversation's lock.
        """
        key = turn.session_id
        from tenacity import AsyncRetrying

        async for attempt in AsyncRetrying(**_on_conflict()):
            with attempt:
                if attempt.retry_state.attempt_number > 1:
                    loaded = await self._store.load(key)
                new, replies = await _step(loaded, turn, self.kb)
                if new is loaded:
                    outcome = "rejected" if _rejected(replies) else "ok"
                    return TurnResult(replies=replies, outcome=outcome, session=loaded,
                                      previous=loaded)
                if new is None:
                    await self._store.delete(key)
                    return TurnResult(replies=replies, outcome="ok", session=None, previous=loaded)
                saved = await self._store.save(key, new, expected_rev=loaded.rev if loaded else 0)
                return TurnResult(replies=replies, outcome="ok", session=saved, previous=loaded)
        raise AssertionError("unreachable")  # pragma: no cover (tenacity returns or raises)

    async def first_delivery(
        self, *, platform: str, tenant: str, conversation: str, event_id: str | None
    ) -> bool:
        """Claim an event that changes no session (a Teams install's welcome), so a
        redelivery is answered once. True when this is the first delivery, or when the store
        cannot tell (it is down: better a second greeting than none)."""
        if event_id is None:
            return True
        key = session_scope(platform, tenant, conversation)
        try:
            async with self._locks.hold(key):
                return await self._store.claim(
                    event_key(platform, tenant, event_id), self.event_ttl, key
                )
        except StoreUnavailable:
            log.warning(
                "event handled without an exactly-once claim: store unavailable",
                extra={"platform": platform, "conversation": hashed(key)},
            )
            return True

    async def _release(self, claim: str | None, key: str, *, within: float) -> None:
        """Undo a claim so a redelivery is processed; best effort, bounded by ``within``."""
        if claim is None:
            return
        try:
            await asyncio.wait_for(self._store.release(claim, key), within)
        except (StoreUnavailable, TimeoutError):
            log.warning("could not release event claim; a redelivery will be treated as handled")

    def _observe_learning(self, result: TurnResult) -> None:
        """Learn-path counters, from how the stored progress grew in this turn (no text)."""
        if result.session is None:
            return
        before = result.previous.learn if result.previous else None
        after = result.session.learn
        if before is not None and before.round != after.round:
            before = None
        started = after.started - (before.started if before else 0)
        if started > 0:
            self.metrics.lessons_started.inc(started)
        for practice in after.results[len(before.results) if before else 0:]:
            self.metrics.lessons_completed.inc()
            self.metrics.practice_answers.labels(
                practice.model, "right" if practice.right else "wrong"
            ).inc()

    def _observe(self, turn: Turn, result: TurnResult, seconds: float) -> None:
        m = self.metrics
        m.turn_seconds.labels(turn.platform).observe(seconds)
        prev_stage = result.previous.stage if result.previous else "idle"
        before = result.previous.assessments if result.previous else 0
        if result.session is not None and result.session.assessments > before:
            m.assessments_started.inc()
        self._observe_learning(result)
        for reply in result.replies:
            if isinstance(reply, RecommendationReply):
                m.recommendations.labels(reply.assessment.model).inc()
                if prev_stage != "done":
                    m.assessments_finished.inc()
            elif isinstance(reply, PassagesReply):
                m.kb_questions.labels("yes" if reply.passages else "no").inc()
            elif isinstance(reply, QuestionReply):
                m.questions_asked.labels(reply.factor).inc()
            elif isinstance(reply, TextReply) and reply.feedback is not None:
                m.feedback.labels(
                    reply.feedback.kind, "helpful" if reply.feedback.helpful else "not_helpful"
                ).inc()
        log.info(
            "turn",
            extra={
                "platform": turn.platform,
                "surface": turn.surface,
                "outcome": result.outcome,
                "duration_ms": round(seconds * 1000, 2),
                "conversation": hashed(turn.session_id),
                "replies": len(result.replies),
            },
        )


OFF_LOOP_CHARS = 200
"""Turns with longer text are stepped in a worker thread: their inference and retrieval can take
tens of milliseconds (bounded, docs/performance.md), which must not delay other conversations'
acknowledgements. Shorter turns cost well under a millisecond and stay on the loop."""


async def _step(loaded: Session | None, turn: Turn, kb: KnowledgeBase) -> Result:
    """``dialogs.engine.step``, off the event loop when the turn's text is long."""
    from dialogs.engine import step

    if len(turn.text or "") > OFF_LOOP_CHARS:
        return await asyncio.to_thread(step, loaded, turn, kb)
    return step(loaded, turn, kb)


def _rejected(replies: list[Reply]) -> bool:
    return len(replies) == 1 and isinstance(replies[0], TextReply) and replies[0].tone == "error"
