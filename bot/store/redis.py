"""The Redis session store: one JSON string per conversation, compare-and-set in Lua.

Failure behaviour: a pooled ``redis.asyncio`` client retries connection errors and timeouts a
few times with jittered exponential backoff, every socket operation has a short timeout, and
every store call has an overall deadline, so a dead or paused Redis fails a turn in about two
seconds. Every Redis or socket error surfaces as ``StoreUnavailable``, raised from the original.

Retries and exactly-once: a retried write may have been applied once already (its reply was
lost). The compare-and-set then finds its own value in place; when the call saw a retry and the
stored JSON is exactly the JSON it wrote, that is its own write and the save succeeds instead of
reporting a conflict that would make the caller apply the turn twice. A claim stores a random
token for the same reason: a claim that finds its own token in place is its own, retried.

Round trips: a turn is ``claim_and_load`` (one script: the claim, and the session when the claim
is won) and ``save`` (one script), so two. The claim script touches the event key and the
session key, whose hash tags differ: on Redis Cluster the two would have to share a slot.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.connection import (
    AbstractConnection,
    Connection,
    SSLConnection,
    UnixDomainSocketConnection,
)
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialWithJitterBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.store import codec
from bot.store.base import Conflict, StoreUnavailable
from bot.store.keys import KeyScheme
from bot.store.urls import RedisTarget, parse_redis_url
from dialogs.session import SCHEMA_VERSION, Session

log = logging.getLogger("bot.store")

T = TypeVar("T")

# KEYS[1] session key; ARGV: expected rev, new JSON, TTL seconds, schema version.
# Returns {1, new rev} when written, {2, rev} when the stored JSON already is the new JSON,
# {0, rev} on conflict. The revision rule mirrors codec.stored_rev.
CAS_LUA = """
local stored = redis.call('GET', KEYS[1])
local rev = 0
if stored then
  local ok, doc = pcall(cjson.decode, stored)
  if ok and type(doc) == 'table' and type(doc['schema_version']) == 'number'
      and doc['schema_version'] == tonumber(ARGV[4]) and type(doc['rev']) == 'number' then
    rev = doc['rev']
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

# KEYS[1] event key, KEYS[2] (optional) session key; ARGV: this call's random token, claim TTL.
# Returns {0} when another call holds the claim; otherwise the claim is this call's (just stored,
# or stored by an attempt of this call whose reply was lost) and it returns {1}, or with a
# session key {1, session JSON or nil}.
CLAIM_LUA = """
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
  if redis.call('GET', KEYS[1]) ~= ARGV[1] then
    return {0}
  end
end
if KEYS[2] then
  return {1, redis.call('GET', KEYS[2])}
end
return {1}
"""

# Deletes KEYS[1] only while it still holds ARGV[1]: the unreadable value ``load`` discards, or
# the token of a claim given back.
DISCARD_LUA = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


@dataclass(frozen=True, slots=True)
class RedisOptions:
    """Timeouts and retries. The defaults bound a failing call at about ``op_timeout``."""

    socket_timeout: float = 0.5
    """Seconds to wait for one reply (or to send one command)."""
    socket_connect_timeout: float = 0.5
    retries: int = 2
    """Retries after the first attempt, on connection errors and timeouts only."""
    backoff_base: float = 0.05
    backoff_cap: float = 0.25
    health_check_interval: int = 15
    """A connection idle this many seconds is PINGed before it is used again."""
    op_timeout: float = 2.0
    """Overall deadline of one store call, retries included."""
    ping_timeout: float = 1.0
    undo_timeout: float = 0.25
    """Deadline of giving back a claim whose session could not be read (best effort)."""
    max_connections: int = 64
    """Connections per process. When all are busy a call waits for one (within
    ``op_timeout``) instead of failing: bursts queue rather than error."""
    client_name: str | None = None
    ca_file: str | None = None
    """CA bundle that verifies a ``rediss://`` server (``ADVISOR_REDIS_CA_FILE``); None: the
    system's trust store. Verification is always on."""


class _Retried:
    """Set when the running call was retried: only ``save`` needs to know (claims carry a token)."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen = False


_RETRIED: ContextVar[_Retried | None] = ContextVar("bot_store_retried", default=None)


class _ReplayAwareRetry(Retry):
    """redis-py's ``Retry`` that tells the running store call that it retried."""

    async def call_with_retry(
        self,
        do: Callable[[], Awaitable[T]],
        fail: Callable[[Exception], Any] | Callable[[Exception, int], Any],
        is_retryable: Callable[[Exception], bool] | None = None,
        with_failure_count: bool = False,
    ) -> T:
        def on_failure(error: Exception, *count: int) -> Any:
            marker = _RETRIED.get()
            if marker is not None:
                marker.seen = True
            return fail(error, *count)

        return await super().call_with_retry(do, on_failure, is_retryable, with_failure_count)


def _token() -> str:
    """A claim's random value: finding it in place again means this call stored the claim."""
    return secrets.token_hex(8)


def make_client(url: str | RedisTarget, options: RedisOptions | None = None) -> Redis:
    """A pooled client for ``url`` (``redis://``, ``rediss://`` or ``unix://``) with ``options``.

    The URL is checked by ``bot.store.urls`` (a ``RedisUrlError`` names what is wrong).
    """
    opts = options or RedisOptions()
    target = parse_redis_url(url) if isinstance(url, str) else url
    retry = _ReplayAwareRetry(
        ExponentialWithJitterBackoff(cap=opts.backoff_cap, base=opts.backoff_base),
        opts.retries,
    )
    pool = BlockingConnectionPool(
        connection_class=_connection_class(target),
        **target.connection_kwargs(),
        **tls_kwargs(target, opts),
        max_connections=opts.max_connections,
        timeout=opts.op_timeout,
        socket_timeout=opts.socket_timeout,
        socket_connect_timeout=opts.socket_connect_timeout,
        retry=retry,
        retry_on_error=[RedisConnectionError, RedisTimeoutError],
        health_check_interval=opts.health_check_interval,
        client_name=opts.client_name,
    )
    client: Redis = Redis.from_pool(pool)
    return client


