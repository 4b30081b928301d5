"""The contract every SessionStore keeps, run against MemorySessionStore and a real Redis."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

from bot.store.base import Conflict, InvalidKey
from bot.store.locks import KeyedLocks
from bot.store.migrations import NewerSession
from dialogs.replies import Inferred
from dialogs.session import SCHEMA_VERSION, Session, Step
from dialogs.turn import Turn
from tests.store.support import Backend, bump

KEY = "slack:T123:C456:1700000000.0001"
SECRET = "our budget is 3.2M and the CFO is leaving"


def full_session() -> Session:
    return Session(
        stage="asking",
        answers={"decision_owner": "client", "scope": "bounded"},
        inferred={"leadership": Inferred(value="weak", evidence="no tech lead since March")},
        history=[Step(factor="decision_owner"), Step(factor="scope", previous="open")],
        current="measurability",
        turns=4,
    )


async def test_round_trip(backend: Backend) -> None:
    store = backend.store()
    saved = await store.save(KEY, full_session(), expected_rev=0)
    loaded = await store.load(KEY)
    assert saved.rev == 1
    assert loaded == saved
    assert loaded.model_dump() == {**full_session().model_dump(), "rev": 1}


async def test_stores_only_the_session_json(backend: Backend) -> None:
    store = backend.store()
    await store.save(KEY, full_session(), expected_rev=0)
    raw = await backend.get_raw(backend.keys.session(KEY))
    assert raw is not None
    assert json.loads(raw) == json.loads(full_session().model_copy(update={"rev": 1}).to_json())


async def test_missing_session_is_none(backend: Backend) -> None:
    assert await backend.store().load("slack:T1:nobody") is None


async def test_revision_increments_on_each_save(backend: Backend) -> None:
    store = backend.store()
    session = Session()
    for expected in range(4):
        session = await store.save(KEY, session, expected_rev=expected)
        assert session.rev == expected + 1
        assert (await store.load(KEY)) == session


async def test_stale_revision_conflicts_and_writes_nothing(backend: Backend) -> None:
    store = backend.store()
    first = await store.save(KEY, Session(turns=1), expected_rev=0)
    for stale in (0, 2, 7):
        with pytest.raises(Conflict):
            await store.save(KEY, Session(turns=99), expected_rev=stale)
    assert await store.load(KEY) == first


async def test_a_new_session_must_expect_revision_zero(backend: Backend) -> None:
    with pytest.raises(Conflict):
        await backend.store().save(KEY, Session(), expected_rev=1)


async def test_identical_concurrent_write_still_conflicts(backend: Backend) -> None:
    """Two turns that produce the same JSON from the same revision: the second one lost."""
    store = backend.store()
    await store.save(KEY, Session(turns=1), expected_rev=0)
    with pytest.raises(Conflict):
        await store.save(KEY, Session(turns=1), expected_rev=0)


async def test_ttl_is_set_on_write(backend: Backend) -> None:
    store = backend.store(ttl_seconds=100)
    await store.save(KEY, Session(), expected_rev=0)
    assert 98_000 < await backend.pttl(backend.keys.session(KEY)) <= 100_000


async def test_ttl_is_refreshed_on_each_write(backend: Backend) -> None:
    store = backend.store(ttl_seconds=100)
    name = backend.keys.session(KEY)
    saved = await store.save(KEY, Session(), expected_rev=0)
    await backend.expire(name, 5_000)
    assert await backend.pttl(name) <= 5_000
    await store.load(KEY)
    assert await backend.pttl(name) <= 5_000, "a read must not refresh the TTL"
    await store.save(KEY, saved, expected_rev=saved.rev)
    assert await backend.pttl(name) > 98_000


async def test_session_expires_after_ttl(backend: Backend) -> None:
    store = backend.store(ttl_seconds=1)
    await store.save(KEY, Session(turns=3), expected_rev=0)
    await backend.advance(1.2)
    assert await store.load(KEY) is None
    assert (await store.save(KEY, Session(), expected_rev=0)).rev == 1


async def test_delete_forgets_the_session(backend: Backend) -> None:
    store = backend.store()
    await store.save(KEY, full_session(), expected_rev=0)
    await store.delete(KEY)
    assert await store.load(KEY) is None
    assert await backend.get_raw(backend.keys.session(KEY)) is None
    await store.delete(KEY)  # forgetting twice is fine
    assert (await store.save(KEY, Session(), expected_rev=0)).rev == 1


async def test_claim_once_then_release(backend: Backend) -> None:
    store = backend.store()
    assert await store.claim("slack:T1:Ev1", 60, KEY) is True
    assert await store.claim("slack:T1:Ev1", 60, KEY) is False
    assert await store.claim("slack:T1:Ev2", 60, KEY) is True
    await store.release("slack:T1:Ev1", KEY)
    assert await store.claim("slack:T1:Ev1", 60, KEY) is True
    await store.release("slack:T1:never-claimed", KEY)


async def test_claim_has_its_ttl_and_expires(backend: Backend) -> None:
    store = backend.store()
    assert await store.claim("slack:T1:Ev1", 1, KEY)
    assert 0 < await backend.pttl(backend.keys.claim(KEY, "slack:T1:Ev1")) <= 1000
    assert not await store.claim("slack:T1:Ev1", 1, KEY)
    await backend.advance(1.2)
    assert await store.claim("slack:T1:Ev1", 1, KEY)


async def test_claim_and_session_keys_do_not_collide(backend: Backend) -> None:
    store = backend.store()
    await store.save(KEY, Session(turns=2), expected_rev=0)
    assert await store.claim(KEY, 60, KEY)
    assert (await store.load(KEY) or Session()).turns == 2
    await store.release(KEY, KEY)
    assert (await store.load(KEY) or Session()).turns == 2


@pytest.mark.parametrize("ttl", [0, -1, True, 1.5])
async def test_claim_refuses_a_bad_ttl(backend: Backend, ttl: int) -> None:
    with pytest.raises(ValueError, match="TTL"):
        await backend.store().claim("slack:T1:Ev1", ttl, KEY)


async def test_save_refuses_bad_arguments(backend: Backend) -> None:
    store = backend.store()
    with pytest.raises(ValueError, match="expected_rev"):
        await store.save(KEY, Session(), expected_rev=-1)
    with pytest.raises(ValueError, match="schema version"):
        await store.save(KEY, Session(schema_version=SCHEMA_VERSION + 1), expected_rev=0)
    with pytest.raises(InvalidKey):
        await store.save("", Session(), expected_rev=0)
    with pytest.raises(InvalidKey):
        await store.claim("", 60, KEY)


async def test_a_session_of_a_newer_schema_version_is_left_untouched(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    """Rolling upgrade: an older release meeting a newer session neither reads, discards nor
    overwrites it (load raises NewerSession; a compare-and-set over it is refused)."""
    store = backend.store()
    name = backend.keys.session(KEY)
    newer = {
        **full_session().model_dump(mode="json"),
        "schema_version": SCHEMA_VERSION + 1,
        "rev": 5,
        "answers": {"scope": SECRET},
        "shape_of_the_future": [1, 2],
    }
    raw = json.dumps(newer)
    await backend.put_raw(name, raw)
    with caplog.at_level(logging.INFO, logger="bot.store"):
        with pytest.raises(NewerSession):
            await store.load(KEY)
        with pytest.raises(NewerSession):
            await store.claim_and_load("slack:T1:EvNewer", 60, KEY)
        for expected_rev in (0, 5):
            with pytest.raises(NewerSession):
                await store.save(KEY, Session(), expected_rev=expected_rev)
    assert await backend.get_raw(name) == raw.encode()
    assert SECRET not in caplog.text
    assert await store.claim("slack:T1:EvNewer", 60, KEY), "the refused turn gave its claim back"


GARBAGE = [
    b"\x80\x81 not even utf-8",
    b"{",
    b"[]",
    b"null",
    b'"a string"',
    json.dumps({"schema_version": SCHEMA_VERSION, "rev": 7, "stage": SECRET}).encode(),
    json.dumps({"schema_version": SCHEMA_VERSION, "rev": 2, "answers": {"scope": [SECRET]}}).encode(),
]


EVENT = "slack:T123:Ev0001"

UNREADABLE = GARBAGE
"""(A session of a newer schema version is not unreadable: it is left alone, see above.)"""


@pytest.mark.parametrize("raw", UNREADABLE, ids=range(len(UNREADABLE)))
@pytest.mark.parametrize("via", ["load", "claim_and_load"])
async def test_garbage_is_discarded_and_replaced(
    backend: Backend, raw: bytes, via: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Garbage (the last one: another schema version) reads as None, is deleted, and is logged
    without its content, whether ``load`` or a won ``claim_and_load`` read it."""
    store = backend.store()
    name = backend.keys.session(KEY)
    await backend.put_raw(name, raw)
    with caplog.at_level(logging.INFO, logger="bot.store"):
        if via == "load":
            assert await store.load(KEY) is None
        else:
            assert await store.claim_and_load(EVENT, 60, KEY) == (True, None)
            assert await store.claim_and_load(EVENT, 60, KEY) == (False, None), "claim held"
    assert any(r.levelno == logging.WARNING for r in caplog.records if r.name == "bot.store")
    assert SECRET not in caplog.text
    assert await backend.get_raw(name) is None
    saved = await store.save(KEY, Session(turns=1), expected_rev=0)
    assert await store.load(KEY) == saved


