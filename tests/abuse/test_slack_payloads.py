"""Hostile Slack traffic through ``POST /slack/events``: generated events, clicks and commands.

Every request is signed (an unsigned one never gets past bolt's verification, which
``tests/slack/test_slack_security.py`` covers), so each example reaches the translation layer,
the engine and the renderer. Properties, for every example:

* no 5xx, no ERROR record and no traceback in the log (nothing crashed, in the request or in the
  background turn);
* nothing the bot sent to Slack carries a raw ``<`` from user input (``assert_slack_output_safe``);
* rejected input (a button value or action the engine does not know, text over the limit) leaves
  every stored session byte-identical.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.slack.render import unescape
from bot.store.memory import MemorySessionStore
from dialogs import factors as F
from dialogs import texts as T
from dialogs.turn import COMMANDS, MAX_TEXT_CHARS
from tests.abuse.conftest import ABUSE
from tests.abuse.support import (
    INJECTIONS,
    UNICODE_EDGES,
    assert_no_errors,
    assert_slack_output_safe,
    hostile_text,
    in_chunks,
    json_values,
    long_text,
    maybe_str,
)
from tests.slack.support import SECRET, SlackDriver, dm_of
from tests.standins.slack_api import SlackStandIn
from tests.support.apps import MakeSlack

USER = "U0ABUSE"
DM = dm_of(USER)
VALID_VALUES = frozenset(
    [f"{f.id}={a}" for f in F.FACTORS for a in f.answer_ids]
    + [f"cmd:{c}" for c in COMMANDS if c != "home"]
)
"""Button values the engine accepts; anything else must change nothing."""


def sessions(store: MemorySessionStore) -> dict[str, str]:
    """Every stored session's JSON, by key (event claims left out)."""
    return {name: entry.value for name, entry in store._entries.items() if ":event:" not in name}


