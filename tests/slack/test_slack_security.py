"""Request verification: Slack's published vector, url_verification, forged and stale requests."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

import pytest
from slack_sdk.signature import Clock, SignatureVerifier

from bot.appkeys import STORE
from bot.server import build_app
from bot.settings import Settings
from tests.slack.support import SECRET, SlackDriver, sign
from tests.support.apps import MakeSlack
from tests.support.defaults import memory_store

# Slack's published example ("Verifying requests from Slack"), also in slack_sdk's own tests.
VECTOR_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
VECTOR_TIMESTAMP = "1531420618"
VECTOR_BODY = (
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmib"
    "IGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
VECTOR_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


class FrozenClock(Clock):
    def __init__(self, at: float) -> None:
        self.at = at

    def now(self) -> float:
        return self.at


def test_slacks_published_signature_vector() -> None:
    verifier = SignatureVerifier(VECTOR_SECRET, clock=FrozenClock(int(VECTOR_TIMESTAMP) + 30))
    assert verifier.generate_signature(timestamp=VECTOR_TIMESTAMP, body=VECTOR_BODY) == VECTOR_SIGNATURE
    assert verifier.is_valid(body=VECTOR_BODY, timestamp=VECTOR_TIMESTAMP, signature=VECTOR_SIGNATURE)
    assert not verifier.is_valid(body=VECTOR_BODY + "x", timestamp=VECTOR_TIMESTAMP,
                                 signature=VECTOR_SIGNATURE)
    late = SignatureVerifier(VECTOR_SECRET, clock=FrozenClock(int(VECTOR_TIMESTAMP) + 301))
    assert not late.is_valid(body=VECTOR_BODY, timestamp=VECTOR_TIMESTAMP, signature=VECTOR_SIGNATURE)
    # Our test helper signs the same way.
    assert sign(VECTOR_BODY, secret=VECTOR_SECRET, timestamp=int(VECTOR_TIMESTAMP))[
        "X-Slack-Signature"] == VECTOR_SIGNATURE


async def test_url_verification_answers_the_challenge(slack: SlackDriver) -> None:
    status, body = await slack.post_json({"token": "legacy", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"})
    assert status == 200
    assert json.loads(body) == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    assert slack.api.calls == []


def start_event(slack: SlackDriver) -> dict[str, Any]:
    return slack.event_body({"type": "message", "channel_type": "im", "user": "U1",
                             "channel": "D1", "ts": "1.1", "text": "start SECRET-BODY-MARKER"})


async def assert_nothing_happened(slack: SlackDriver, event_id: str | None = None) -> None:
    await slack.settle()
    assert slack.api.calls == [], "no Web API call, auth.test included"
    store = slack.app[STORE]
    assert await store.load(f"slack:{slack.team}:D1") is None, "no session"
    if event_id is not None:
        claimed = await store.claim(f"slack:{slack.team}:{event_id}", 60, f"slack:{slack.team}:D1")
        assert claimed, "the event is unclaimed"


@pytest.mark.parametrize("how", ["wrong secret", "stale", "future", "tampered", "unsigned",
                                 "garbage signature"])
async def test_forged_or_stale_requests_get_401_and_touch_nothing(
    slack: SlackDriver, how: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    event = start_event(slack)
    body = json.dumps(event)
    now = int(time.time())
    headers: dict[str, str] = {}
    signed = True
    secret, ts = SECRET, now
    if how == "wrong secret":
        secret = "not-the-secret"
    elif how == "stale":
        ts = now - 6 * 60
    elif how == "future":
        ts = now + 6 * 60
    elif how == "unsigned":
        signed = False
    elif how == "garbage signature":
        headers = {"X-Slack-Request-Timestamp": str(now), "X-Slack-Signature": "v0=deadbeef"}
        signed = False
    if how == "tampered":
        headers = sign(body, timestamp=ts)
        body = body.replace("start", "forget")
        signed = False
    status, _ = await slack.post_raw(body, content_type="application/json", signed=signed,
                                     secret=secret, timestamp=ts, headers=headers)
    assert status == 401
    await assert_nothing_happened(slack, event["event_id"])
    assert "SECRET-BODY-MARKER" not in caplog.text, "bolt must not log the request body"


async def test_forged_interactivity_and_slash_commands_get_401(slack: SlackDriver) -> None:
    payload = {"type": "block_actions", "user": {"id": "U1"}, "actions": [
        {"action_id": "advisor:cmd:forget", "value": "cmd:forget", "block_id": "b"}]}
    status, _ = await slack.post_form({"payload": json.dumps(payload)}, secret="wrong")
    assert status == 401
    status, _ = await slack.post_form({"command": "/advisor", "text": "forget", "user_id": "U1",
                                       "channel_id": "C1"}, secret="wrong")
    assert status == 401
    await assert_nothing_happened(slack)


async def test_unreadable_bodies(slack: SlackDriver) -> None:
    status, _ = await slack.post_raw("{not json", content_type="application/json", signed=False)
    assert status == 401
    status, _ = await slack.post_raw("{not json", content_type="application/json")
    assert status == 400
    status, _ = await slack.post_form({"payload": "{bad"})
    assert status == 400
    await assert_nothing_happened(slack)


async def test_signed_but_unhandled_requests_get_200(slack: SlackDriver) -> None:
    status, _ = await slack.event({"type": "reaction_added", "user": "U1", "reaction": "tada",
                                   "item": {"type": "message", "channel": "C1", "ts": "1.1"}})
    assert status == 200
    status, _ = await slack.event({"type": "channel_created", "channel": {"id": "C9"}})
    assert status == 200
    status, _ = await slack.click_raw("U1", channel="C1", message_ts="1.1", value="x",
                                      action_id="someone-elses-button", block_id="b")
    assert status == 200
    for kind in ("shortcut", "view_submission"):
        payload = {"type": kind, "user": {"id": "U1"}, "team": {"id": slack.team},
                   "callback_id": "nope", "trigger_id": "t",
                   "view": {"id": "V1", "callback_id": "nope", "type": "modal", "state": {}}}
        status, _ = await slack.post_form({"payload": json.dumps(payload)})
        assert status == 200, kind
    await slack.settle()
    assert [c.method for c in slack.api.calls if c.method != "auth.test"] == []


async def test_bots_own_messages_edits_and_other_bots_are_ignored(slack: SlackDriver) -> None:
    base = {"type": "message", "channel_type": "im", "channel": "D1", "ts": "5.5", "text": "start"}
    for extra in ({"user": "UBOTADVSR", "bot_id": "BBOTADVSR"}, {"user": "U2", "bot_id": "B2"},
                  {"subtype": "bot_message", "bot_id": "B2"},
                  {"subtype": "message_changed", "message": {"text": "start", "user": "U1"}},
                  {"subtype": "message_deleted", "user": "U1"}):
        status, _ = await slack.event({**base, **extra})
        assert status == 200
    assert [c.method for c in slack.api.calls if c.method != "auth.test"] == []


async def test_the_route_is_absent_without_slack_credentials(
    aiohttp_client: Any, make_settings: Callable[..., Settings]
) -> None:
    client = await aiohttp_client(build_app(make_settings(), store=memory_store()))
    resp = await client.post("/slack/events", data=b"{}")
    assert resp.status == 404


async def test_tokens_never_reach_the_logs(make_slack: MakeSlack,
                                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    slack = await make_slack()
    await slack.dm("U1", "start")
    await slack.dm("U1", "what is staff augmentation?")
    assert slack.api.of("chat.postMessage")
    assert "xoxb-test" not in caplog.text
    assert SECRET not in caplog.text
    info = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    assert "staff augmentation" not in info, "no message bodies at info level"


async def test_start_up_warns_about_nothing_when_the_token_is_in_the_environment(
    make_slack: MakeSlack, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # bolt reads SLACK_BOT_TOKEN itself and would warn on every start that it goes unused
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    caplog.set_level(logging.INFO)
    slack = await make_slack()
    await slack.dm("U1", "start")
    assert slack.api.of("chat.postMessage")
    warnings = [r.getMessage() for r in caplog.records
                if r.name.startswith("slack_bolt") and r.levelno >= logging.WARNING]
    assert warnings == []
