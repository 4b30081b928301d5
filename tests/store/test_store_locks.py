"""KeyedLocks: one conversation at a time, in arrival order, and no table that only grows."""

from __future__ import annotations

import asyncio

import pytest

from bot.store.locks import KeyedLocks


async def test_turns_of_one_key_run_one_at_a_time_in_arrival_order() -> None:
    locks = KeyedLocks()
    order: list[int] = []
    inside = 0

    async def turn(n: int) -> None:
        nonlocal inside
        async with locks.hold("k"):
            inside += 1
            assert inside == 1
            await asyncio.sleep(0.001)
            order.append(n)
            inside -= 1

    tasks = []
    for n in range(20):
        tasks.append(asyncio.create_task(turn(n)))
        await asyncio.sleep(0)
    await asyncio.gather(*tasks)
    assert order == list(range(20))
    assert locks.in_use == 0


async def test_other_keys_are_not_blocked() -> None:
    locks = KeyedLocks()
    async with locks.hold("a"):
        assert locks.locked("a") and not locks.locked("b")
        async with asyncio.timeout(1):
            async with locks.hold("b"):
                assert locks.in_use == 2
    assert locks.in_use == 0 and not locks.locked("a")


async def test_the_table_forgets_keys_after_errors_and_cancellation() -> None:
    locks = KeyedLocks()
    with pytest.raises(RuntimeError):
        async with locks.hold("a"):
            raise RuntimeError("turn failed")
    assert locks.in_use == 0

    async with locks.hold("b"):
        waiter = asyncio.create_task(_hold(locks, "b"))
        await asyncio.sleep(0.01)
        assert locks.in_use == 1
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
    assert locks.in_use == 0
    for n in range(1000):
        async with locks.hold(f"conversation-{n}"):
            pass
    assert locks.in_use == 0


async def test_an_idle_table_is_still_truthy() -> None:
    assert KeyedLocks()


async def _hold(locks: KeyedLocks, key: str) -> None:
    async with locks.hold(key):
        await asyncio.sleep(10)