def signed_headers(raw: bytes, content_type: str) -> dict[str, str]:
    ts = str(int(time.time()))
    base = b"v0:" + ts.encode() + b":" + raw
    sig = "v0=" + hmac.new(SECRET.encode(), base, hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": sig}


async def post_signed(slack: SlackDriver, raw: bytes, content_type: str) -> int:
    resp = await slack.client.post("/slack/events", data=raw,
                                   headers=signed_headers(raw, content_type))
    await resp.read()
    return resp.status


async def command(slack: SlackDriver, user: str, channel: str, text: str) -> int:
    """``/advisor TEXT``, form-encoded as Slack does (a lone surrogate becomes invalid UTF-8)."""
    form = {"token": "legacy", "team_id": slack.team, "channel_id": channel, "user_id": user,
            "command": "/advisor", "text": text, "response_url": slack.api.response_url(),
            "trigger_id": f"cmd.{slack.next_id()}"}
    raw = urlencode(form, encoding="utf-8", errors="surrogatepass").encode()
    status = await post_signed(slack, raw, "application/x-www-form-urlencoded")
    await slack.settle()
    return status


async def started(slack: SlackDriver) -> None:
    """A conversation in the DM waiting on its first question (once per test function)."""
    if not slack.api.of("chat.postMessage"):
        await slack.dm(USER, "start")


# --- events -------------------------------------------------------------------------------------

event_types = st.one_of(
    st.sampled_from(["app_mention", "message", "app_home_opened", "reaction_added",
                     "member_joined_channel", "message.channels"]),
    hostile_text,
)
events = (
    st.fixed_dictionaries(
        {
            "type": event_types,
            "user": st.one_of(st.sampled_from([USER, "UBOTADVSR", "W0ABUSE"]), maybe_str),
            "channel": st.one_of(st.sampled_from([DM, "C0ABUSE", "G0ABUSE"]), maybe_str),
            "text": st.one_of(hostile_text, json_values),
            "ts": st.one_of(st.just("1600000000.000100"), maybe_str),
        },
        optional={
            "thread_ts": maybe_str,
            "channel_type": st.one_of(st.sampled_from(["im", "channel", "mpim"]), maybe_str),
            "subtype": st.one_of(st.sampled_from(["bot_message", "message_changed",
                                                  "thread_broadcast", "file_share"]), maybe_str),
            "bot_id": maybe_str,
            "tab": st.one_of(st.sampled_from(["home", "messages"]), maybe_str),
            "hidden": json_values,
            "blocks": json_values,
            "team": maybe_str,
        },
    )
)
"""Event objects with a string ``type`` (other shapes: ``test_malformed_signed_events``)."""


@ABUSE
@given(event=events, event_id=st.one_of(st.none(), hostile_text, json_values),
       team=st.one_of(st.just("T0TESTTEAM"), maybe_str))
@example(event={"type": "message", "channel_type": "im", "user": USER, "channel": DM,
                "ts": "1.2", "text": "what is <!channel> <@U123> <https://evil.example|x>?"},
         event_id="Ev1", team="T0TESTTEAM")
@example(event={"type": "message", "user": USER, "channel": "C0ABUSE", "text": "",
                "ts": "1600000000.000100", "channel_type": []}, event_id=None, team="T0TESTTEAM")
@example(event={"type": "app_mention", "user": USER, "channel": "C0ABUSE", "ts": "\ud800",
                "text": "start"}, event_id=None, team="T0TESTTEAM")
@example(event={"type": "app_mention", "user": USER, "channel": "C0ABUSE", "ts": "1.3",
                "text": "<@UBOTADVSR> start <!here> run their monitoring with a 99.9% SLA "
                        "<!subteam^S123> we pick the tooling"},
         event_id="Ev2", team="T0TESTTEAM")
async def test_generated_events(slack: SlackDriver, caplog: pytest.LogCaptureFixture,
                                event: Any, event_id: Any, team: Any) -> None:
    caplog.clear()
    mark = len(slack.api.calls)
    body = {"token": "legacy", "team_id": team, "api_app_id": "A0TESTAPP",
            "type": "event_callback", "event": event, "event_id": event_id,
            "event_time": 1700000000}
    status = await post_signed(slack, json.dumps(body).encode(), "application/json")
    await slack.settle()
    assert status < 500, status
    assert_no_errors(caplog)
    assert_slack_output_safe(slack.api.calls[mark:])


@pytest.mark.parametrize("event", [
    None, [], "message", 7, {"type": {"nested": "dict"}}, {"type": 5}, {"type": None},
    {"type": ["message"]}, {},
    {"type": "message", "channel_type": "im", "user": USER, "channel": DM, "ts": "1.1",
     "text": "hi", "subtype": []},
    {"type": "app_mention", "user": USER, "channel": "C0ABUSE", "ts": "1.1", "text": "hi",
     "subtype": {"x": 1}},
], ids=repr)
async def test_malformed_signed_events_are_not_a_5xx(
    slack: SlackDriver, caplog: pytest.LogCaptureFixture, event: Any,
) -> None:
    """A signed ``event_callback`` whose ``event`` is not an object with a string ``type``.

    Only Slack can sign, and Slack never sends these, so this is robustness, not security: the
    answer must still be a 2xx/4xx, never a 500 with bolt's middleware error in the log.
    """
    body = {"token": "legacy", "team_id": slack.team, "api_app_id": "A0TESTAPP",
            "type": "event_callback", "event": event, "event_id": "Ev0MALFORMED",
            "event_time": 1700000000}
    status = await post_signed(slack, json.dumps(body).encode(), "application/json")
    await slack.settle()
    assert status < 500, status
    assert_no_errors(caplog)
    assert slack.api.messages == []


@pytest.mark.parametrize(("raw", "content_type"), [
    (b"null", "application/json"), (b"[]", "application/json"), (b'"x"', "application/json"),
    (b"7", "application/json"), (b"\x80", "application/json"), (b"\xff\xfe{", "application/json"),
    (b"payload=null", "application/x-www-form-urlencoded"),
    (b"payload=%5B%5D", "application/x-www-form-urlencoded"),
    (b"payload=7", "application/x-www-form-urlencoded"),
    (b"payload=%22x%22", "application/x-www-form-urlencoded"),
    (b"payload=%80", "application/x-www-form-urlencoded"), (b"\x80=\x80", ""),
], ids=repr)
async def test_unsigned_garbage_is_refused_before_anything_parses_it(
    slack: SlackDriver, caplog: pytest.LogCaptureFixture, raw: bytes, content_type: str,
) -> None:
    """Anyone on the internet can send these: 401 (or 400), never a 500 with a stack trace.

    Each body goes twice: bare, and with a fresh timestamp and a made-up signature (which gets
    past the staleness check into the signature computation).
    """
    headers = {"Content-Type": content_type} if content_type else {}
    forged = {**headers, "X-Slack-Request-Timestamp": str(int(time.time())),
              "X-Slack-Signature": "v0=" + "0" * 64}
    statuses = []
    for h in (headers, forged):
        resp = await slack.client.post("/slack/events", data=raw, headers=h)
        statuses.append(resp.status)
    assert set(statuses) <= {400, 401}, statuses
    await slack.settle()
    assert slack.api.calls == []
    assert_no_errors(caplog)


@ABUSE
@given(raw=st.one_of(
    json_values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=300),
    st.dictionaries(st.sampled_from(["payload", "command", "text", "user_id", "channel_id",
                                     "type", "token"]),
                    st.one_of(hostile_text, json_values.map(json.dumps)), max_size=5)
    .map(lambda d: urlencode(d, encoding="utf-8", errors="surrogatepass").encode()),
), content_type=st.sampled_from(["application/json", "application/x-www-form-urlencoded",
                                 "text/plain", "multipart/form-data; boundary=x", ""]))
