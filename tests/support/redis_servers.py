"""Every Redis the tests start, from one module: a private ``redis-server`` (plain, capped,
password-protected or TLS-only), a loopback Redis Cluster and a Sentinel set, plus the admin
client on the shared test Redis (``ADVISOR_TEST_REDIS_URL``).

One process class (``RedisProcess``) runs all of them on free ports of 127.0.0.1 without
persistence; each start waits for PING with a deadline and fails with the server's log. A
private server is for tests that pause, kill, restart, starve or fill a server: the shared
test Redis is never disturbed. A missing ``redis-server`` or an unreachable Redis fails the
tests loudly; nothing here skips. The pytest fixtures built on this module are in
``tests/conftest.py``.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis
import redis.asyncio

from bot.store.keys import KeyScheme
from tests.support.ports import free_port
from tests.support.tls import Certificates, make_certificates

NODE_TIMEOUT_MS = 1000
"""The cluster's node timeout: short, so that failovers are quick."""

SERVICE = "advisor-test"
"""The Sentinel service name."""

START_TIMEOUT = 10.0


# --- binaries and waiting -----------------------------------------------------------------------


def redis_server_binary(needed_by: str) -> str:
    """``$ADVISOR_TEST_REDIS_SERVER`` or the ``redis-server`` on PATH; a test failure if none."""
    binary = os.environ.get("ADVISOR_TEST_REDIS_SERVER") or shutil.which("redis-server")
    if binary is None:
        pytest.fail(
            f"{needed_by} start a private redis-server and none is on PATH: install one "
            "(apt-get install redis-server) or set ADVISOR_TEST_REDIS_SERVER to its path.",
            pytrace=False,
        )
    return binary


def redis_cli_binary(needed_by: str) -> str:
    binary = shutil.which("redis-cli")
    if binary is None:
        pytest.fail(f"{needed_by} need redis-cli (apt-get install redis-server)", pytrace=False)
    return binary


def wait_for(what: str, check: Callable[[], object], timeout: float = 30.0) -> object:
    """Poll ``check`` until it returns something truthy; fail with ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except (redis.RedisError, OSError) as exc:
            last = exc
        else:
            if last:
                return last
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what} (last: {last!r})")


# --- one process --------------------------------------------------------------------------------


def server_argv(binary: str, port: int, home: Path, *extra: str) -> list[str]:
    """A loopback ``redis-server`` on ``port`` without persistence, its files in ``home``."""
    home.mkdir(parents=True, exist_ok=True)
    return [
        binary, "--port", str(port), "--bind", "127.0.0.1", "--protected-mode", "no",
        "--save", "", "--appendonly", "no", "--dir", str(home),
        "--logfile", str(home / "redis.log"), "--loglevel", "warning", *extra,
    ]


@dataclass
class RedisProcess:
    """One ``redis-server`` (or sentinel) on ``host``:``port``, run from ``argv``.

    ``client_options`` are what a client needs beyond the address (TLS, a password); ``log``
    is shown when the process does not start."""

    argv: list[str]
    port: int
    log: Path | None = None
    host: str = "127.0.0.1"
    client_options: dict[str, Any] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start it (again, on the same port) and wait until it answers PING."""
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT
        with self.client() as probe:
            while True:
                try:
                    probe.ping()
                    return
                except redis.RedisError:
                    if self.proc.poll() is not None or time.monotonic() > deadline:
                        log = self.log.read_text() if self.log and self.log.exists() else ""
                        raise AssertionError(
                            f"redis-server on port {self.port} did not start: {log}"
                        ) from None
                    time.sleep(0.02)

    def stop(self, *, kill: bool = False) -> None:
        """End it: SIGTERM (a clean shutdown; SIGKILL after 10 s) or, with ``kill``, SIGKILL."""
        if self.proc is not None and self.proc.poll() is None:
            if kill:
                self.proc.kill()
            else:
                self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None

    def kill(self) -> None:
        self.stop(kill=True)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def client(self) -> redis.Redis:
        return redis.Redis(host=self.host, port=self.port, socket_timeout=2,
                           socket_connect_timeout=1, **self.client_options)

    def info(self, section: str) -> dict[str, object]:
        with self.client() as c:
            return dict(c.info(section))


def private_server(binary: str, workdir: Path, *, maxmemory: str | None = None,
                   extra: tuple[str, ...] = ()) -> RedisProcess:
    """A private server in ``workdir``, not started. ``maxmemory`` caps it (with
    ``noeviction``, so a full server refuses writes instead of evicting)."""
    port = free_port()
    memory = ("--maxmemory", maxmemory, "--maxmemory-policy", "noeviction") if maxmemory else ()
    return RedisProcess(server_argv(binary, port, workdir, *memory, *extra), port,
                        log=workdir / "redis.log")


@contextmanager
def running_private_redis(
    workdir: Path, *, needed_by: str, maxmemory: str | None = None, kill: bool = False,
    extra: tuple[str, ...] = (),
) -> Iterator[RedisProcess]:
    """A started private server, stopped (or, with ``kill``, killed) on the way out."""
    server = private_server(redis_server_binary(needed_by), workdir, maxmemory=maxmemory,
                            extra=extra)
    server.start()
    try:
        yield server
    finally:
        server.stop(kill=kill)