# --- claim_and_load: the start of a turn in one round trip ---------------------------------------


async def test_claim_and_load_first_delivery_wins_and_gets_the_session(backend: Backend) -> None:
    store = backend.store()
    saved = await store.save(KEY, full_session(), expected_rev=0)
    assert await store.claim_and_load(EVENT, 60, KEY) == (True, saved)
    assert await store.claim_and_load(EVENT, 60, KEY) == (False, None), "a duplicate gets nothing"
    assert await store.claim(EVENT, 60, KEY) is False, "one claim, whichever method took it"
    assert await store.claim_and_load("slack:T123:Ev0002", 60, KEY) == (True, saved)
    await store.release(EVENT, KEY)
    assert await store.claim_and_load(EVENT, 60, KEY) == (True, saved)
    assert await store.load(KEY) == saved, "claiming changes no session"


async def test_claim_and_load_of_a_new_conversation(backend: Backend) -> None:
    store = backend.store()
    assert await store.claim_and_load(EVENT, 60, KEY) == (True, None)
    assert await store.claim_and_load(EVENT, 60, KEY) == (False, None)
    assert await backend.get_raw(backend.keys.session(KEY)) is None


async def test_claim_and_load_refuses_an_event_claimed_by_claim(backend: Backend) -> None:
    store = backend.store()
    await store.save(KEY, Session(turns=1), expected_rev=0)
    assert await store.claim(EVENT, 60, KEY) is True
    assert await store.claim_and_load(EVENT, 60, KEY) == (False, None)