async def test_generated_signed_bodies(slack: SlackDriver, caplog: pytest.LogCaptureFixture,
                                       raw: bytes, content_type: str) -> None:
    caplog.clear()
    mark = len(slack.api.calls)
    status = await post_signed(slack, raw, content_type)
    await slack.settle()
    assert status < 500, (status, raw[:200])
    assert_no_errors(caplog)
    assert_slack_output_safe(slack.api.calls[mark:])


# --- clicks -------------------------------------------------------------------------------------

action_ids = st.one_of(
    st.sampled_from(["advisor:answer:scope:bounded", "advisor:cmd:back", "advisor:share:ask",
                     "advisor:home:start", "advisor:", "someone-elses-button"]),
    st.text(max_size=30).map(lambda s: "advisor:" + s),
    hostile_text,
)
values = st.one_of(
    st.sampled_from(sorted(VALID_VALUES)),
    st.sampled_from(["scope=sideways", "nope=x", "scope=", "=bounded", "cmd:rm -rf", "cmd:",
                     "cmd:home", "share:ask:<!channel> what is an SLA?", "scope=bounded=x",
                     "cmd:help ", " scope=bounded"]),
    hostile_text,
    st.builds(lambda v, junk: v + junk, st.sampled_from(sorted(VALID_VALUES)), hostile_text),
)
containers = st.sampled_from(["dm", "channel", "ephemeral", "view", "none"])


def click_payload(slack: SlackDriver, action_id: Any, value: Any, block_id: Any,
                  container: str, user: Any) -> dict[str, Any]:
    n = slack.next_id()
    payload: dict[str, Any] = {
        "type": "block_actions", "user": {"id": user, "team_id": slack.team},
        "api_app_id": "A0TESTAPP", "token": "legacy", "team": {"id": slack.team},
        "trigger_id": f"trigger.{n}", "response_url": slack.api.response_url(),
        "actions": [{"type": "button", "action_id": action_id, "block_id": block_id,
                     "value": value, "action_ts": f"1700000200.{n:06d}"}],
    }
    channel = {"dm": DM, "channel": "C0ABUSE", "ephemeral": "C0ABUSE"}.get(container)
    if container == "view":
        payload["container"] = {"type": "view", "view_id": "V0HOME"}
        payload["view"] = {"id": "V0HOME", "type": "home"}
    elif channel is not None:
        payload["container"] = {"type": "message", "message_ts": "1700000000.000001",
                                "channel_id": channel, "is_ephemeral": container == "ephemeral"}
        payload["channel"] = {"id": channel}
        if container != "ephemeral":
            payload["message"] = {"type": "message", "ts": "1700000000.000001", "blocks": []}
    return payload


@ABUSE
@given(action_id=action_ids, value=st.one_of(values, json_values),
       block_id=st.one_of(st.sampled_from(["advisor:answers:scope", "advisor:nav:scope",
                                           "advisor:ask-actions"]), hostile_text, json_values),
       container=containers, user=st.one_of(st.just(USER), maybe_str))
@example(action_id="advisor:answer:scope:x", value="scope=sideways",
         block_id="advisor:answers:scope", container="dm", user=USER)
@example(action_id="advisor:answer:scope:bounded", value="accountability=client",
         block_id="advisor:answers:scope", container="ephemeral", user="\ud800")
@example(action_id="advisor:share:ask", value="share:ask:<!channel> <https://evil.example|x>",
         block_id="advisor:ask-actions", container="ephemeral", user=USER)