# --- TLS ----------------------------------------------------------------------------------------


@dataclass
class TlsRedis:
    """A TLS-only private server (no plain port) with a certificate for ``localhost`` signed
    by a throwaway CA, and an admin password."""

    process: RedisProcess
    certs: Certificates
    password: str

    @property
    def port(self) -> int:
        return self.process.port

    def admin(self) -> redis.Redis:
        return redis.Redis(host="localhost", port=self.port, password=self.password, ssl=True,
                           ssl_ca_certs=str(self.certs.ca), socket_timeout=5)


@contextmanager
def running_tls_redis(workdir: Path, *, needed_by: str, password: str) -> Iterator[TlsRedis]:
    certs = make_certificates(workdir / "certs")
    port = free_port()
    argv = server_argv(
        redis_server_binary(needed_by), 0, workdir, "--tls-port", str(port),
        "--tls-cert-file", str(certs.cert), "--tls-key-file", str(certs.key),
        "--tls-ca-cert-file", str(certs.ca), "--tls-auth-clients", "no",
        "--requirepass", password,
    )
    process = RedisProcess(argv, port, log=workdir / "redis.log", host="localhost",
                           client_options={"password": password, "ssl": True,
                                           "ssl_ca_certs": str(certs.ca)})
    process.start()
    try:
        yield TlsRedis(process, certs, password)
    finally:
        process.stop()


# --- a loopback Redis Cluster: three masters with one replica each --------------------------------


class ClusterNode(RedisProcess):
    def __init__(self, port: int, bus_port: int, workdir: Path, binary: str) -> None:
        super().__init__(server_argv(
            binary, port, workdir,
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
            "--cluster-port", str(bus_port),
            "--cluster-node-timeout", str(NODE_TIMEOUT_MS),
            "--cluster-replica-validity-factor", "0", "--repl-diskless-sync-delay", "0",
        ), port, log=workdir / "redis.log")

    def node_id(self) -> str:
        with self.client() as c:
            return str(c.execute_command("CLUSTER", "MYID").decode())


@dataclass
class LoopbackCluster:
    """Started with ``redis-server --cluster-enabled yes`` on free ports and joined with
    ``redis-cli --cluster create --cluster-replicas 1 --cluster-yes``."""

    nodes: list[ClusterNode] = field(default_factory=list)
    cli: str = "redis-cli"

    @property
    def url(self) -> str:
        """A URL naming one node (the client finds the rest)."""
        return f"redis://127.0.0.1:{self.live()[0].port}/0"

    def live(self) -> list[ClusterNode]:
        return [n for n in self.nodes if n.alive]

    def masters(self) -> list[ClusterNode]:
        return [n for n in self.live() if n.info("replication").get("role") == "master"]

    def master_of(self, key: str) -> ClusterNode:
        """The live master that serves ``key``'s slot now."""
        with self.live()[0].client() as c:
            slot = int(c.execute_command("CLUSTER", "KEYSLOT", key))
            for start, end, master, *_ in c.execute_command("CLUSTER", "SLOTS"):
                if int(start) <= slot <= int(end):
                    port = int(master[1])
                    return next(n for n in self.live() if n.port == port)
        raise AssertionError(f"no master serves slot {slot}")

    def healthy(self) -> bool:
        """Every live node sees state ok, three masters each with a connected replica."""
        for node in self.live():
            if node.info("cluster").get("cluster_enabled") != 1:
                return False
            with node.client() as c:
                info = c.execute_command("CLUSTER", "INFO").decode()
                if "cluster_state:ok" not in info:
                    return False
        masters = self.masters()
        if len(masters) != 3:
            return False
        return all(_online_replicas(m) == 1 for m in masters)

    def wait_healthy(self, timeout: float = 45.0) -> None:
        wait_for("the cluster to be healthy (3 masters, 1 replica each)", self.healthy, timeout)

    def redis_cli(self, *args: str, timeout: float = 120.0) -> str:
        done = subprocess.run([self.cli, *args], capture_output=True, text=True,
                              timeout=timeout, check=False)
        if done.returncode != 0:
            raise AssertionError(f"redis-cli {' '.join(args)} failed: {done.stdout}{done.stderr}")
        return done.stdout

    def restart(self, node: ClusterNode) -> None:
        """Start a killed node again; it rejoins (as a replica of whoever took its slots)."""
        node.start()
        self.wait_healthy()


def _online_replicas(master: ClusterNode) -> int:
    info = master.info("replication")
    return sum(1 for key, value in info.items()
               if key.startswith("slave") and isinstance(value, dict)
               and value.get("state") == "online")


