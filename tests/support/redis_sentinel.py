"""Redis Sentinel on loopback for the tests: a primary, a replica and three sentinels.

``redis-server --sentinel`` (what Debian's ``redis-sentinel`` runs) with a quorum of 2 and a
``down-after-milliseconds`` of 1 s, so a failover takes a few seconds. Every wait has a
deadline and fails with what it saw.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.ports import free_port
from tests.support.redis_cluster import RedisProcess, wait_for
from tests.support.redis_server import redis_server_binary

SERVICE = "advisor-test"


@dataclass
class SentinelSet:
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


def _server(binary: str, workdir: Path, name: str, *extra: str) -> RedisProcess:
    port = free_port()
    home = workdir / name
    home.mkdir(parents=True, exist_ok=True)
    return RedisProcess([
        binary, "--port", str(port), "--bind", "127.0.0.1", "--protected-mode", "no",
        "--save", "", "--appendonly", "no", "--dir", str(home),
        "--logfile", str(home / "redis.log"), "--loglevel", "warning",
        "--repl-diskless-sync-delay", "0", *extra,
    ], port)


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
    return RedisProcess([binary, str(conf), "--sentinel"], port)


@contextmanager
def running_sentinels(workdir: Path, *, needed_by: str) -> Iterator[SentinelSet]:
    binary = redis_server_binary(needed_by)
    primary = _server(binary, workdir, "primary")
    replica = _server(binary, workdir, "replica", "--replicaof", "127.0.0.1", str(primary.port))
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
