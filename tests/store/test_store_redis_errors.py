"""RedisSessionStore: every Redis failure is one StoreUnavailable, and retries never double-apply."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import redis.asyncio
from redis.asyncio.connection import AbstractConnection
from redis.exceptions import (
    BusyLoadingError,
    OutOfMemoryError,
    ReadOnlyError,
    ResponseError,
)
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.store import codec
from bot.store.base import Conflict, StoreUnavailable, Unconfirmed
from bot.store.redis import CAS_LUA, DISCARD_LUA, RELEASE_LUA, RedisOptions, RedisSessionStore
from dialogs.session import SCHEMA_VERSION, Session
from tests.support.defaults import PREFIX, SESSION_TTL
from tests.support.hung import HUNG_AFTER
from tests.support.redis_servers import delete_prefix

KEY = "slack:T1:C1"

OPS: dict[str, Callable[[RedisSessionStore], Awaitable[object]]] = {
    "load": lambda s: s.load(KEY),
    "save": lambda s: s.save(KEY, Session(), expected_rev=0),
    "delete": lambda s: s.delete(KEY),
    "claim": lambda s: s.claim("slack:T1:Ev1", 60, KEY),
    "claim_and_load": lambda s: s.claim_and_load("slack:T1:Ev1", 60, KEY),
    "release": lambda s: s.release("slack:T1:Ev1", KEY),
    "ping": lambda s: s.ping(),
}

ERRORS = [
    RedisConnectionError("Connection reset by peer"),
    RedisTimeoutError("Timeout reading from socket"),
    BusyLoadingError("Redis is loading the dataset in memory"),
    OutOfMemoryError("command not allowed when used memory > 'maxmemory'."),
    ResponseError("OOM command not allowed when used memory > 'maxmemory'."),
    ReadOnlyError("You can't write against a read only replica."),
    ConnectionResetError(104, "Connection reset by peer"),
    OSError(113, "No route to host"),
    TimeoutError("socket timed out"),
]

OpenStore = Callable[..., RedisSessionStore]

DISCARD_SHA = hashlib.sha1(DISCARD_LUA.encode(), usedforsecurity=False).hexdigest()
RELEASE_SHA = hashlib.sha1(RELEASE_LUA.encode(), usedforsecurity=False).hexdigest()
"""The name Redis knows the discard script by (``EVALSHA`` sends it, not the script)."""


@pytest.fixture
async def store(redis_url: str, redis_prefix: str) -> AsyncIterator[RedisSessionStore]:
    made = RedisSessionStore.from_url(
        redis_url,
        prefix=redis_prefix,
        ttl_seconds=SESSION_TTL,
        options=RedisOptions(op_timeout=0.3, ping_timeout=0.2),
    )
    yield made
    await made.close()


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
async def test_every_redis_error_is_store_unavailable(
    store: RedisSessionStore, monkeypatch: pytest.MonkeyPatch, op: str, error: Exception
) -> None:
    async def failing(*args: Any, **options: Any) -> Any:
        raise error

    monkeypatch.setattr(store.client, "execute_command", failing)
    with pytest.raises(StoreUnavailable) as caught:
        await OPS[op](store)
    assert caught.value.__cause__ is error


@pytest.mark.parametrize("op", OPS)
async def test_a_call_that_never_answers_hits_the_deadline(
    store: RedisSessionStore, monkeypatch: pytest.MonkeyPatch, op: str
) -> None:
    async def hanging(*args: Any, **options: Any) -> Any:
        await asyncio.sleep(60)

    monkeypatch.setattr(store.client, "execute_command", hanging)
    # The store's own deadline raises; the guard only stops the test if that deadline is gone.
    async with asyncio.timeout(HUNG_AFTER):
        with pytest.raises(StoreUnavailable, match="no answer"):
            await OPS[op](store)


async def test_client_settings_bound_every_call(redis_url: str) -> None:
    store = RedisSessionStore.from_url(redis_url, prefix=PREFIX, ttl_seconds=SESSION_TTL)
    try:
        kwargs = store.client.connection_pool.connection_kwargs
        assert kwargs["socket_timeout"] == 0.5
        assert kwargs["socket_connect_timeout"] == 0.5
        assert kwargs["health_check_interval"] == 15
        assert kwargs["retry"].get_retries() == 2
        assert {RedisConnectionError, RedisTimeoutError} <= set(kwargs["retry_on_error"])
    finally:
        await store.close()


@pytest.fixture
async def open_store(redis_url: str, redis_prefix: str) -> AsyncIterator[OpenStore]:
    """``open_store(**RedisOptions)``: a store on the test Redis; its keys deleted after."""
    made: list[RedisSessionStore] = []

    def open_(**options: Any) -> RedisSessionStore:
        store = RedisSessionStore.from_url(
            redis_url, prefix=redis_prefix, ttl_seconds=SESSION_TTL, options=RedisOptions(**options)
        )
        made.append(store)
        return store

    yield open_
    for store in made:
        await delete_prefix(store.client, store.keys)
        await store.close()


class _LoseReply:
    """Drops the first reply matching ``match`` after Redis executed the command."""

    def __init__(self, match: Callable[[object], bool]) -> None:
        self.match = match
        self.armed = False
        self.dropped = 0

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        original = AbstractConnection.read_response

        async def read_response(conn: AbstractConnection, *args: Any, **kwargs: Any) -> Any:
            reply = await original(conn, *args, **kwargs)
            if self.armed and self.match(reply):
                self.armed = False
                self.dropped += 1
                await conn.disconnect()
                raise RedisConnectionError("reply lost on the way back (injected)")
            return reply

        monkeypatch.setattr(AbstractConnection, "read_response", read_response)


def _said_yes(reply: object) -> bool:
    """A script's {1, ...}: the compare-and-set wrote, or the claim is this call's."""
    return isinstance(reply, list) and reply[:1] == [1]


async def _lose_the_next_yes(store: RedisSessionStore, monkeypatch: pytest.MonkeyPatch) -> _LoseReply:
    """Connect ``store``, then lose the reply of the next script that said yes (it did its work)."""
    lose = _LoseReply(_said_yes)
    lose.install(monkeypatch)
    await store.ping()
    lose.armed = True
    return lose


async def test_a_retried_save_whose_first_attempt_landed_is_not_a_conflict(
    open_store: OpenStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store()
    lose = _LoseReply(_said_yes)
    lose.install(monkeypatch)
    first = await store.save(KEY, Session(turns=1), expected_rev=0)
    lose.armed = True
    second = await store.save(KEY, first.model_copy(update={"turns": 2}), expected_rev=1)
    assert lose.dropped == 1
    assert (second.rev, second.turns) == (2, 2)
    assert await store.load(KEY) == second
    with pytest.raises(Conflict):  # without a retry, the same JSON again is a conflict
        await store.save(KEY, first.model_copy(update={"turns": 2}), expected_rev=1)


async def test_a_lost_reply_without_retries_is_unavailable_and_the_write_stays(
    open_store: OpenStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The caveat of every network store: what Redis applied before the reply was lost stays."""
    store = open_store(retries=0)
    lose = await _lose_the_next_yes(store, monkeypatch)
    with pytest.raises(StoreUnavailable):
        await store.save(KEY, Session(turns=1), expected_rev=0)
    reloaded = await store.load(KEY)
    assert reloaded is not None and reloaded.rev == 1  # the StoreUnavailable caveat
    lose.armed = True
    with pytest.raises(StoreUnavailable):  # the turn fails politely ...
        await store.claim_and_load("slack:T1:Ev1", 60, KEY)
    # ... and its claim stays: a redelivery is refused, as after a lost reply of ``claim``
    assert await store.claim_and_load("slack:T1:Ev1", 60, KEY) == (False, None)
    assert lose.dropped == 2


