"""Privacy (issue 12.5): ``forget`` leaves no key that names the conversation, event claims
included; claims are named by a digest of the event id; no log line carries a raw key."""

from __future__ import annotations

import logging

import pytest
import redis.asyncio

from bot.store.keys import escape
from bot.store.memory import MemorySessionStore
from bot.store.redis import RedisSessionStore
from bot.turns import TurnRunner
from dialogs.turn import Turn
from knowledge import KnowledgeBase, load_default
from tests.store.support import Backend
from tests.support.defaults import SESSION_TTL, settings_of
from tests.support.redis_servers import delete_prefix

USER_CONVERSATION = "D0PRIVATE42"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_default()


def turn(text: str, event_id: str) -> Turn:
    return Turn(platform="slack", tenant="T1", conversation=USER_CONVERSATION, user="U1",
                text=text, event_id=event_id, surface="dm")


async def _names(admin: redis.asyncio.Redis, pattern: str) -> list[str]:
    return [n.decode() async for n in admin.scan_iter(match=pattern, count=500)]


async def test_forget_deletes_the_session_and_every_claim(
    backend: Backend, kb: KnowledgeBase
) -> None:
    store = backend.store()
    runner = TurnRunner(store=store, kb=kb, settings=settings_of())
    for n, text in enumerate(["start", "1", "what is an SLA?", "2"]):
        assert (await runner.run(turn(text, f"Ev{n}"))).outcome == "ok"
    session_id = turn("x", "x").session_id
    claim = backend.keys.claim(session_id, "slack:T1:Ev0")
    assert await backend.get_raw(claim) is not None, "claims are kept under the conversation"
    assert "Ev0" not in claim, "a claim is named by a digest of the event id"

    assert (await runner.run(turn("forget", "Ev9"))).session is None
    for n in range(4):
        assert await backend.get_raw(backend.keys.claim(session_id, f"slack:T1:Ev{n}")) is None
    if isinstance(store, MemorySessionStore):
        assert store.live_entries() == 0, "nothing of the conversation is left"
    else:
        assert isinstance(backend.admin, redis.asyncio.Redis)  # type: ignore[attr-defined]
        left = await _names(backend.admin, f"{backend.keys.prefix}:*")  # type: ignore[attr-defined]
        assert left == [], "nothing of the conversation is left"
    # A new event afterwards starts a new conversation: the store still works.
    assert (await runner.run(turn("start", "Ev10"))).outcome == "ok"


async def test_claims_index_drops_expired_claims(
    redis_admin: redis.asyncio.Redis, redis_prefix: str, redis_url: str
) -> None:
    store = RedisSessionStore.from_url(redis_url, prefix=redis_prefix, ttl_seconds=SESSION_TTL)
    key = "slack:T1:D1"
    try:
        assert await store.claim("slack:T1:EvOld", 1, key)
        await redis_admin.pexpire(store.keys.claim(key, "slack:T1:EvOld"), 1)
        await redis_admin.zadd(store.keys.claims(key), {store.keys.claim_member("slack:T1:EvOld"): 1})
        assert await store.claim("slack:T1:EvNew", 60, key)
        members = await redis_admin.zrange(store.keys.claims(key), 0, -1)
        assert members == [store.keys.claim_member("slack:T1:EvNew").encode()]
        assert 0 < await redis_admin.pttl(store.keys.claims(key)) <= 60_000
    finally:
        await store.close()
        await delete_prefix(redis_admin, store.keys)


async def test_a_claim_of_an_older_release_is_still_honoured_on_standalone(
    redis_admin: redis.asyncio.Redis, redis_prefix: str, redis_url: str, kb: KnowledgeBase
) -> None:
    """Rolling upgrade: an event an older process claimed (``{prefix}:event:{...}``) and that
    is redelivered to a new process is a duplicate, not a second turn."""
    store = RedisSessionStore.from_url(redis_url, prefix=redis_prefix, ttl_seconds=SESSION_TTL)
    try:
        await redis_admin.set(store.keys.legacy_event("slack:T1:EvLegacy"), "1", ex=60)
        result = await TurnRunner(store=store, kb=kb, settings=settings_of()).run(turn("start", "EvLegacy"))
        assert result.outcome == "duplicate"
        assert await store.load(turn("x", "x").session_id) is None
    finally:
        await store.close()
        await delete_prefix(redis_admin, store.keys)


async def test_no_log_line_carries_a_raw_key(
    backend: Backend, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = backend.store()
    runner = TurnRunner(store=store, kb=kb, settings=settings_of())
    session_id = turn("x", "x").session_id
    await backend.put_raw(backend.keys.session(session_id), b"{not json")
    assert (await runner.run(turn("start", "EvA"))).outcome == "ok"
    assert "discarding stored session" in caplog.text
    for record in caplog.records:
        message = record.getMessage() + str(record.__dict__.get("conversation", ""))
        assert USER_CONVERSATION not in message and escape(session_id) not in message, message
