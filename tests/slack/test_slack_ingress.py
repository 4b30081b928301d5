"""Slack ingress on bolt's public path (issue 14.1): the word "payload" in a command or an
event is only text, and bolt's own request verification is on (not only the pre-check)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from prometheus_client.parser import text_string_to_metric_families
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.settings import Settings
from bot.slack.app import PATH, build_bolt, build_web_client
from tests.slack.support import SECRET, TOKEN, SlackDriver, dm_of, observe, sign
from tests.standins.slack_api import SlackStandIn

PAYLOAD_TEXTS = (
    "payload=",
    'ask what is payload={"type":"block_actions","actions":[]}?',
    "ask payload=%7B%7D and payload=null",
    "assess payload=x&payload=y they want us to run 24/7 monitoring with a 99.9% SLA",
)


@pytest.mark.parametrize("text", PAYLOAD_TEXTS)
async def test_a_slash_command_with_a_literal_payload_field_is_a_command(
    slack: SlackDriver, text: str,
) -> None:
    """bolt reads any form body containing "payload" as an interaction (and finds none): the
    command still arrives as a command, its text exactly as typed."""
    before = len(slack.api.calls)
    status, body = await slack.command("U1", "C1", text)
    assert (status, body) == (200, "")
    (hook,) = [c for c in slack.api.calls[before:] if c.method == "response_url"]
    assert hook.status == 200 and hook.body["response_type"] == "ephemeral"
    session = await slack.stored(f"slack:{slack.team}:C1:slash-U1")
    assert session is not None and session.turns >= 1
    if text.startswith("ask "):  # the question is echoed as typed ("You asked: ...")
        assert "payload=" in " ".join(observe([hook]).texts), observe([hook]).texts
    assert not slack.api.of("chat.postMessage", "chat.update"), "nothing public"


async def test_an_event_whose_text_says_payload_is_an_event(slack: SlackDriver) -> None:
    """JSON bodies go to bolt's JSON parsing, whatever their text contains (a field named
    ``payload`` inside the event included)."""
    user = "U1"
    event = {"type": "message", "channel_type": "im", "user": user, "channel": dm_of(user),
             "ts": slack.ts(), "team": slack.team, "payload": "payload=%7B%7D",
             "text": 'what is a payload? payload={"type":"block_actions"}&payload=x'}
    status, _ = await slack.event(event)
    assert status == 200
    (answer,) = slack.api.of("chat.postMessage")
    assert answer.body["channel"] == dm_of(user)
    session = await slack.stored(f"slack:{slack.team}:{dm_of(user)}")
    assert session is not None and session.turns == 1


def url_verification() -> str:
    return json.dumps({"token": "legacy", "challenge": "c-123", "type": "url_verification"})


async def test_bolts_own_request_verification_is_on(
    make_settings: Callable[..., Settings], slack_api: SlackStandIn,
) -> None:
    """bolt's middleware, not only the server's pre-check, answers 401 for unsigned, forged and
    stale requests (a bolt built with verification off would answer the challenge)."""
    settings = make_settings(slack_bot_token=TOKEN, slack_signing_secret=SECRET,
                             slack_api_url=slack_api.api_url)
    bolt = build_bolt(settings, client=build_web_client(settings))
    body = url_verification()
    json_type = {"content-type": "application/json"}
    stale = int(time.time()) - 6 * 60
    cases = {
        "unsigned": json_type,
        "bad signature": {**json_type, **{k.lower(): v for k, v in
                                          sign(body, secret="not-the-secret").items()}},
        "stale timestamp": {**json_type, **{k.lower(): v for k, v in
                                            sign(body, timestamp=stale).items()}},
    }
    for name, headers in cases.items():
        response = await bolt.async_dispatch(AsyncBoltRequest(body=body, headers=headers))
        assert response.status == 401, name
        assert "c-123" not in response.body, name
    signed = {**json_type, **{k.lower(): v for k, v in sign(body).items()}}
    response = await bolt.async_dispatch(AsyncBoltRequest(body=body, headers=signed))
    assert response.status == 200 and "c-123" in response.body


def requests_4xx(metrics_text: str) -> float:
    for family in text_string_to_metric_families(metrics_text):
        for sample in family.samples:
            if (sample.name == "advisor_http_requests_total" and sample.labels.get("route") == PATH
                    and sample.labels.get("status") == "4xx"):
                return sample.value
    return 0.0


async def test_refused_requests_get_401_and_are_counted(slack: SlackDriver) -> None:
    """Unsigned, bad-signature and stale requests through the server: 401 each, each one in
    ``advisor_http_requests_total{route="/slack/events",status="4xx"}``, nothing sent."""
    body = url_verification()
    before = requests_4xx(await (await slack.client.get("/metrics")).text())
    statuses = [
        (await slack.post_raw(body, content_type="application/json", signed=False))[0],
        (await slack.post_raw(body, content_type="application/json", secret="wrong"))[0],
        (await slack.post_raw(body, content_type="application/json",
                              timestamp=int(time.time()) - 6 * 60))[0],
        (await slack.post_raw(urlencode({"command": "/advisor", "text": "forget"}),
                              content_type="application/x-www-form-urlencoded", signed=False))[0],
    ]
    assert statuses == [401, 401, 401, 401]
    after = requests_4xx(await (await slack.client.get("/metrics")).text())
    assert after - before == 4
    assert slack.api.calls == []
