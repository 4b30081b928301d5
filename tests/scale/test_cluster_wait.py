"""``WAIT`` durability on a Redis Cluster (issue 16.2 in cluster mode): the compare-and-set and
``WAIT`` go to the master of the conversation's slot on one connection, so ``WAIT`` counts the
replicas of that master only.

Proof: with one master's replica frozen (SIGSTOP), saves of conversations on that master are
unconfirmed (the polite reply, the claim kept, a redelivery is a duplicate, the turn applied
once on the master), while conversations on the other two masters are confirmed as before. A
``WAIT`` sent to any other node would confirm the first kind (its connection wrote nothing) or
fail the second. A slot migration under ``WAIT`` (``MOVED``, ``ASK``) is
``test_cluster.py::test_a_slot_migration_costs_no_turn[wait]``.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from bot.settings import Settings
from bot.store.redis import RedisSessionStore
from bot.turns import TurnRunner
from knowledge import KnowledgeBase
from tests.scale.support import Ledger, deliver, turn
from tests.scale.test_cluster import WAIT, _slot_on, conversations_in
from tests.support.defaults import settings_of
from tests.support.redis_servers import ClusterNode, LoopbackCluster


def _replica_of(cluster: LoopbackCluster, master: ClusterNode) -> ClusterNode:
    replica = master.info("replication").get("slave0")
    assert isinstance(replica, dict), master.info("replication")
    return next(n for n in cluster.live() if n.port == int(replica["port"]))


@contextmanager
def frozen(node: ClusterNode) -> Iterator[None]:
    """``node`` stopped (SIGSTOP: connected, acknowledging nothing), then continued."""
    assert node.proc is not None
    node.proc.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        node.proc.send_signal(signal.SIGCONT)


def test_the_settings_accept_wait_in_cluster_mode(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(advisor_redis_mode="cluster", redis_url="redis://127.0.0.1:7000/0",
                             advisor_redis_wait_replicas=1)
    assert settings.advisor_redis_wait_replicas == 1


async def test_wait_counts_the_replica_of_the_conversations_own_master(
    redis_cluster: LoopbackCluster, cluster_store: Callable[..., RedisSessionStore],
    kb: KnowledgeBase,
) -> None:
    store = cluster_store(**WAIT)
    runner = TurnRunner(store=store, kb=kb, settings=settings_of())
    masters = redis_cluster.masters()
    homes = {m.port: m for m in masters}
    by_master = {
        port: conversations_in(
            redis_cluster, store.keys.prefix, count=3,
            accept=lambda s, port=port: _slot_on(redis_cluster, s, port),
        )
        for port in homes
    }
    ledger = Ledger()
    for conversations in by_master.values():
        for conversation in conversations:
            await deliver(runner, turn(conversation, 0), ledger)
    assert ledger.polite == 0, "every save confirmed by its master's replica"

    victim_port = masters[0].port
    with frozen(_replica_of(redis_cluster, homes[victim_port])):
        for port, conversations in by_master.items():
            for conversation in conversations:
                result = await runner.run(turn(conversation, 1))
                if port == victim_port:
                    assert result.outcome == "store_unavailable", (conversation, result)
                    again = await runner.run(turn(conversation, 1))
                    assert again.outcome == "duplicate", "the claim stays: applied once"
                else:
                    assert result.outcome == "ok", (port, conversation, result)
    for conversations in by_master.values():
        for conversation in conversations:
            session = await store.load(turn(conversation, 0).session_id)
            assert session is not None and session.turns == 2, (conversation, session)
    redis_cluster.wait_healthy()
