"""The turn boundary's use of the store: two round trips a turn, exactly once, on both backends.

``TurnRunner.run`` takes the conversation's lock, then ``claim_and_load`` (one round trip), steps
and saves (one compare-and-set). These tests hold it to that and to what the order implies: a
duplicate waits for the turn ahead of it and answers nothing, a failed turn gives its claim
back, and concurrent turns of one conversation in two processes lose no update.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import redis.asyncio

from bot.store.base import Conflict, SessionStore, StoreUnavailable
from bot.store.redis import RedisSessionStore
from bot.turns import MAX_ATTEMPTS, TurnResult, TurnRunner
from dialogs import texts as T
from dialogs.session import Session
from dialogs.turn import Turn
from knowledge import KnowledgeBase, load_default
from tests.store.support import Backend
from tests.support.defaults import SESSION_TTL, memory_store, settings_of
from tests.support.redis_servers import delete_prefix


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_default()


def turn(event_id: str | None, text: str = "what is an SLA?") -> Turn:
    return Turn(platform="slack", tenant="T1", conversation="D1", user="U1", text=text,
                event_id=event_id, surface="dm")


SESSION = turn(None).session_id


class Gated:
    """A store whose saves fail or wait for the test to let them through; the rest delegates."""

    def __init__(self, inner: SessionStore) -> None:
        self.inner = inner
        self.fail_saves = 0
        self.gate: asyncio.Event | None = None
        self.saving = asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def save(self, key: str, session: Session, *, expected_rev: int) -> Session:
        self.saving.set()
        if self.gate is not None:
            await self.gate.wait()
        if self.fail_saves:
            self.fail_saves -= 1
            raise StoreUnavailable("injected")
        return await self.inner.save(key, session, expected_rev=expected_rev)


def stored_turns(session: Session | None) -> int:
    assert session is not None
    return session.turns


async def test_a_turn_is_two_redis_round_trips(
    redis_url: str, redis_prefix: str, redis_admin: redis.asyncio.Redis, kb: KnowledgeBase,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = RedisSessionStore.from_url(redis_url, prefix=redis_prefix, ttl_seconds=SESSION_TTL)
    runner = TurnRunner(store=store, kb=kb, settings=settings_of())
    sent: list[str] = []
    original = store.client.execute_command

    async def counting(*args: Any, **options: Any) -> Any:
        sent.append(str(args[0]))
        return await original(*args, **options)

    try:
        assert (await runner.run(turn("Ev0", "start"))).outcome == "ok"  # the scripts are loaded
        monkeypatch.setattr(store.client, "execute_command", counting)
        assert (await runner.run(turn("Ev1"))).outcome == "ok"
        assert sent == ["EVALSHA", "EVALSHA"], "claim and load, then the compare-and-set"
        sent.clear()
        assert (await runner.run(turn("Ev1"))).outcome == "duplicate"
        assert sent == ["EVALSHA"], "a duplicate is refused in one round trip"
        sent.clear()
        assert (await runner.run(turn(None))).outcome == "ok"
        assert sent == ["GET", "EVALSHA"], "no event id: nothing to claim"
        assert stored_turns(await store.load(SESSION)) == 3
    finally:
        monkeypatch.undo()
        await delete_prefix(redis_admin, store.keys)
        await store.close()


async def test_a_duplicate_answers_nothing_and_changes_nothing(
    backend: Backend, kb: KnowledgeBase
) -> None:
    store = backend.store()
    runner = TurnRunner(store=store, kb=kb, settings=settings_of())
    first = await runner.run(turn("Ev1", "start"))
    assert first.outcome == "ok" and first.replies
    raw = await backend.get_raw(backend.keys.session(SESSION))
    other = TurnRunner(store=backend.another_process(), kb=kb, settings=settings_of())
    again = await other.run(turn("Ev1", "start"))
    assert (again.outcome, again.replies, again.session) == ("duplicate", [], None)
    assert await backend.get_raw(backend.keys.session(SESSION)) == raw


async def test_a_duplicate_waits_for_the_turn_ahead_and_is_then_refused(
    backend: Backend, kb: KnowledgeBase
) -> None:
    gated = Gated(backend.store())
    gated.gate = asyncio.Event()
    runner = TurnRunner(store=gated, kb=kb, settings=settings_of())  # type: ignore[arg-type]
    first = asyncio.create_task(runner.run(turn("Ev1", "start")))
    await gated.saving.wait()  # the first delivery holds the lock, its claim won
    second = asyncio.create_task(runner.run(turn("Ev1", "start")))
    for _ in range(20):
        await asyncio.sleep(0)
    assert not second.done(), "the duplicate queues behind the conversation's lock"
    gated.gate.set()
    results: list[TurnResult] = [await first, await second]
    assert [r.outcome for r in results] == ["ok", "duplicate"]
    assert stored_turns(await gated.load(SESSION)) == 1


async def test_a_failed_save_is_a_polite_reply_and_the_redelivery_is_applied_once(
    backend: Backend, kb: KnowledgeBase
) -> None:
    gated = Gated(backend.store())
    gated.fail_saves = 1
    runner = TurnRunner(store=gated, kb=kb, settings=settings_of())  # type: ignore[arg-type]
    failed = await runner.run(turn("Ev1", "start"))
    assert failed.outcome == "store_unavailable"
    assert [getattr(r, "text", None) for r in failed.replies] == [T.STORE_DOWN]
    assert await gated.load(SESSION) is None
    assert (await runner.run(turn("Ev1", "start"))).outcome == "ok", "the claim was released"
    assert (await runner.run(turn("Ev1", "start"))).outcome == "duplicate"
    assert stored_turns(await gated.load(SESSION)) == 1


async def test_a_turn_that_raises_gives_its_claim_back(
    backend: Backend, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = TurnRunner(store=backend.store(), kb=kb, settings=settings_of())

    def broken(*args: Any) -> Any:
        raise RuntimeError("a bug in the engine")

    monkeypatch.setattr("dialogs.engine.step", broken)  # what bot.turns imports for each turn
    assert (await runner.run(turn("Ev1", "start"))).outcome == "error"
    monkeypatch.undo()
    assert (await runner.run(turn("Ev1", "start"))).outcome == "ok"
    assert (await runner.run(turn("Ev1", "start"))).outcome == "duplicate"


async def test_store_unavailable_at_the_claim_is_a_polite_reply(
    backend: Backend, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = backend.store()
    runner = TurnRunner(store=store, kb=kb, settings=settings_of())

    async def down(*args: Any) -> Any:
        raise StoreUnavailable("injected")

    monkeypatch.setattr(store, "claim_and_load", down)
    result = await runner.run(turn("Ev1", "start"))
    assert result.outcome == "store_unavailable"
    assert [getattr(r, "text", None) for r in result.replies] == [T.STORE_DOWN]
    monkeypatch.undo()
    assert (await runner.run(turn("Ev1", "start"))).outcome == "ok"


async def test_fifty_turns_of_one_conversation_in_two_processes_apply_exactly_once(
    backend: Backend, kb: KnowledgeBase
) -> None:
    """Fifty events, each delivered twice (to both processes, at once): fifty turns apply."""
    first = backend.store()
    runners = [TurnRunner(store=first, kb=kb, settings=settings_of()), TurnRunner(store=backend.another_process(), kb=kb, settings=settings_of())]
    assert (await runners[0].run(turn("Ev-start", "start"))).outcome == "ok"
    deliveries = [(runners[(n + copy) % 2], turn(f"Ev{n}")) for n in range(50) for copy in (0, 1)]
    results = await asyncio.gather(*(runner.run(t) for runner, t in deliveries))
    outcomes = [r.outcome for r in results]
    assert (outcomes.count("ok"), outcomes.count("duplicate")) == (50, 50)
    final = await first.load(SESSION)
    assert final is not None and (final.turns, final.rev) == (51, 51)
    assert all(runner._locks.in_use == 0 for runner in runners)


async def test_delivery_runs_under_the_turn_boundarys_one_lock(
    backend: Backend, kb: KnowledgeBase
) -> None:
    """``run(turn, then=deliver)``: a platform delivers inside the conversation's lock, so the
    next turn of that conversation waits for the previous delivery (replies in turn order)
    while another conversation is not held up. No platform keeps a lock table of its own."""
    runner = TurnRunner(store=backend.store(), kb=kb, settings=settings_of())
    order: list[str] = []
    gate, started = asyncio.Event(), asyncio.Event()

    async def slow_delivery(result: TurnResult) -> None:
        order.append("first delivery starts")
        started.set()
        await gate.wait()
        order.append("first delivery ends")

    async def record(name: str) -> Callable[[TurnResult], Awaitable[None]]:
        async def deliver(result: TurnResult) -> None:
            order.append(name)
        return deliver

    first = asyncio.create_task(runner.run(turn("Ev1", "start"), then=slow_delivery))
    await asyncio.wait_for(started.wait(), 10)
    second = asyncio.create_task(runner.run(turn("Ev2"), then=await record("second")))
    other = Turn(platform="slack", tenant="T1", conversation="D2", user="U1", text="help",
                 event_id="EvOther", surface="dm")
    await runner.run(other, then=await record("other conversation"))
    assert order == ["first delivery starts", "other conversation"]
    gate.set()
    await asyncio.gather(first, second)
    assert order[2:] == ["first delivery ends", "second"]


class AlwaysConflicting(Gated):
    """Every save loses its compare-and-set (another writer always got there first)."""

    def __init__(self, inner: SessionStore) -> None:
        super().__init__(inner)
        self.saves = 0
        self.loads = 0

    async def load(self, key: str) -> Session | None:
        self.loads += 1
        return await self.inner.load(key)

    async def save(self, key: str, session: Session, *, expected_rev: int) -> Session:
        self.saves += 1
        raise Conflict("injected")


async def test_a_save_that_keeps_conflicting_is_retried_a_bounded_number_of_times(
    kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    store = AlwaysConflicting(memory_store())
    runner = TurnRunner(store=store, kb=kb, settings=settings_of())  # type: ignore[arg-type]
    result = await runner.run(turn("Ev1", "start"))
    assert result.outcome == "error" and result.session is None
    assert store.saves == MAX_ATTEMPTS, "each attempt stepped and tried to save once"
    assert store.loads == MAX_ATTEMPTS - 1, "each retry reloaded the session first"
    assert any("compare-and-set conflicts" in str(r.exc_info[1]) for r in caplog.records
               if r.exc_info), "the give-up is logged with its reason"
    assert await store.inner.load(SESSION) is None, "nothing was written"