async def test_claim_and_load_without_an_event_is_a_load(backend: Backend) -> None:
    store = backend.store()
    assert await store.claim_and_load(None, 60, KEY) == (True, None)
    saved = await store.save(KEY, Session(turns=2), expected_rev=0)
    for _ in range(3):
        assert await store.claim_and_load(None, 60, KEY) == (True, saved)


async def test_concurrent_duplicates_exactly_one_wins(backend: Backend) -> None:
    first = backend.store()
    stores = [first, backend.another_process()]
    saved = await first.save(KEY, Session(turns=3), expected_rev=0)
    results = await asyncio.gather(
        *(stores[i % 2].claim_and_load(EVENT, 60, KEY) for i in range(20))
    )
    assert results.count((True, saved)) == 1
    assert results.count((False, None)) == 19


async def test_claim_and_load_sets_the_claims_ttl_and_leaves_the_sessions(backend: Backend) -> None:
    store = backend.store(ttl_seconds=100)
    name = backend.keys.session(KEY)
    await store.save(KEY, Session(), expected_rev=0)
    await backend.expire(name, 5_000)
    won, _ = await store.claim_and_load(EVENT, 30, KEY)
    assert won
    assert 28_000 < await backend.pttl(backend.keys.claim(KEY, EVENT)) <= 30_000
    assert await backend.pttl(name) <= 5_000, "reading must not refresh the session's TTL"


async def test_claim_of_claim_and_load_expires(backend: Backend) -> None:
    store = backend.store()
    assert (await store.claim_and_load(EVENT, 1, KEY))[0] is True
    assert (await store.claim_and_load(EVENT, 1, KEY))[0] is False
    await backend.advance(1.2)
    assert (await store.claim_and_load(EVENT, 1, KEY))[0] is True