async def test_generated_clicks_change_nothing_unless_valid(
    slack: SlackDriver, memory_store: MemorySessionStore, caplog: pytest.LogCaptureFixture,
    action_id: Any, value: Any, block_id: Any, container: str, user: Any,
) -> None:
    await started(slack)
    caplog.clear()
    before = sessions(memory_store)
    mark = len(slack.api.calls)
    payload = click_payload(slack, action_id, value, block_id, container, user)
    form = urlencode({"payload": json.dumps(payload)}).encode()
    status = await post_signed(slack, form, "application/x-www-form-urlencoded")
    await slack.settle()
    assert status < 500, status
    assert_no_errors(caplog)
    shown = slack.api.calls[mark:]
    assert_slack_output_safe(shown)
    ours = isinstance(action_id, str) and action_id.startswith("advisor:")
    if not (ours and isinstance(value, str) and value in VALID_VALUES):
        assert sessions(memory_store) == before, "rejected input changed a stored session"
    if ours and isinstance(value, str) and value.startswith(("scope=sideways", "nope=")) \
            and container in ("dm", "channel") and user == USER:
        texts = " ".join(json.dumps(c.body) for c in shown)
        assert unescape(T.UNKNOWN_ACTION.split(",")[0]) in texts or "recognise" in texts


# --- slash commands -----------------------------------------------------------------------------


@ABUSE
@given(text=st.one_of(hostile_text, long_text, st.builds("{} {}".format,
                                                         st.sampled_from(["ask", "assess"]),
                                                         hostile_text)),
       user=st.one_of(st.just(USER), maybe_str), channel=st.one_of(st.just("C0ABUSE"), maybe_str),
       command=st.one_of(st.just("/advisor"), hostile_text))
@example(text="ask what is <!channel> <!subteam^S123|@team>?", user=USER, channel="C0ABUSE",
         command="/advisor")
@example(text="x" * (MAX_TEXT_CHARS + 1), user=USER, channel="C0ABUSE", command="/advisor")
@example(text=("\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466" * 4000)[:3995],
         user=USER, channel="C0ABUSE", command="/advisor")  # was msg_blocks_too_long (astral = 12)
@example(text=("\U0001d573\U0001d58a\U0001d591\U0001d591\U0001d594" * 4000)[:4000], user=USER,
         channel="C0ABUSE", command="/advisor")
async def test_generated_slash_commands(
    slack: SlackDriver, memory_store: MemorySessionStore, caplog: pytest.LogCaptureFixture,
    text: str, user: Any, channel: Any, command: str,
) -> None:
    caplog.clear()
    before = sessions(memory_store)
    mark = len(slack.api.calls)
    form: dict[str, Any] = {"token": "legacy", "team_id": slack.team, "command": command,
                            "text": text, "response_url": slack.api.response_url(),
                            "trigger_id": f"cmd.{slack.next_id()}"}
    if isinstance(user, str):
        form["user_id"] = user
    if isinstance(channel, str):
        form["channel_id"] = channel
    raw = urlencode(form, encoding="utf-8", errors="surrogatepass").encode()
    status = await post_signed(slack, raw, "application/x-www-form-urlencoded")
    await slack.settle()
    assert status < 500, status
    assert_no_errors(caplog)
    assert_slack_output_safe(slack.api.calls[mark:])
    typed = unescape(text).strip().replace("\x00", "")
    if len(typed) > MAX_TEXT_CHARS:
        assert sessions(memory_store) == before, "text over the limit changed a session"


# --- every echo path, every injection -----------------------------------------------------------


@pytest.mark.parametrize("injection", INJECTIONS)
async def test_injection_through_every_echo_path_is_shown_not_acted_on(
    slack: SlackDriver, caplog: pytest.LogCaptureFixture, injection: str,
) -> None:
    """Questions, descriptions (quoted evidence), slash ask/assess, share of a private answer."""
    described = (f"{injection} run their 24/7 monitoring {injection} with a 99.9% SLA "
                 f"{injection}; we pick the tooling {injection}")
    await slack.dm(USER, f"what is an SLA {injection}?")
    await slack.dm(USER, described)
    await slack.mention("C0ABUSE", USER, described, ts="1600000001.000001")
    await slack.command(USER, "C0ABUSE", f"ask what is staff augmentation {injection}")
    await slack.command(USER, "C0ABUSE", f"assess {described}")
    await slack.click_raw(USER, channel="C0ABUSE", message_ts="ephemeral", ephemeral=True,
                          value=f"share:ask:what is an SLA {injection}",
                          action_id="advisor:share:ask", block_id="advisor:ask-actions")
    assert len(slack.api.messages) >= 6
    assert_slack_output_safe(slack.api.calls)
    assert_no_errors(caplog)