async def test_a_retried_claim_whose_first_attempt_landed_still_wins(
    open_store: OpenStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store()
    lose = await _lose_the_next_yes(store, monkeypatch)
    assert await store.claim("slack:T1:Ev1", 60, KEY) is True
    assert lose.dropped == 1
    assert await store.claim("slack:T1:Ev1", 60, KEY) is False


@pytest.mark.parametrize("stored", [True, False], ids=["session", "new-conversation"])
async def test_a_retried_claim_and_load_whose_first_attempt_landed_still_wins(
    open_store: OpenStore, monkeypatch: pytest.MonkeyPatch, stored: bool
) -> None:
    store = open_store()
    saved = await store.save(KEY, Session(turns=1), expected_rev=0) if stored else None
    lose = await _lose_the_next_yes(store, monkeypatch)
    assert await store.claim_and_load("slack:T1:Ev1", 60, KEY) == (True, saved)
    assert lose.dropped == 1
    assert await store.claim_and_load("slack:T1:Ev1", 60, KEY) == (False, None)
    other = open_store()  # another process: the claim is held whoever asks
    assert await other.claim_and_load("slack:T1:Ev1", 60, KEY) == (False, None)


@pytest.mark.parametrize("give_back", ["given-back", "give-back-fails"])
async def test_a_won_claim_whose_session_cannot_be_discarded_is_given_back(
    open_store: OpenStore, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    give_back: str,
) -> None:
    """Won, but Redis fails while the unreadable session is deleted: the turn cannot go on, so
    the claim is released again (when it still holds this call's token) for the redelivery."""
    store = open_store()
    session, event = store.keys.session(KEY), store.keys.claim(KEY, "slack:T1:Ev1")
    await store.client.set(session, b"{garbage")
    original = store.client.execute_command
    failed: list[object] = []

    async def flaky(*args: Any, **options: Any) -> Any:
        deleting = args[0] == "EVALSHA" and args[1] in (DISCARD_SHA, RELEASE_SHA)
        if deleting and (not failed or give_back == "give-back-fails"):
            failed.append(args[3])
            raise RedisConnectionError("injected")
        return await original(*args, **options)

    monkeypatch.setattr(store.client, "execute_command", flaky)
    with pytest.raises(StoreUnavailable):
        await store.claim_and_load("slack:T1:Ev1", 60, KEY)
    monkeypatch.undo()
    assert failed[0] == session
    if give_back == "given-back":
        assert await store.client.exists(event) == 0
        assert await store.claim_and_load("slack:T1:Ev1", 60, KEY) == (True, None)
        assert await store.client.exists(session) == 0
    else:
        assert failed == [session, event]
        assert "could not release event claim" in caplog.text
        assert await store.claim_and_load("slack:T1:Ev1", 60, KEY) == (False, None)


REV_SAMPLES: list[bytes | None] = [
    None,
    Session(rev=3).to_json().encode(),
    f'{{"schema_version": {SCHEMA_VERSION}, "rev": 4.0}}'.encode(),
    f'{{"schema_version": {SCHEMA_VERSION}, "rev": true}}'.encode(),
    f'{{"schema_version": {SCHEMA_VERSION}, "rev": "5"}}'.encode(),
    f'{{"schema_version": "{SCHEMA_VERSION}", "rev": 6}}'.encode(),
    f'{{"schema_version": {SCHEMA_VERSION + 1}, "rev": 7}}'.encode(),
    b'{"schema_version": 1, "rev": 8}',
    b'{"schema_version": 0, "rev": 9}',
    f'{{"schema_version": {SCHEMA_VERSION}}}'.encode(),
    b"[1, 2]",
    b"null",
    b"{not json",
    b"\xff\xfe",
]


@pytest.mark.parametrize("raw", REV_SAMPLES, ids=range(len(REV_SAMPLES)))
async def test_lua_and_python_agree_on_the_stored_revision(
    redis_admin: redis.asyncio.Redis, redis_prefix: str, raw: bytes | None
) -> None:
    """The memory backend's rule (codec.stored_rev) is the Lua script's rule."""
    cas = redis_admin.register_script(CAS_LUA)
    name = f"{redis_prefix}:{{rev}}"
    expected = codec.stored_rev(raw)
    try:
        for attempt in (expected + 1, expected):
            if raw is not None:
                await redis_admin.set(name, raw)
            status, _ = await cas(keys=[name], args=[attempt, "{}", 60, SCHEMA_VERSION])
            if expected == codec.NEWER:
                assert status == 3, (raw, attempt)  # never written over
            else:
                assert status == (1 if attempt == expected else 0), (raw, attempt)
    finally:
        await redis_admin.delete(name)


async def test_discard_spares_a_value_written_meanwhile(
    redis_admin: redis.asyncio.Redis, redis_prefix: str
) -> None:
    discard = redis_admin.register_script(DISCARD_LUA)
    name = f"{redis_prefix}:{{discard}}"
    try:
        await redis_admin.set(name, Session(rev=1).to_json())
        assert await discard(keys=[name], args=[b"{garbage"]) == 0
        assert await redis_admin.exists(name) == 1
        await redis_admin.set(name, b"{garbage")
        assert await discard(keys=[name], args=[b"{garbage"]) == 1
        assert await redis_admin.exists(name) == 0
    finally:
        await redis_admin.delete(name)


async def test_a_wait_longer_than_the_socket_timeout_is_unconfirmed_not_a_timeout(
    open_store: OpenStore,
) -> None:
    """``ADVISOR_REDIS_WAIT_TIMEOUT_MS`` above the 0.5 s socket timeout: the connection waits
    for ``WAIT``'s answer (0 replicas here) and the save is ``Unconfirmed`` (applied, the
    polite reply), not a socket timeout that retried the compare-and-set and ended as
    store unavailable."""
    store = open_store(wait_replicas=1, wait_timeout_ms=800)
    replication = await store.client.info("replication")
    assert replication["connected_slaves"] == 0, "this test needs a Redis with no replica"
    assert store.client.connection_pool.connection_kwargs["socket_timeout"] == pytest.approx(1.3)
    with pytest.raises(Unconfirmed, match="0 of 1 replicas confirmed within 800 ms"):
        await store.save(KEY, Session(), expected_rev=0)
    stored = await store.load(KEY)
    assert stored is not None and stored.rev == 1, "applied once"