async def test_a_refused_claim_and_load_reads_nothing(backend: Backend) -> None:
    """A duplicate neither reads nor discards the session (the winner's turn owns it)."""
    store = backend.store()
    name = backend.keys.session(KEY)
    await backend.put_raw(name, b"{garbage")
    assert await store.claim(EVENT, 60, KEY)
    assert await store.claim_and_load(EVENT, 60, KEY) == (False, None)
    assert await backend.get_raw(name) == b"{garbage"


async def test_claim_and_load_refuses_bad_arguments(backend: Backend) -> None:
    store = backend.store()
    for ttl in (0, -1, True, 1.5):
        with pytest.raises(ValueError, match="TTL"):
            await store.claim_and_load(EVENT, ttl, KEY)  # type: ignore[arg-type]
    with pytest.raises(InvalidKey):
        await store.claim_and_load("", 60, KEY)
    with pytest.raises(InvalidKey):
        await store.claim_and_load(EVENT, 60, "")
    with pytest.raises(InvalidKey):
        await store.claim_and_load(None, 60, "")
    assert await store.claim_and_load(EVENT, 60, KEY) == (True, None), "no claim was left behind"


async def test_two_tenants_never_share_a_session(backend: Backend) -> None:
    store = backend.store()
    one, two = (
        Turn(platform="slack", tenant=tenant, conversation="C1", thread="1.2", user="U1").session_id
        for tenant in ("T1", "T2")
    )
    assert backend.keys.session(one) != backend.keys.session(two)
    await store.save(one, Session(turns=1), expected_rev=0)
    assert await store.load(two) is None
    await store.save(two, Session(turns=2), expected_rev=0)
    assert (await store.load(one) or Session()).turns == 1
    assert (await store.load(two) or Session()).turns == 2


async def test_awkward_keys_round_trip_without_colliding(backend: Backend) -> None:
    store = backend.store()
    keys = ["teams:t:a b", "teams:t:a%20b", "teams:t:{a}", "teams:t:%7Ba%7D", "x" * 2000, "é:ü"]
    for turns, key in enumerate(keys, start=1):
        await store.save(key, Session(turns=turns), expected_rev=0)
    for turns, key in enumerate(keys, start=1):
        assert (await store.load(key) or Session()).turns == turns


async def test_sessions_of_many_conversations_in_parallel(backend: Backend) -> None:
    store = backend.store()
    keys = [f"slack:T1:C{i}" for i in range(20)]
    await asyncio.gather(*(bump(store, key) for key in keys for _ in range(3)))
    loaded = await asyncio.gather(*(store.load(key) for key in keys))
    assert [s.turns if s else 0 for s in loaded] == [3] * 20


@pytest.mark.parametrize("mode", ["cas-only", "keyed-locks", "two-processes-with-locks"])
async def test_fifty_concurrent_turns_lose_no_update(backend: Backend, mode: str) -> None:
    first = backend.store()
    if mode == "cas-only":
        stores = [first, backend.another_process()]
        locks: list[KeyedLocks | None] = [None, None]
    elif mode == "keyed-locks":
        shared = KeyedLocks()
        stores, locks = [first, first], [shared, shared]
    else:
        stores, locks = [first, backend.another_process()], [KeyedLocks(), KeyedLocks()]

    conflicts = await asyncio.gather(
        *(bump(stores[i % 2], KEY, locks=locks[i % 2]) for i in range(50))
    )

    final = await first.load(KEY)
    assert final is not None
    assert (final.turns, final.rev) == (50, 50)
    if mode == "cas-only":
        assert sum(conflicts) > 0, "the turns never raced: the test proves nothing"
    if mode == "keyed-locks":
        assert sum(conflicts) == 0, "turns serialised in one process never conflict"
    assert all(lock.in_use == 0 for lock in locks if lock is not None)


async def test_ping_answers_and_close_keeps_what_was_saved(backend: Backend) -> None:
    """Closing a store ends its connections, not its sessions: another process (a store
    opened afterwards) still finds what was saved before the close."""
    store = backend.store()
    assert await store.ping() is None
    saved = await store.save(KEY, full_session(), expected_rev=0)
    await store.close()
    assert await backend.another_process().load(KEY) == saved
