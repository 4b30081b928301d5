"""Rolling upgrades lose nothing (issue 16.4): sessions written by older releases are migrated
on load (``bot/store/migrations.py``), never discarded; a release meeting a session of a newer
one leaves it untouched and answers politely.

The documents in ``tests/data/sessions`` were captured from the release that wrote them. The
"older process" of the two-version tests is this code with a codec that knows and writes
schema version 1 only, as the release before version 2 did.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio

from bot.store.codec import SessionCodec
from bot.store.migrations import MIGRATIONS, NewerSession, migrate
from bot.store.redis import RedisSessionStore
from bot.turns import TurnRunner
from dialogs import texts as T
from dialogs.session import SCHEMA_VERSION, Session
from dialogs.turn import Turn
from knowledge import KnowledgeBase, load_default
from tests.store.support import Backend
from tests.support.defaults import SESSION_TTL, memory_store, settings_of
from tests.support.redis_servers import delete_prefix

FIXTURES = sorted((Path(__file__).parents[1] / "data" / "sessions").glob("v*.json"))
KEY = "slack:T1:D-migrate"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_default()


def _doc(path: Path) -> dict[str, Any]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def test_every_version_has_a_step_to_the_next() -> None:
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))
    assert FIXTURES, "captured documents are there"
    assert {_doc(p)["schema_version"] for p in FIXTURES} == set(range(1, SCHEMA_VERSION))


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
async def test_a_stored_session_of_an_older_release_is_migrated_not_discarded(
    backend: Backend, path: Path, kb: KnowledgeBase
) -> None:
    old = _doc(path)
    store = backend.store()
    await backend.put_raw(backend.keys.session(KEY), json.dumps(old))
    session = await store.load(KEY)
    assert session is not None, "migrated, not discarded"
    assert session.schema_version == SCHEMA_VERSION
    for field in ("rev", "stage", "answers", "history", "current", "turns", "assessments"):
        assert session.model_dump(mode="json")[field] == old[field], field
    assert session.model_dump(mode="json")["inferred"] == old["inferred"]
    # Version 2: every answer still resting on a reading of the text is unconfirmed.
    readings = {f for f, r in old["inferred"].items() if old["answers"].get(f) == r["value"]}
    assert set(session.unconfirmed) == readings
    # The next turn applies on the migrated session and stores the current version.
    turn = Turn(platform="slack", tenant="T1", conversation="D-migrate", user="U1",
                text="what is an SLA?", event_id="EvMigrate", surface="dm")
    result = await TurnRunner(store=store, kb=kb, settings=settings_of()).run(turn)
    assert result.outcome == "ok" and result.session is not None
    assert result.session.rev == old["rev"] + 1
    stored = json.loads(await backend.get_raw(backend.keys.session(KEY)) or b"{}")
    assert stored["schema_version"] == SCHEMA_VERSION and stored["turns"] == old["turns"] + 1


def test_v1_to_v2_marks_only_answers_that_still_rest_on_a_reading() -> None:
    doc = {"schema_version": 1, "rev": 4,
           "answers": {"decision_owner": "provider", "accountability": "client"},
           "inferred": {"decision_owner": {"value": "provider", "evidence": "we pick"},
                        "accountability": {"value": "provider", "evidence": "our SLA"}}}
    migrated = migrate(doc, to=2)
    assert migrated["unconfirmed"] == ["decision_owner"]
    assert migrated["rev"] == 4 and migrated["schema_version"] == 2
    assert doc["schema_version"] == 1, "the input is not changed"
    with pytest.raises(NewerSession):
        migrate({"schema_version": 3}, to=2)


async def test_readings_of_free_text_are_unconfirmed_until_answered(kb: KnowledgeBase) -> None:

    runner = TurnRunner(store=memory_store(), kb=kb, settings=settings_of())

    def said(text: str, n: int) -> Turn:
        return Turn(platform="slack", tenant="T1", conversation="D1", user="U1", text=text,
                    event_id=f"Ev{n}", surface="dm")

    first = await runner.run(said(DESCRIPTION, 0))
    assert first.session is not None
    read = list(first.session.inferred)
    assert read and first.session.unconfirmed == [f for f in first.session.answers if f in read]
    factor = first.session.unconfirmed[0]
    value = first.session.answers[factor]
    confirm = Turn(platform="slack", tenant="T1", conversation="D1", user="U1",
                   action={"kind": "answer", "factor": factor, "answer": value},
                   event_id="Ev1", surface="dm")
    second = await runner.run(confirm)
    assert second.session is not None and factor not in second.session.unconfirmed


DESCRIPTION = ("we run their 24/7 monitoring with a 99.9% SLA and we pick the tooling; "
               "the client directs priorities")


class OlderRelease(SessionCodec):
    """The codec of the release before schema version 2: reads and writes version 1 only."""

    def __init__(self) -> None:
        super().__init__(version=1)

    def encode(self, session: Session, *, expected_rev: int) -> tuple[Session, str]:
        stored, _ = super().encode(session.model_copy(update={"schema_version": 1}),
                                   expected_rev=expected_rev)
        doc = stored.model_dump(mode="json")
        del doc["unconfirmed"]  # version 1 had no such field
        return stored, json.dumps(doc)


async def test_two_releases_serve_one_conversation_during_a_rollout(
    redis_admin: redis.asyncio.Redis, redis_prefix: str, redis_url: str, kb: KnowledgeBase
) -> None:
    old_store = RedisSessionStore.from_url(redis_url, prefix=redis_prefix, ttl_seconds=SESSION_TTL,
                                           session_codec=OlderRelease())
    new_store = RedisSessionStore.from_url(redis_url, prefix=redis_prefix, ttl_seconds=SESSION_TTL)
    settings = settings_of()
    old = TurnRunner(store=old_store, kb=kb, settings=settings)
    new = TurnRunner(store=new_store, kb=kb, settings=settings)
    name = new_store.keys.session(KEY)

    def said(text: str, n: int) -> Turn:
        return Turn(platform="slack", tenant="T1", conversation="D-migrate", user="U1",
                    text=text, event_id=f"Ev{n}", surface="dm")

    try:
        assert (await old.run(said(DESCRIPTION, 0))).outcome == "ok"
        assert json.loads(await redis_admin.get(name))["schema_version"] == 1
        assert (await new.run(said("what is an SLA?", 1))).outcome == "ok"
        written = await redis_admin.get(name)
        assert json.loads(written)["schema_version"] == SCHEMA_VERSION, "migrated and saved"

        refused = await old.run(said("why", 2))
        assert refused.outcome == "newer_session"
        assert [r.text for r in refused.replies] == [T.NEWER_SESSION]  # type: ignore[attr-defined]
        assert await redis_admin.get(name) == written, "the newer session is left untouched"

        redelivered = await new.run(said("why", 2))
        assert redelivered.outcome == "ok", "the claim was given back for the new release"
        session = await new_store.load(KEY)
        assert session is not None and session.turns == 3, "every turn applied exactly once"
        assert session.unconfirmed, "the readings of the description are still unconfirmed"
    finally:
        await old_store.close()
        await new_store.close()
        await delete_prefix(redis_admin, new_store.keys)
