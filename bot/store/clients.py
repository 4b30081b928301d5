"""Redis clients for each ``ADVISOR_REDIS_MODE``, built without I/O from a checked target.

* ``standalone``: a blocking pool of connections to one server. redis-py's ``Retry`` retries
  connection errors and timeouts on the connection (``ReplayAwareRetry`` tells the store).
* ``sentinel``: redis-py's ``Sentinel``: the client asks the sentinels for the primary of a
  service before each new connection, so after a failover new connections go to the promoted
  replica without a restart (``REDIS_URL``, optional, supplies password, database and TLS).
* ``cluster``: redis-py's ``RedisCluster`` (``REDIS_URL`` names any node; the rest are found
  with ``CLUSTER SLOTS``; ``MOVED`` and ``ASK`` are followed by the client). Its own retry loop
  is set to 0 and the store retries instead (``RedisOptions.retries``), so the store knows
  when a write may have been sent twice.

TLS (``rediss://``) always verifies the certificate and the host name, against
``RedisOptions.ca_file`` when given, else the system's trust store.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.cluster import RedisCluster
from redis.asyncio.connection import (
    AbstractConnection,
    Connection,
    SSLConnection,
    UnixDomainSocketConnection,
)
from redis.asyncio.retry import Retry
from redis.asyncio.sentinel import Sentinel
from redis.backoff import ExponentialWithJitterBackoff, NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.store.urls import RedisTarget, RedisUrlError, SentinelTarget

T = TypeVar("T")

Mode = Literal["standalone", "cluster", "sentinel"]
Client = Redis | RedisCluster


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
    """Connections per process (per node on a cluster). When all are busy a standalone call
    waits for one (within ``op_timeout``) instead of failing: bursts queue rather than error."""
    client_name: str | None = None
    wait_replicas: int = 0
    """Replicas that must confirm each session write (``WAIT``) before the turn is answered;
    0: asynchronous replication only (``ADVISOR_REDIS_WAIT_REPLICAS``; on a cluster, replicas
    of the master of the conversation's slot)."""
    wait_timeout_ms: int | None = None
    """How long a save waits for those replicas (``ADVISOR_REDIS_WAIT_TIMEOUT_MS``; its default
    is in ``Settings``); required when ``wait_replicas`` is set."""
    ca_file: str | None = None
    """CA bundle that verifies a ``rediss://`` server (``ADVISOR_REDIS_CA_FILE``); None: the
    system's trust store. Verification is always on."""

    def __post_init__(self) -> None:
        if self.wait_replicas and self.wait_timeout_ms is None:
            raise ValueError("wait_replicas needs wait_timeout_ms (ADVISOR_REDIS_WAIT_TIMEOUT_MS)")

    @property
    def wait_seconds(self) -> float:
        """How long a save's ``WAIT`` may block the connection (0 without ``WAIT``)."""
        if not self.wait_replicas or self.wait_timeout_ms is None:
            return 0.0
        return self.wait_timeout_ms / 1000

    @property
    def reply_timeout(self) -> float:
        """The socket timeout of data connections: one reply's allowance plus the ``WAIT``
        that shares its round trip. Without the ``WAIT`` share, a ``WAIT`` longer than
        ``socket_timeout`` ended in a socket timeout (store unavailable, and a retried
        compare-and-set) instead of an unconfirmed save."""
        return self.socket_timeout + self.wait_seconds

    @property
    def call_deadline(self) -> float:
        """Overall deadline of one store call: ``op_timeout`` plus the ``WAIT``."""
        return self.op_timeout + self.wait_seconds

    def backoff(self) -> ExponentialWithJitterBackoff:
        return ExponentialWithJitterBackoff(cap=self.backoff_cap, base=self.backoff_base)


class Retried:
    """Set when the running store call was retried: a retried write may have been applied."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen = False


RETRIED: ContextVar[Retried | None] = ContextVar("bot_store_retried", default=None)


def mark_retried() -> None:
    marker = RETRIED.get()
    if marker is not None:
        marker.seen = True


class ReplayAwareRetry(Retry):
    """redis-py's ``Retry`` that tells the running store call that it retried."""

    async def call_with_retry(
        self,
        do: Callable[[], Awaitable[T]],
        fail: Callable[[Exception], Any] | Callable[[Exception, int], Any],
        is_retryable: Callable[[Exception], bool] | None = None,
        with_failure_count: bool = False,
    ) -> T:
        def on_failure(error: Exception, *count: int) -> Any:
            mark_retried()
            return fail(error, *count)

        return await super().call_with_retry(do, on_failure, is_retryable, with_failure_count)


def make_client(
    target: RedisTarget,
    options: RedisOptions,
    mode: Mode = "standalone",
    sentinel: SentinelTarget | None = None,
) -> Client:
    """The client of ``mode`` for ``target``; nothing connects until the first call."""
    if mode == "cluster":
        return _cluster(target, options)
    if mode == "sentinel":
        if sentinel is None:
            raise ValueError("sentinel mode needs the sentinels and the service name")
        return _sentinel(target, options, sentinel)
    return _standalone(target, options)


def _sentinel(target: RedisTarget, opts: RedisOptions, where: SentinelTarget) -> Redis:
    if target.scheme == "unix":
        raise RedisUrlError("REDIS_URL", "sentinel mode needs redis:// or rediss://, not unix://")
    tls = tls_kwargs(target, opts)
    if tls:
        tls["ssl"] = True
    timeouts: dict[str, Any] = {
        "socket_timeout": opts.reply_timeout,
        "socket_connect_timeout": opts.socket_connect_timeout,
    }
    sentinel_kwargs: dict[str, Any] = {
        **timeouts, "socket_timeout": opts.socket_timeout, **tls,  # sentinels never WAIT
    }
    if where.username is not None:
        sentinel_kwargs["username"] = where.username
    if where.password is not None:
        sentinel_kwargs["password"] = where.password
    kwargs = target.connection_kwargs()
    kwargs.pop("host", None)
    kwargs.pop("port", None)
    manager = Sentinel(list(where.nodes), sentinel_kwargs=sentinel_kwargs)  # type: ignore[no-untyped-call,unused-ignore]
    client: Redis = manager.master_for(
        where.service,
        **kwargs,
        **tls,
        **timeouts,
        max_connections=opts.max_connections,
        retry=ReplayAwareRetry(opts.backoff(), opts.retries),
        retry_on_error=[RedisConnectionError, RedisTimeoutError],
        health_check_interval=opts.health_check_interval,
        client_name=opts.client_name,
    )
    return client


def _standalone(target: RedisTarget, opts: RedisOptions) -> Redis:
    pool = BlockingConnectionPool(
        connection_class=_connection_class(target),
        **target.connection_kwargs(),
        **tls_kwargs(target, opts),
        max_connections=opts.max_connections,
        timeout=opts.call_deadline,
        socket_timeout=opts.reply_timeout,
        socket_connect_timeout=opts.socket_connect_timeout,
        retry=ReplayAwareRetry(opts.backoff(), opts.retries),
        retry_on_error=[RedisConnectionError, RedisTimeoutError],
        health_check_interval=opts.health_check_interval,
        client_name=opts.client_name,
    )
    client: Redis = Redis.from_pool(pool)
    return client


def _cluster(target: RedisTarget, opts: RedisOptions) -> RedisCluster:
    if target.scheme == "unix":
        raise RedisUrlError("REDIS_URL", "cluster mode needs redis:// or rediss://, not unix://")
    if target.db != 0:
        raise RedisUrlError("REDIS_URL", "Redis Cluster has only database 0 (use /0 or no path)")
    kwargs = target.connection_kwargs()
    kwargs.pop("db")
    tls = tls_kwargs(target, opts)
    if tls:
        tls["ssl"] = True
    return RedisCluster(
        **kwargs,
        **tls,
        max_connections=opts.max_connections,
        retry=Retry(NoBackoff(), 0),
        # A MOVED patches that slot's owner only. A full topology refresh every few MOVEDs
        # (redis-py's default) closes connections other turns are using mid-reshard; the
        # refresh still happens after a connection error (a node down).
        reinitialize_steps=0,
        socket_timeout=opts.reply_timeout,
        socket_connect_timeout=opts.socket_connect_timeout,
        health_check_interval=opts.health_check_interval,
        client_name=opts.client_name,
    )


def _connection_class(target: RedisTarget) -> type[AbstractConnection]:
    if target.scheme == "unix":
        return UnixDomainSocketConnection
    return SSLConnection if target.tls else Connection


def tls_kwargs(target: RedisTarget, options: RedisOptions) -> dict[str, Any]:
    """TLS settings of a ``rediss://`` target: certificate and host name verified."""
    if not target.tls:
        return {}
    return {
        "ssl_cert_reqs": "required",
        "ssl_check_hostname": True,
        "ssl_ca_certs": options.ca_file,
    }