@pytest.mark.redis
@pytest.mark.parametrize("edge", UNICODE_EDGES)
async def test_unicode_edges_in_text_descriptions_and_questions_on_redis(
    make_slack: MakeSlack, redis_store: Any, caplog: pytest.LogCaptureFixture, edge: str,
) -> None:
    """Each edge case spliced into a question, a description and a slash command, on Redis."""
    slack: SlackDriver = await make_slack(redis_store)
    await slack.dm(USER, f"what is{edge} an SLA?{edge}")
    await slack.dm(USER, f"run their{edge} 24/7 monitoring with a 99.9%{edge} SLA; we pick the "
                         f"tooling{edge}")
    await slack.dm(USER, edge * 50)
    assert await command(slack, USER, "C0ABUSE", f"assess {edge} clearly scoped {edge}") == 200
    await slack.mention("C0ABUSE", USER, f"start {edge}", ts="1600000002.000001")
    assert len(slack.api.messages) >= 5, "every message got an answer"
    assert_slack_output_safe(slack.api.calls)
    assert_no_errors(caplog)
    session = await redis_store.load(f"slack:{slack.team}:{DM}")
    assert session is not None and session.turns == 3


@pytest.mark.redis
@pytest.mark.parametrize("edge", ["\ud800", "\u202e", "\x00", "\U0001f468\u200d\U0001f469",
                                  "{x}", "%", " "])
async def test_unicode_edges_in_ids_on_redis(
    make_slack: MakeSlack, slack_api: SlackStandIn, redis_store: Any,
    caplog: pytest.LogCaptureFixture, edge: str,
) -> None:
    """Odd team, channel and user ids (JSON allows a lone surrogate) still give one answer."""
    slack_api.team_id = f"T0{edge}TEAM"  # the installation's own (auth.test, at start)
    slack: SlackDriver = await make_slack(redis_store)
    slack.team = slack_api.team_id
    user, channel = f"U0{edge}", f"D0{edge}"
    status, _ = await slack.dm(user, "start", channel=channel)
    assert status == 200
    assert len(slack.api.messages) == 1
    assert_no_errors(caplog)
    session = await redis_store.load(f"slack:{slack.team}:{channel}")
    assert session is not None and session.turns == 1


# --- size caps ----------------------------------------------------------------------------------


@pytest.mark.parametrize("signed", [True, False])
@pytest.mark.parametrize("chunked", [True, False])
async def test_bodies_over_the_cap_get_413_and_touch_nothing(
    make_slack: MakeSlack, memory_store: MemorySessionStore, caplog: pytest.LogCaptureFixture,
    signed: bool, chunked: bool,
) -> None:
    slack: SlackDriver = await make_slack(memory_store, advisor_max_body_bytes=4096)
    body = json.dumps(slack.event_body({"type": "message", "channel_type": "im", "user": USER,
                                        "channel": DM, "ts": "1.1", "text": "x" * 10_000}))
    raw = body.encode()
    headers = signed_headers(raw, "application/json") if signed else {
        "Content-Type": "application/json"}

    resp = await slack.client.post("/slack/events", data=in_chunks(raw) if chunked else raw,
                                   headers=headers)
    assert resp.status == 413
    await slack.settle()
    assert slack.api.calls == []
    assert sessions(memory_store) == {} and memory_store.live_entries() == 0
    assert_no_errors(caplog)


async def test_text_just_over_the_limit_gets_the_short_reply_and_changes_nothing(
    slack: SlackDriver, memory_store: MemorySessionStore, caplog: pytest.LogCaptureFixture,
) -> None:
    """The limit counts what the user typed (code points, entities decoded), not bytes."""
    await started(slack)
    cases = [("é" * (MAX_TEXT_CHARS + 1), True), ("\U0001f44d" * (MAX_TEXT_CHARS + 1), True),
             ("x\x00" * (MAX_TEXT_CHARS // 2 + 1), False),  # NULs are dropped before counting
             ("&lt;" * (MAX_TEXT_CHARS // 3), False)]  # 5,332 characters sent, 1,333 typed
    for text, over in cases:
        before = sessions(memory_store)
        await slack.dm(USER, text)
        reply = slack.api.messages[-1]
        assert ("too long" in reply.body["text"]) == over, reply.body["text"][:200]
        if over:
            assert len(reply.body["text"]) < 400
            assert sessions(memory_store) == before
    assert_slack_output_safe(slack.api.calls)
    assert_no_errors(caplog)
