"""The Redis session store: one JSON string per conversation, compare-and-set in Lua.

Failure behaviour: every socket operation has a short timeout, connection errors and timeouts
are retried a few times with jittered exponential backoff (by the connection on standalone
Redis, by the store on a cluster, see ``clients.py``), and every store call has an overall
deadline, so a dead or paused Redis fails a turn in about two seconds. Every Redis or socket
error surfaces as ``StoreUnavailable``, raised from the original.

Retries and exactly-once: a retried write may have been applied once already (its reply was
lost). The compare-and-set then finds its own value in place; when the call saw a retry and the
stored JSON is exactly the JSON it wrote, that is its own write and the save succeeds instead of
reporting a conflict that would make the caller apply the turn twice. A claim stores a random
token for the same reason: a claim that finds its own token in place is its own, retried.

Round trips: a turn is ``claim_and_load`` (one script: the claim, and the session when the claim
is won) and ``save`` (one script), so two. Every key a script touches carries the
conversation's hash tag (``keys.py``), so each script runs on one slot of a Redis Cluster.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio.cluster import RedisCluster
from redis.exceptions import AskError, ClusterDownError, MovedError, RedisError, TryAgainError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
)

from bot.logs import hashed
from bot.store import codec
from bot.store.base import Conflict, StoreUnavailable, Unconfirmed
from bot.store.clients import (
    RETRIED,
    Client,
    Mode,
    RedisOptions,
    Retried,
    make_client,
    mark_retried,
)
from bot.store.codec import CODEC, SessionCodec
from bot.store.keys import KeyScheme
from bot.store.migrations import NewerSession
from bot.store.urls import RedisTarget, SentinelTarget, parse_redis_url
from dialogs.session import Session

log = logging.getLogger("bot.store")

__all__ = ["RedisOptions", "RedisSessionStore", "make_client"]

# KEYS[1] session key; ARGV: expected rev, new JSON, TTL seconds, this release's schema version.
# Returns {1, new rev} when written, {2, rev} when the stored JSON already is the new JSON,
# {0, rev} on conflict, {3, -1} (nothing written) when a newer release wrote the stored session.
# The revision rule mirrors SessionCodec.stored_rev; older versions' revisions count (a turn
# migrates the session it loaded and saves over it).
CAS_LUA = """
local stored = redis.call('GET', KEYS[1])
local rev = 0
if stored then
  local ok, doc = pcall(cjson.decode, stored)
  if ok and type(doc) == 'table' and type(doc['schema_version']) == 'number'
      and doc['schema_version'] >= 1 then
    if doc['schema_version'] > tonumber(ARGV[4]) then
      return {3, -1}
    end
    if type(doc['rev']) == 'number' then
      rev = doc['rev']
    end
  end
end
if rev == tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  return {1, rev + 1}
end
if stored == ARGV[2] then
  return {2, rev}
end
return {0, rev}
"""

# KEYS[1] claim key, KEYS[2] claims index, KEYS[3] session key, KEYS[4] (not on a cluster) the
# claim key of older releases; ARGV: this call's random token, claim TTL seconds, the claim's
# index member, '1' to read the session. Returns {0} when another call holds the claim;
# otherwise the claim is this call's (just stored, or stored by an attempt of this call whose
# reply was lost) and it returns {1} or {1, session JSON or nil}. The index (expiry in ms by
# member) is trimmed of expired claims on every claim and lives as long as its newest claim.
CLAIM_LUA = """
if KEYS[4] and redis.call('EXISTS', KEYS[4]) == 1 then
  return {0}
end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
  if redis.call('GET', KEYS[1]) ~= ARGV[1] then
    return {0}
  end
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl_ms = tonumber(ARGV[2]) * 1000
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZADD', KEYS[2], now + ttl_ms, ARGV[3])
redis.call('PEXPIRE', KEYS[2], ttl_ms)
if ARGV[4] == '1' then
  return {1, redis.call('GET', KEYS[3])}
end
return {1}
"""

# KEYS[1] claim key, KEYS[2] claims index; ARGV: token ('' for any holder), index member.
RELEASE_LUA = """
if ARGV[1] == '' or redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('ZREM', KEYS[2], ARGV[2])
  return redis.call('DEL', KEYS[1])
