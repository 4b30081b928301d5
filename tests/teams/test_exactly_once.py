"""Exactly once through Teams, against the in-memory store and a real Redis.

Teams redelivers an activity the bot has not answered within 15 seconds, possibly while the
first delivery is still running: the activity id is claimed in the session store, so only one
delivery is applied and answered.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest

from dialogs import factors as F
from tests.standins.connector import ConnectorStandIn
from tests.teams.conftest import Client, MakeApp
from tests.teams.support import AppClient, Chat, questions, store_of


@pytest.fixture(params=["memory", "redis"])
async def teams_client(
    request: pytest.FixtureRequest, aiohttp_client: Client, make_app: MakeApp, redis_url: str,
    redis_prefix: str,
) -> AppClient:
    if request.param == "redis":
        app = make_app(redis_url=redis_url, advisor_redis_prefix=redis_prefix)
    else:
        app = make_app()
    client = await aiohttp_client(app)
    backend = type(store_of(client)).__name__
    assert request.param in backend.lower(), backend
    return client


async def test_concurrent_redeliveries_are_applied_and_answered_once(
    teams_client: AppClient, connector: ConnectorStandIn
) -> None:
    chat = Chat(client=teams_client, connector=connector,
                conversation_id=f"a:1once-{uuid.uuid4().hex[:8]}")
    first = questions(await chat.say("start"))[-1]
    store = store_of(teams_client)
    before = await store.load(chat.session_id)
    assert before is not None
    click = chat.activity(text="", value={"factor": first, "answer": F.get(first).answer_ids[0]})
    mark = len(connector.calls)

    async def deliver() -> int:
        resp = await teams_client.post("/api/messages", json=click)
        await resp.read()
        return resp.status

    assert await asyncio.gather(*(deliver() for _ in range(5))) == [201] * 5
    sent = connector.since(mark)  # (posts overlap, so count at the connector, not per post)
    assert len(sent) == 1 and questions([call.body for call in sent])
    assert sent[0].activity_id == click["id"]
    after = await store.load(chat.session_id)
    assert after is not None and after.rev == before.rev + 1
    assert after.answers == {**before.answers, first: F.get(first).answer_ids[0]}


async def test_a_new_activity_id_is_a_new_turn(
    teams_client: AppClient, connector: ConnectorStandIn
) -> None:
    chat = Chat(client=teams_client, connector=connector,
                conversation_id=f"a:1new-{uuid.uuid4().hex[:8]}")
    await chat.say("start")
    assert questions(await chat.say("help"))
    assert questions(await chat.say("help"))  # same text, new id: answered again
