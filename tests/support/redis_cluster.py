"""A real Redis Cluster on loopback for the tests: three masters with one replica each.

Started with ``redis-server --cluster-enabled yes`` on free ports and joined with
``redis-cli --cluster create --cluster-replicas 1 --cluster-yes``. A short node timeout (1 s)
makes failovers quick; every wait has a deadline and fails loudly with what it saw.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis

from tests.support.ports import free_port
from tests.support.redis_server import redis_server_binary

NODE_TIMEOUT_MS = 1000


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


@dataclass
class RedisProcess:
    """One ``redis-server`` (or sentinel) process on 127.0.0.1:``port``, run from ``argv``."""

    argv: list[str]
    port: int
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL)
        wait_for(f"port {self.port} to answer PING", lambda: self.client().ping(), 10)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2,
                           socket_connect_timeout=1)

    def info(self, section: str) -> dict[str, object]:
        with self.client() as c:
            return dict(c.info(section))


class ClusterNode(RedisProcess):
    def __init__(self, port: int, bus_port: int, workdir: Path, binary: str) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        super().__init__([
            binary, "--port", str(port), "--bind", "127.0.0.1",
            "--protected-mode", "no", "--save", "", "--appendonly", "no",
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
            "--cluster-port", str(bus_port),
            "--cluster-node-timeout", str(NODE_TIMEOUT_MS),
            "--cluster-replica-validity-factor", "0", "--repl-diskless-sync-delay", "0",
            "--dir", str(workdir), "--logfile", str(workdir / "redis.log"),
            "--loglevel", "warning",
        ], port)

    def node_id(self) -> str:
        with self.client() as c:
            return str(c.execute_command("CLUSTER", "MYID").decode())


@dataclass
class LoopbackCluster:
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