@contextmanager
def running_cluster(workdir: Path, *, needed_by: str) -> Iterator[LoopbackCluster]:
    binary = redis_server_binary(needed_by)
    cluster = LoopbackCluster(cli=redis_cli_binary(needed_by))
    ports: set[int] = set()
    while len(ports) < 12:
        port = free_port()
        if port <= 55535:  # redis-server refuses higher ports in cluster mode
            ports.add(port)
    chosen = sorted(ports)
    try:
        for port, bus in zip(chosen[:6], chosen[6:], strict=True):
            node = ClusterNode(port, bus, workdir / str(port), binary)
            cluster.nodes.append(node)
            node.start()
        cluster.redis_cli(
            "--cluster", "create", *[f"127.0.0.1:{n.port}" for n in cluster.nodes],
            "--cluster-replicas", "1", "--cluster-yes",
        )
        cluster.wait_healthy()
        yield cluster
    finally:
        for node in cluster.nodes:
            node.stop()


# --- Redis Sentinel: a primary, a replica and three sentinels ---------------------------------


@dataclass
class SentinelSet:
    """``redis-server --sentinel`` (what Debian's ``redis-sentinel`` runs) with a quorum of 2
    and a ``down-after-milliseconds`` of 1 s, so a failover takes a few seconds."""

    primary: RedisProcess
    replica: RedisProcess
    sentinels: list[RedisProcess] = field(default_factory=list)

    @property
    def sentinel_list(self) -> str:
        return ",".join(f"127.0.0.1:{s.port}" for s in self.sentinels)

    def primary_port(self) -> int:
        """The primary's port as the sentinels report it now."""
        with self.sentinels[0].client() as c:
            _host, port = c.execute_command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", SERVICE)
            return int(port)

    def replica_in_sync(self) -> bool:
        info = self.primary.info("replication")
        replica = info.get("slave0")
        return (isinstance(replica, dict) and replica.get("state") == "online"
                and replica.get("offset") == info.get("master_repl_offset"))

    def ready(self) -> bool:
        """Each sentinel knows the replica and the other two sentinels."""
        for sentinel in self.sentinels:
            with sentinel.client() as c:
                fields = c.sentinel_master(SERVICE)
                if int(fields["num-slaves"]) < 1 or int(fields["num-other-sentinels"]) < 2:
                    return False
        return True


def _sentinel(binary: str, workdir: Path, name: str, primary_port: int) -> RedisProcess:
    port = free_port()
    home = workdir / name
    home.mkdir(parents=True, exist_ok=True)
    conf = home / "sentinel.conf"
    conf.write_text("\n".join([
        f"port {port}", "bind 127.0.0.1", "protected-mode no", f"dir {home}",
        f"logfile {home / 'sentinel.log'}",
        f"sentinel monitor {SERVICE} 127.0.0.1 {primary_port} 2",
        f"sentinel down-after-milliseconds {SERVICE} 1000",
        f"sentinel failover-timeout {SERVICE} 10000",
        f"sentinel parallel-syncs {SERVICE} 1",
    ]) + "\n")
    return RedisProcess([binary, str(conf), "--sentinel"], port, log=home / "sentinel.log")


@contextmanager
def running_sentinels(workdir: Path, *, needed_by: str) -> Iterator[SentinelSet]:
    binary = redis_server_binary(needed_by)
    sync = ("--repl-diskless-sync-delay", "0")
    primary = private_server(binary, workdir / "primary", extra=sync)
    replica = private_server(binary, workdir / "replica",
                             extra=(*sync, "--replicaof", "127.0.0.1", str(primary.port)))
    group = SentinelSet(primary, replica)
    started: list[RedisProcess] = []
    try:
        for proc in (primary, replica):
            proc.start()
            started.append(proc)
        wait_for("the replica to sync", group.replica_in_sync, 20)
        for n in range(3):
            sentinel = _sentinel(binary, workdir, f"sentinel-{n}", primary.port)
            sentinel.start()
            started.append(sentinel)
            group.sentinels.append(sentinel)
        wait_for("the sentinels to find the replica and each other", group.ready, 30)
        yield group
    finally:
        for proc in started:
            proc.stop()


# --- clients ------------------------------------------------------------------------------------


async def admin_client(url: str, *, needed_by: str) -> redis.asyncio.Redis:
    """A connected client on ``url`` (generous timeouts); a test failure if Redis is not there."""
    client = redis.asyncio.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=2)
    try:
        await asyncio.wait_for(client.ping(), timeout=3)
    except (redis.RedisError, OSError, TimeoutError) as exc:
        await client.aclose()
        pytest.fail(
            f"Redis at {url} is unreachable ({exc!r}). {needed_by} need a real Redis: "
            "start one (bash .ci/run does) or point ADVISOR_TEST_REDIS_URL at one.",
            pytrace=False,
        )
    return client


async def delete_prefix(client: redis.asyncio.Redis, keys: KeyScheme) -> int:
    """SCAN + DEL every key of ``keys``' prefix (a test's cleanup); the number deleted."""
    deleted = 0
    batch: list[bytes] = []
    async for name in client.scan_iter(match=keys.pattern, count=500):
        batch.append(name)
        if len(batch) >= 500:
            deleted += int(await client.delete(*batch))
            batch.clear()
    if batch:
        deleted += int(await client.delete(*batch))
    return deleted
