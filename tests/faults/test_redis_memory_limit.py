"""Redis at its memory limit with ``noeviction``: writes are refused, the bot says so politely.

A private ``redis-server --maxmemory 2mb --maxmemory-policy noeviction`` (started and killed by
the ``small_redis`` fixture; the shared Redis is never filled) is stuffed with filler keys
until it answers OOM. Then a Slack click (refused at the idempotency claim) and a Teams submit
without an activity id (no claim: refused at the compare-and-set) both get the polite reply and
leave the stored session byte-identical. Once memory is freed the conversation continues from
the last saved answer.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import redis.asyncio
from redis.exceptions import OutOfMemoryError

from bot.store.redis import RedisSessionStore
from tests.faults.flows import SlackDM, teams_answer, teams_start, teams_step
from tests.faults.support import MANAGED, assert_clean_log, assert_consistent
from tests.support.apps import MakeSlack, MakeTeams
from tests.support.redis_servers import RedisProcess

pytestmark = pytest.mark.redis

@pytest.fixture
async def small_admin(small_redis: RedisProcess) -> AsyncIterator[redis.asyncio.Redis]:
    client = redis.asyncio.Redis.from_url(small_redis.url, socket_timeout=5)
    yield client
    await client.aclose()


async def fill_until_oom(admin: redis.asyncio.Redis) -> int:
    """SET filler keys until Redis refuses even a tiny one with OOM; the number written.

    Big values first, then smaller ones: a refused big SET's own query buffer is what pushed
    memory over the limit, and once it is freed a small write would fit again.
    """
    written = 0
    for size in (32 * 1024, 2048, 128, 8):
        for _ in range(5000):
            try:
                await admin.set(f"filler:{written}", b"x" * size)
            except OutOfMemoryError:
                break
            written += 1
        else:
            raise AssertionError("Redis never reached its memory limit")
    # Sitting exactly at the limit is not stable (Redis shrinks idle buffers in the background,
    # and a freed kilobyte lets a small write through): pin the limit a little below usage.
    used = int((await admin.info("memory"))["used_memory"])
    await admin.config_set("maxmemory", str(used - 256 * 1024))
    return written


async def free(admin: redis.asyncio.Redis, count: int) -> None:
    await admin.config_set("maxmemory", "2mb")
    for start in range(0, count, 500):
        await admin.delete(*[f"filler:{i}" for i in range(start, min(count, start + 500))])


async def test_out_of_memory_gets_the_polite_reply_and_writes_nothing(
    small_redis: RedisProcess, small_admin: redis.asyncio.Redis,
    make_store: Callable[..., RedisSessionStore], make_slack: MakeSlack, make_teams: MakeTeams,
    caplog: pytest.LogCaptureFixture,
) -> None:
    info: dict[str, Any] = await small_admin.config_get("maxmemory*")
    assert info["maxmemory-policy"] == "noeviction" and int(info["maxmemory"]) == 2 * 1024 * 1024
    store = make_store(small_redis.url)
    dm = SlackDM(await make_slack(store))
    chat = await make_teams(store)

    first = await dm.start()
    second = await dm.answer(first)
    teams_first = await teams_start(chat)

    slack_before = await small_admin.get(store.keys.session(dm.session_id))
    teams_before = await small_admin.get(store.keys.session(chat.session_id))
    assert slack_before is not None and teams_before is not None
    written = await fill_until_oom(small_admin)

    # Slack: the claim (SET NX) is refused first.
    seen = await dm.click(second)
    assert seen.store_down, seen.texts
    # Teams without an activity id: no claim, so the compare-and-set itself is refused.
    no_id = teams_answer(chat, teams_first)
    del no_id["id"]
    teams_seen = await teams_step(chat, no_id)
    assert chat.last_status == 201
    assert teams_seen.store_down, teams_seen.texts

    failures = [str(r.exc_info[1]) for r in caplog.records
                if r.name == "advisor.turns" and r.exc_info and r.exc_info[1] is not None]
    assert any(f.startswith("redis claim: OutOfMemoryError") for f in failures), failures
    assert any(f.startswith("redis save: OutOfMemoryError") for f in failures), failures
    assert await small_admin.get(store.keys.session(dm.session_id)) == slack_before
    assert await small_admin.get(store.keys.session(chat.session_id)) == teams_before
    metrics = await (await dm.slack.client.get("/metrics")).text()
    assert 'advisor_turns_total{outcome="store_unavailable",platform="slack"} 1.0' in metrics
    metrics = await (await chat.client.get("/metrics")).text()
    assert 'advisor_turns_total{outcome="store_unavailable",platform="teams"} 1.0' in metrics

    await free(small_admin, written)
    seen = await dm.say("help")
    assert seen.question == second, "continues from the last saved answer"
    seen = await dm.click(second)
    assert not seen.store_down and (seen.question or seen.models)
    teams_seen = await teams_step(chat, no_id)
    assert not teams_seen.store_down and teams_seen.question not in (None, teams_first)

    assert_consistent(await store.load(dm.session_id),
                      [(first, MANAGED[first]), (second, MANAGED[second])], turns=4)
    assert_consistent(await store.load(chat.session_id),
                      [(teams_first, MANAGED[teams_first])], turns=2)
    assert_clean_log(caplog)