def _connection_class(target: RedisTarget) -> type[AbstractConnection]:
    if target.scheme == "unix":
        return UnixDomainSocketConnection
    return SSLConnection if target.tls else Connection


def tls_kwargs(target: RedisTarget, options: RedisOptions) -> dict[str, Any]:
    """TLS settings of a ``rediss://`` target: certificate and host name verified, against
    ``options.ca_file`` when given (else the system's trust store)."""
    if not target.tls:
        return {}
    return {
        "ssl_cert_reqs": "required",
        "ssl_check_hostname": True,
        "ssl_ca_certs": options.ca_file,
    }


class RedisSessionStore:
    """``SessionStore`` on Redis. Owns its client: ``close`` closes the pool."""

    def __init__(
        self,
        client: Redis,
        *,
        ttl_seconds: int = codec.DEFAULT_TTL_SECONDS,
        prefix: str = "advisor:v1",
        options: RedisOptions | None = None,
    ) -> None:
        codec.check_ttl(ttl_seconds)
        self.keys = KeyScheme(prefix)
        self.ttl_seconds = ttl_seconds
        self.options = options or RedisOptions()
        self._redis = client
        self._cas = client.register_script(CAS_LUA)
        self._claim = client.register_script(CLAIM_LUA)
        self._discard = client.register_script(DISCARD_LUA)

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        ttl_seconds: int = codec.DEFAULT_TTL_SECONDS,
        prefix: str = "advisor:v1",
        options: RedisOptions | None = None,
    ) -> RedisSessionStore:
        """Build the store and its pool without connecting (the first call connects)."""
        opts = options or RedisOptions()
        return cls(make_client(url, opts), ttl_seconds=ttl_seconds, prefix=prefix, options=opts)

    @property
    def client(self) -> Redis:
        """The underlying client, for measurements and administration."""
        return self._redis

    async def load(self, key: str) -> Session | None:
        name = self.keys.session(key)
        raw: bytes | None = await self._call("GET", self._redis.get(name))
        return await self._decode(name, raw)

    async def save(self, key: str, session: Session, *, expected_rev: int) -> Session:
        name = self.keys.session(key)
        stored, raw = codec.encode(session, expected_rev=expected_rev)
        marker = _Retried()
        token = _RETRIED.set(marker)
        try:
            reply = await self._call(
                "save",
                self._cas(
                    keys=[name], args=[expected_rev, raw, self.ttl_seconds, SCHEMA_VERSION]
                ),
            )
        finally:
            _RETRIED.reset(token)
        status, current = int(reply[0]), int(reply[1])
        if status == 1:
            return stored
        if status == 2 and marker.seen:
            log.info("save of %s was applied before its reply was lost; not a conflict", name)
            return stored
        raise Conflict(f"{name}: stored revision {current}, expected {expected_rev}")

    async def delete(self, key: str) -> None:
        name = self.keys.session(key)
        await self._call("DEL", self._redis.delete(name))

    async def claim(self, event_key: str, ttl: int) -> bool:
        name = self.keys.event(event_key)
        codec.check_ttl(ttl)
        reply = await self._call("claim", self._claim(keys=[name], args=[_token(), ttl]))
        return bool(reply[0])

    async def claim_and_load(
        self, event_key: str | None, ttl: int, key: str
    ) -> tuple[bool, Session | None]:
        if event_key is None:
            return True, await self.load(key)
        event = self.keys.event(event_key)
        codec.check_ttl(ttl)
        name = self.keys.session(key)
        token = _token()
        reply = await self._call("claim", self._claim(keys=[event, name], args=[token, ttl]))
        if not reply[0]:
            return False, None
        try:
            return True, await self._decode(name, reply[1])
        except StoreUnavailable:
            # The claim is won but the unreadable session could not be discarded: give it back.
            await self._give_back(event, token)
            raise

    async def release(self, event_key: str) -> None:
        name = self.keys.event(event_key)
        await self._call("DEL", self._redis.delete(name))

    async def ping(self) -> None:
        await self._call("PING", self._redis.ping(), within=self.options.ping_timeout)

    async def close(self) -> None:
        await self._redis.aclose()

    async def _decode(self, name: str, raw: bytes | None) -> Session | None:
        """The session stored as ``raw`` under ``name``; an unreadable one is deleted."""
        if raw is None:
            return None
        session = codec.decode(raw, key=name)
        if session is None:
            await self._call("discard", self._discard(keys=[name], args=[raw]))
        return session

    async def _give_back(self, event: str, token: str) -> None:
        """Delete the claim ``event`` if it still holds ``token``; best effort, bounded."""
        try:
            await self._call(
                "release", self._discard(keys=[event], args=[token]),
                within=self.options.undo_timeout,
            )
        except StoreUnavailable:
            log.warning("could not release event claim; a redelivery will be treated as handled")

    async def _call(self, op: str, call: Awaitable[Any], *, within: float | None = None) -> Any:
        """Await one Redis call under the overall deadline; every failure is StoreUnavailable."""
        deadline = self.options.op_timeout if within is None else within
        try:
            async with asyncio.timeout(deadline):
                return await call
        except TimeoutError as exc:
            raise StoreUnavailable(f"redis {op}: no answer within {deadline:g} s") from exc
        except (RedisError, OSError) as exc:
            raise StoreUnavailable(f"redis {op}: {type(exc).__name__}: {exc}"[:300]) from exc