end
return 0
"""

# KEYS[1] session key, KEYS[2] claims index; ARGV[1] the claim keys' common start. Deletes
# the session, every claim the index names and the index: nothing naming the conversation is
# left. (The claim keys share KEYS[1]'s hash tag, so they live in the script's slot.)
FORGET_LUA = """
local members = redis.call('ZRANGE', KEYS[2], 0, -1)
for _, member in ipairs(members) do
  redis.call('DEL', ARGV[1] .. member)
end
return redis.call('DEL', KEYS[1], KEYS[2])
"""

# Deletes KEYS[1] only while it still holds ARGV[1]: the unreadable value ``load`` discards.
DISCARD_LUA = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""

Script = Callable[..., Awaitable[Any]]

_REDIRECTS = 3
"""``MOVED``/``ASK`` redirections one compare-and-set with ``WAIT`` follows on a cluster."""

_RETRYABLE = (RedisConnectionError, RedisTimeoutError, ClusterDownError, TryAgainError)
"""Errors the store retries itself on a cluster (a node down, a failover, a slot moving)."""

_CLUSTER_RACE = AttributeError
"""redis-py 8.1's async cluster client can close a connection (topology refresh after a node
failed) while another task is connecting on it, which surfaces as ``AttributeError`` on its
``None`` writer. ``_call`` awaits only client calls, so on a cluster it is treated as a
dropped connection: retried, then ``StoreUnavailable``."""


def _token() -> str:
    """A claim's random value: finding it in place again means this call stored the claim."""
    return secrets.token_hex(8)


