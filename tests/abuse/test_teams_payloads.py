"""Hostile Bot Framework traffic through ``POST /api/messages`` (Teams in local mode).

Local mode (no app id, never in production) accepts unauthenticated calls, which is exactly
what lets these tests reach past authentication; with an app id every one of them would first
need a valid token (``tests/teams/test_auth.py``). Properties, for every example:

* the status is 200/201 (handled), 400 (bad shape), 413 or 415, never a 5xx;
* no ERROR record and no traceback in the log;
* user text never lands in markdown-rendered card text (``assert_teams_output_safe``);
* a card value the engine does not accept gets the polite "didn't recognise" reply and leaves
  every stored session byte-identical.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.store.memory import MemorySessionStore
from dialogs import factors as F
from dialogs import texts as T
from dialogs.turn import COMMANDS
from tests.abuse.conftest import ABUSE
from tests.abuse.support import (
    INJECTIONS,
    UNICODE_EDGES,
    assert_no_errors,
    assert_teams_output_safe,
    hostile_text,
    in_chunks,
    json_values,
    standin_refused_request,
)
from tests.support.apps import MakeTeams
from tests.teams.support import Chat, card_text

ALLOWED = frozenset({200, 201, 400, 413, 415})


def sessions(store: MemorySessionStore) -> dict[str, str]:
    return {name: entry.value for name, entry in store._entries.items() if ":event:" not in name}


async def post(chat: Chat, body: bytes, content_type: str = "application/json") -> int:
    resp = await chat.client.post("/api/messages", data=body,
                                  headers={"Content-Type": content_type})
    await resp.read()
    return resp.status


def accepted(value: Any) -> bool:
    """Whether the engine acts on a card value (the contract's shapes with known ids).

    ``null`` is no value at all: the activity is an empty message, answered with help.
    """
    if value is None:
        return True
    if not isinstance(value, dict):
        return False
    if "factor" in value or "answer" in value:
        factor, answer = value.get("factor"), value.get("answer")
        return isinstance(factor, str) and isinstance(answer, str) and F.is_valid(factor, answer)
    return value.get("command") in COMMANDS and value.get("command") != "home"


# --- arbitrary bodies ---------------------------------------------------------------------------


@ABUSE
@given(body=st.one_of(json_values.map(lambda v: json.dumps(v).encode()), st.binary(max_size=200)),
       content_type=st.sampled_from(["application/json", "application/json; charset=utf-8",
                                     "text/plain", ""]))
@example(body=b'{"type": "message"}', content_type="application/json")
async def test_arbitrary_bodies(teams: Chat, caplog: pytest.LogCaptureFixture, body: bytes,
                                content_type: str) -> None:
    caplog.clear()
    mark = len(teams.connector.calls)
    status = await post(teams, body, content_type)
    assert status in ALLOWED, status
    assert_no_errors(caplog)
    assert_teams_output_safe(teams.connector.calls[mark:], list(INJECTIONS))


# --- valid activities, mutated ------------------------------------------------------------------

FIELDS = ("type", "id", "text", "value", "from", "recipient", "conversation", "channelId",
          "serviceUrl", "entities", "channelData", "replyToId", "membersAdded", "attachments",
          "timestamp", "locale", "textFormat", "name")


@ABUSE
@given(changes=st.dictionaries(st.sampled_from(FIELDS), st.one_of(st.just(None), json_values),
                               max_size=3),
       drop=st.lists(st.sampled_from(FIELDS), max_size=2, unique=True),
       text=hostile_text)
@example(changes={"conversation": {"id": "a:\ud800", "tenantId": "t"}}, drop=[], text="start")
@example(changes={"from": {"id": "29:x", "aadObjectId": ["not", "a", "string"]}}, drop=[],
         text="start")
@example(changes={"type": "conversationUpdate", "membersAdded": [{"id": "28:advisor-bot"}, 7]},
         drop=[], text="")
async def test_mutated_activities(teams: Chat, caplog: pytest.LogCaptureFixture,
                                  changes: dict[str, Any], drop: list[str], text: str) -> None:
    caplog.clear()
    activity = teams.activity(text=text)
    activity.update(changes)
    for name in drop:
        activity.pop(name, None)
    mark = len(teams.connector.calls)
    status = await post(teams, json.dumps(activity).encode())
    assert status in ALLOWED, status
    assert_no_errors(caplog, ignore=standin_refused_request)
    assert_teams_output_safe(teams.connector.calls[mark:], [text] if len(text) > 3 else [])


# --- card values ----------------------------------------------------------------------------------

card_values = st.one_of(
    json_values,
    st.fixed_dictionaries({"factor": st.one_of(st.sampled_from([f.id for f in F.FACTORS]),
                                               json_values),
                           "answer": st.one_of(st.sampled_from(["bounded", "client", "x"]),
                                               json_values)}),
    st.fixed_dictionaries({"command": st.one_of(st.sampled_from(list(COMMANDS)), hostile_text)}),
    st.builds(lambda f, junk: {"factor": f.id + junk, "answer": f.answer_ids[0]},
              st.sampled_from(F.FACTORS), st.text(min_size=1, max_size=200)),
)


@ABUSE
@given(value=card_values)
@example(value={"factor": "scope", "answer": "sideways"})
@example(value={"factor": "scope", "answer": "bounded", "command": "forget"})
@example(value={"command": "rm -rf /"})
@example(value={"factor": "scope" + "x" * 200, "answer": "bounded"})
async def test_card_values_change_nothing_unless_valid(
    teams: Chat, memory_store: MemorySessionStore, caplog: pytest.LogCaptureFixture, value: Any,
) -> None:
    if not sessions(memory_store):
        await teams.say("start")
    caplog.clear()
    before = sessions(memory_store)
    replies = await teams.submit(value)
    assert teams.last_status == 201
    assert_no_errors(caplog)
    assert_teams_output_safe(teams.connector.calls[-len(replies):] if replies else [],
                             list(INJECTIONS))
    if not accepted(value):
        assert sessions(memory_store) == before, "a rejected card value changed a session"
        assert len(replies) == 1 and T.UNKNOWN_ACTION in card_text(replies[0])


# --- injection and unicode in text --------------------------------------------------------------


@pytest.mark.parametrize("injection", INJECTIONS)
async def test_markdown_and_mention_injection_is_plain_text(
    teams: Chat, caplog: pytest.LogCaptureFixture, injection: str,
) -> None:
    """Descriptions are quoted back (evidence): only ever inside plain TextRuns."""
    described = (f"{injection} run their 24/7 monitoring {injection} with a 99.9% SLA "
                 f"{injection}; we pick the tooling {injection}")
    replies = await teams.say(described)
    replies += await teams.say(f"what is an SLA {injection}?")
    replies += await teams.say(f"start {described}")
    assert replies, "every message was answered"
    assert_teams_output_safe(teams.connector.calls, [injection, "evil.example"])
    assert_no_errors(caplog)


@pytest.mark.redis
@pytest.mark.parametrize("edge", UNICODE_EDGES)
async def test_unicode_edges_in_text_on_redis(
    make_teams: MakeTeams, redis_store: Any, caplog: pytest.LogCaptureFixture, edge: str,
) -> None:
    chat: Chat = await make_teams(redis_store)
    for text in (f"what is{edge} an SLA?{edge}",
                 f"run their{edge} 24/7 monitoring with a 99.9%{edge} SLA; we pick the "
                 f"tooling{edge}", edge * 50, f"<at>Engagement Advisor</at>{edge} help"):
        replies = await chat.post(chat.activity(text=text))
        assert chat.last_status == 201 and replies, repr(text)
    assert_no_errors(caplog)
    session = await redis_store.load(chat.session_id)
    assert session is not None and session.turns == 4


@pytest.mark.redis
@pytest.mark.parametrize("where", ["conversation", "tenant", "user", "activity_id"])
@pytest.mark.parametrize("edge", ["\ud800", "\u202e", "\x00", "{x}", "%", " ", "\U0001f44d"])
async def test_unicode_edges_in_ids_on_redis(
    make_teams: MakeTeams, redis_store: Any, caplog: pytest.LogCaptureFixture, where: str, edge: str,
) -> None:
    chat: Chat = await make_teams(redis_store)
    odd = f"x{edge}y"
    if where == "conversation":
        chat.conversation_id = f"a:{odd}"
    elif where == "tenant":
        chat.tenant = odd
    elif where == "user":
        chat.user_id, chat.aad_id = f"29:{odd}", None
    activity = chat.activity(text="start")
    if where == "activity_id":
        activity["id"] = odd
    replies = await chat.post(activity)
    assert chat.last_status == 201
    # Answered, or (ids botbuilder's connector client cannot put into a URL or header) the
    # reply is logged as not delivered. Either way nothing crashed and the turn counted once.
    undelivered = [r for r in caplog.records if r.getMessage() == "teams reply not delivered"]
    assert replies or undelivered, "neither answered nor logged"
    assert_no_errors(caplog, ignore=standin_refused_request)
    session = await redis_store.load(chat.session_id)
    assert session is not None and session.turns == 1


async def test_bodies_over_the_cap_get_413_even_chunked(
    make_teams: MakeTeams, memory_store: MemorySessionStore, caplog: pytest.LogCaptureFixture,
) -> None:
    chat: Chat = await make_teams(memory_store, advisor_max_body_bytes=4096)
    raw = json.dumps(chat.activity(text="x" * 10_000)).encode()

    for data in (raw, in_chunks(raw)):
        resp = await chat.client.post("/api/messages", data=data,
                                      headers={"Content-Type": "application/json"})
        assert resp.status == 413
    assert chat.connector.calls == [] and sessions(memory_store) == {}
    assert_no_errors(caplog)
