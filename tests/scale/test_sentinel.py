"""Redis Sentinel (issue 16.2): a primary, a replica and three sentinels on loopback; the app
runs with ``ADVISOR_REDIS_MODE=sentinel``. The primary is SIGKILLed mid-conversation:
``/readyz`` goes 503 and back to 200 after the failover without a restart, turns during the
failover get the polite reply (and are redelivered, as platforms do), nothing acknowledged is
lost and nothing is applied twice."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import pytest

from bot.appkeys import RUNNER, STORE
from bot.server import build_app
from bot.settings import Settings
from bot.store.redis import RedisOptions, RedisSessionStore
from bot.turns import TurnRunner
from knowledge import KnowledgeBase
from tests.scale.support import Ledger, assert_exactly_once, deliver, turn
from tests.support.defaults import SESSION_TTL, settings_of
from tests.support.redis_servers import SERVICE, SentinelSet, wait_for


async def _status(client: Any) -> int:
    return int((await client.get("/readyz")).status)


async def _until(client: Any, status: int, within: float = 30.0) -> None:
    deadline = time.monotonic() + within
    seen: list[int] = []
    while time.monotonic() < deadline:
        seen.append(await _status(client))
        if seen[-1] == status:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"/readyz never answered {status} in {within:g} s: {seen[-10:]}")


async def test_a_primary_killed_mid_conversation_fails_over_without_a_restart(
    sentinels: SentinelSet, aiohttp_client: Any, make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(
        advisor_redis_mode="sentinel", advisor_redis_sentinels=sentinels.sentinel_list,
        advisor_redis_sentinel_service=SERVICE, advisor_redis_prefix="advisor-test:sentinel",
    )
    app = build_app(settings)
    client = await aiohttp_client(app)
    runner = app[RUNNER]
    store = app[STORE]
    assert isinstance(store, RedisSessionStore) and store.mode == "sentinel"
    assert await _status(client) == 200
    conversations = [f"D{n}" for n in range(6)]
    ledger = Ledger()
    paused = asyncio.Barrier(len(conversations) + 1)
    go_on = asyncio.Event()

    async def talk(conversation: str) -> None:
        for n in range(16):
            if n == 4:
                await paused.wait()
                await go_on.wait()
            await deliver(runner, turn(conversation, n), ledger)

    old = sentinels.primary_port()
    assert old == sentinels.primary.port
    async with asyncio.timeout(120):
        talking = asyncio.gather(*(talk(c) for c in conversations))
        await paused.wait()
        wait_for("the replica to have every write", sentinels.replica_in_sync)
        sentinels.primary.kill()
        await _until(client, 503, within=10)
        go_on.set()
        await talking
        await _until(client, 200)
    assert sentinels.primary_port() == sentinels.replica.port, "the replica was promoted"
    assert ledger.polite > 0, "some turns fell into the failover and got the polite reply"
    await assert_exactly_once(store, conversations, ledger)


def test_sentinel_settings_are_checked_up_front(make_settings: Callable[..., Settings]) -> None:
    from bot.settings import SettingsError

    with pytest.raises(SettingsError, match="ADVISOR_REDIS_SENTINEL_SERVICE"):
        make_settings(advisor_redis_mode="sentinel", advisor_redis_sentinels="127.0.0.1:26379")
    with pytest.raises(SettingsError, match=r"ADVISOR_REDIS_SENTINELS.*port"):
        make_settings(advisor_redis_mode="sentinel", advisor_redis_sentinels="h:x",
                      advisor_redis_sentinel_service="s")


async def test_wait_durability_confirms_each_save_or_answers_politely(
    sentinels: SentinelSet, kb: KnowledgeBase,
) -> None:
    """``ADVISOR_REDIS_WAIT_REPLICAS=1``: a save returns once the replica has it. With the
    replica gone, the save is applied on the primary but unconfirmed: the user gets the polite
    reply, the claim stays (a redelivery is a duplicate, not a second application)."""
    store = RedisSessionStore.from_url(
        f"redis://127.0.0.1:{sentinels.primary.port}/0", prefix="advisor-test:wait", ttl_seconds=SESSION_TTL,
        options=RedisOptions(wait_replicas=1, wait_timeout_ms=1000),  # see WAIT, test_cluster.py
    )
    runner = TurnRunner(store=store, kb=kb, settings=settings_of())
    ledger = Ledger()
    try:
        for n in range(3):
            await deliver(runner, turn("DW", n), ledger)
        assert ledger.polite == 0
        sentinels.replica.kill()
        wait_for("the primary to see its replica gone",
                 lambda: sentinels.primary.info("replication")["connected_slaves"] == 0)
        result = await runner.run(turn("DW", 3))
        assert result.outcome == "store_unavailable"
        assert (await runner.run(turn("DW", 3))).outcome == "duplicate"
        session = await store.load(turn("DW", 0).session_id)
        assert session is not None and session.turns == 4, "applied once, on the primary"
    finally:
        await store.close()