class RedisSessionStore:
    """``SessionStore`` on Redis (standalone or cluster). Owns its client: ``close`` closes it."""

    def __init__(
        self,
        client: Client,
        *,
        ttl_seconds: int,
        prefix: str,
        options: RedisOptions | None = None,
        mode: Mode = "standalone",
        session_codec: SessionCodec = CODEC,
    ) -> None:
        codec.check_ttl(ttl_seconds)
        self.codec = session_codec
        self.keys = KeyScheme(prefix)
        self.ttl_seconds = ttl_seconds
        self.options = options or RedisOptions()
        self.mode = mode
        self._redis = client
        self._store_retries = self.options.retries if mode == "cluster" else 0
        self._cas = self._script(CAS_LUA)
        self._claim = self._script(CLAIM_LUA)
        self._release = self._script(RELEASE_LUA)
        self._forget = self._script(FORGET_LUA)
        self._discard = self._script(DISCARD_LUA)

    def _script(self, source: str) -> Script:
        """A script runner: ``EVALSHA`` (loaded once) on one server; plain ``EVAL`` on a
        cluster, where a slot migrating (``ASK``) or a promoted replica meets a node that has
        not loaded the script (redis-py's ``NOSCRIPT`` fallback then loads it on every node,
        racing the turn)."""
        if self.mode == "standalone":
            registered: Script = self._redis.register_script(source)
            return registered
        client = self._redis

        async def run(keys: list[str], args: list[str | int]) -> Any:
            return await client.eval(source, len(keys), *keys, *args)

        return run

    @classmethod
    def from_url(
        cls,
        url: str | RedisTarget,
        *,
        ttl_seconds: int,
        prefix: str,
        options: RedisOptions | None = None,
        mode: Mode = "standalone",
        sentinel: SentinelTarget | None = None,
        session_codec: SessionCodec = CODEC,
    ) -> RedisSessionStore:
        """Build the store and its client without connecting (the first call connects)."""
        opts = options or RedisOptions()
        target = parse_redis_url(url) if isinstance(url, str) else url
        client = make_client(target, opts, mode, sentinel)
        return cls(client, ttl_seconds=ttl_seconds, prefix=prefix, options=opts, mode=mode,
                   session_codec=session_codec)

    @property
    def client(self) -> Client:
        """The underlying client, for measurements and administration."""
        return self._redis

    async def load(self, key: str) -> Session | None:
        name = self.keys.session(key)
        raw: bytes | None = await self._call("GET", lambda: self._redis.get(name))
        return await self._decode(name, raw)

    async def save(self, key: str, session: Session, *, expected_rev: int) -> Session:
        name = self.keys.session(key)
        stored, raw = self.codec.encode(session, expected_rev=expected_rev)
        marker = Retried()
        token = RETRIED.set(marker)
        args: list[str | int] = [expected_rev, raw, self.ttl_seconds, self.codec.version]
        wait = self.options.wait_replicas
        try:
            if wait:
                reply, confirmed = await self._call("save", lambda: self._cas_and_wait(name, args))
            else:
                reply = await self._call("save", lambda: self._cas(keys=[name], args=args))
        finally:
            RETRIED.reset(token)
        status, current = int(reply[0]), int(reply[1])
        if status == 3:
            raise NewerSession(self.codec.version + 1, self.codec.version)
        own = status == 1 or (status == 2 and marker.seen)
        if wait and own and int(confirmed) < wait:
            raise Unconfirmed(
                f"redis save: {confirmed} of {wait} replicas confirmed within "
                f"{self.options.wait_timeout_ms} ms"
            )
        if status == 1:
            return stored
        if status == 2 and marker.seen:
            log.info(
                "save was applied before its reply was lost; not a conflict",
                extra={"conversation": hashed(name)},
            )
            return stored
        raise Conflict(f"session {hashed(name)}: stored revision {current}, expected {expected_rev}")

    async def _cas_and_wait(self, name: str, args: list[str | int]) -> tuple[Any, Any]:
        """The compare-and-set and ``WAIT`` in one round trip on one connection (``WAIT``
        counts the replicas that have this connection's writes)."""
        timeout = self.options.wait_timeout_ms
        if timeout is None:  # RedisOptions refuses wait_replicas without a timeout
            raise ValueError("WAIT without a timeout")
        wait = ("WAIT", self.options.wait_replicas, timeout)
        if isinstance(self._redis, RedisCluster):
            return await self._cas_and_wait_on_master(self._redis, name, args, wait)
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.eval(CAS_LUA, 1, name, *args)
            pipe.execute_command(*wait)
            cas, confirmed = await pipe.execute()
        return cas, confirmed

    @staticmethod
    async def _cas_and_wait_on_master(
        cluster: RedisCluster, name: str, args: list[str | int], wait: tuple[str, int, int]
    ) -> tuple[Any, Any]:
        """On a cluster: both commands sent to the master of ``name``'s slot
        (``get_node_from_key``), so redis-py's cluster pipeline puts them on one connection
        there. A ``MOVED`` or ``ASK`` (slot migrating) was not applied: both go again to the
        node it names (after ``ASKING`` for an ``ASK``), never split across two nodes, where
        ``WAIT`` would count replicas of a connection that wrote nothing."""
        node = cluster.get_node_from_key(name)
        asking = False
        for _ in range(_REDIRECTS):
            if node is None:
                break
            pipe = cluster.pipeline()
            if asking:
                pipe.execute_command("ASKING", target_nodes=node)
            pipe.execute_command("EVAL", CAS_LUA, 1, name, *args, target_nodes=node)
            pipe.execute_command(*wait, target_nodes=node)
            *_, cas, confirmed = await pipe.execute(raise_on_error=False, allow_redirections=False)
            if isinstance(cas, AskError):  # MovedError is an AskError too
                asking = not isinstance(cas, MovedError)
                node = cluster.get_node(host=cas.host, port=cas.port)
                continue
            for result in (cas, confirmed):
                if isinstance(result, Exception):
                    raise result
            return cas, confirmed
        raise TryAgainError(f"slot of {hashed(name)} kept moving or its master is unknown")

    async def delete(self, key: str) -> None:
        """Forget: the session, every event claim of the conversation and their index."""
        keys = [self.keys.session(key), self.keys.claims(key)]
        base = self.keys.claim_base(key)
        await self._call("forget", lambda: self._forget(keys=keys, args=[base]))

    async def claim(self, event_key: str, ttl: int, key: str) -> bool:
        won, _ = await self._claim_call(event_key, ttl, key, _token(), load=False)
        return won

    async def claim_and_load(
        self, event_key: str | None, ttl: int, key: str
    ) -> tuple[bool, Session | None]:
        if event_key is None:
            return True, await self.load(key)
        token = _token()
        won, raw = await self._claim_call(event_key, ttl, key, token, load=True)
        if not won:
            return False, None
        try:
            return True, await self._decode(self.keys.session(key), raw)
        except (StoreUnavailable, NewerSession):
            # The claim is won but the turn cannot go on (the unreadable session could not be
            # discarded, or a newer release wrote it): give the claim back for the redelivery.
            await self._give_back(event_key, key, token)
            raise

    async def release(self, event_key: str, key: str) -> None:
        await self._release_call(event_key, key, "")

    async def ping(self) -> None:
        await self._call("PING", self._redis.ping, within=self.options.ping_timeout)

    async def close(self) -> None:
        await self._redis.aclose()

    async def _claim_call(
        self, event_key: str, ttl: int, key: str, token: str, *, load: bool
    ) -> tuple[bool, Any]:
        codec.check_ttl(ttl)
        keys = [self.keys.claim(key, event_key), self.keys.claims(key), self.keys.session(key)]
        if self.mode != "cluster":  # older releases ran on one primary: honour their claims
            keys.append(self.keys.legacy_event(event_key))
        args: list[str | int] = [token, ttl, self.keys.claim_member(event_key), "1" if load else "0"]
        reply = await self._call("claim", lambda: self._claim(keys=keys, args=args))
        if not reply[0]:
            return False, None
        return True, reply[1] if load else None

    async def _release_call(
        self, event_key: str, key: str, token: str, *, within: float | None = None
    ) -> None:
        keys = [self.keys.claim(key, event_key), self.keys.claims(key)]
        args = [token, self.keys.claim_member(event_key)]
        await self._call("release", lambda: self._release(keys=keys, args=args), within=within)

    async def _decode(self, name: str, raw: bytes | None) -> Session | None:
        """The session stored as ``raw`` under ``name``; an unreadable one is deleted."""
        if raw is None:
            return None
        session = self.codec.decode(raw, key=name)
        if session is None:
            await self._call("discard", lambda: self._discard(keys=[name], args=[raw]))
        return session

    async def _give_back(self, event_key: str, key: str, token: str) -> None:
        """Delete the claim if it still holds ``token``; best effort, bounded."""
        try:
            await self._release_call(event_key, key, token, within=self.options.undo_timeout)
        except StoreUnavailable:
            log.warning("could not release event claim; a redelivery will be treated as handled")

    def _cluster_retrying(self, op: str) -> AsyncRetrying:
        """On a cluster a call meets failovers and slot moves redis-py's client does not hide:
        it is tried again (``_store_retries`` times, redis-py's backoff), each retry marked so
        a write that was applied before its reply was lost is recognised."""
        backoff = self.options.backoff()

        def retried(state: RetryCallState) -> None:
            failed = state.outcome.exception() if state.outcome is not None else None
            log.debug("redis %s retried after %s", op, type(failed).__name__)
            mark_retried()

        return AsyncRetrying(
            retry=retry_if_exception_type((*_RETRYABLE, _CLUSTER_RACE)),
            stop=stop_after_attempt(self._store_retries + 1),
            wait=lambda state: backoff.compute(state.attempt_number),
            before_sleep=retried,
            reraise=True,
        )

    async def _call(
        self, op: str, call: Callable[[], Awaitable[Any]], *, within: float | None = None
    ) -> Any:
        """Run one Redis call under the overall deadline (retrying it on a cluster); every
        failure is ``StoreUnavailable``."""
        deadline = self.options.call_deadline if within is None else within
        try:
            async with asyncio.timeout(deadline):
                if not self._store_retries:  # one server: redis-py's own Retry is enough
                    return await call()
                async for attempt in self._cluster_retrying(op):
                    with attempt:
                        return await call()
        except TimeoutError as exc:
            raise StoreUnavailable(f"redis {op}: no answer within {deadline:g} s") from exc
        except (RedisError, OSError, _CLUSTER_RACE) as exc:
            if isinstance(exc, _CLUSTER_RACE) and self.mode != "cluster":
                raise
            raise StoreUnavailable(f"redis {op}: {type(exc).__name__}: {exc}"[:300]) from exc
        raise AssertionError("unreachable")  # pragma: no cover
