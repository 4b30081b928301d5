"""Slack edges (issue 12 part 3), through the real server and the Web API stand-in: the Web API
unreachable at the first event, interactive payloads of every type without their parts,
``app_rate_limited`` / ``view_closed``, events of another installation, and file shares."""

from __future__ import annotations

import json
import logging

import pytest

from tests.slack.support import SlackDriver, dm_of
from tests.standins.slack_api import SlackStandIn
from tests.support.apps import MakeSlack
from tests.support.defaults import memory_store


async def test_an_unreachable_web_api_at_the_first_event_is_acked_and_logged_once(
    make_slack: MakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    slack = await make_slack(slack_api_url="http://127.0.0.1:1/api/")
    with caplog.at_level(logging.WARNING):
        for n in range(3):
            status, _ = await slack.dm("UPAT", f"help {n}")
            assert status == 200
        status, text = await slack.command("UPAT", "C0GENERAL", "help")
    assert status == 200
    assert "try again" in text.lower()
    assert not [r for r in caplog.records if r.exc_info], "no traceback per event"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    unreachable = [r for r in caplog.records if "auth.test" in r.getMessage()]
    assert len(unreachable) == 1


async def test_after_auth_test_recovers_events_are_answered(
    make_slack: MakeSlack, slack_api: SlackStandIn
) -> None:
    # Start-up's check and the first event's each call auth.test and retry once.
    slack_api.fail("auth.test", times=4, status=500)
    slack = await make_slack()
    status, _ = await slack.dm("UPAT", "help")
    assert status == 200
    assert slack.api.messages == []
    status, _ = await slack.dm("UPAT", "help")
    assert status == 200
    assert slack.api.messages


INTERACTIVE_WITHOUT_PARTS = {
    "view_submission without view.type": {"type": "view_submission", "view": {"id": "V1"}},
    "view_submission without view": {"type": "view_submission"},
    "view_closed without view": {"type": "view_closed"},
    "block_actions with actions not a list": {"type": "block_actions", "actions": {"a": 1}},
    "block_actions with a non-object action": {"type": "block_actions", "actions": ["x"]},
    "block_suggestion without action_id": {"type": "block_suggestion"},
    "shortcut without callback_id": {"type": "shortcut"},
    "message_action without callback_id": {"type": "message_action"},
    "unknown type": {"type": "something_new"},
    "view with a numeric callback_id": {"type": "view_submission",
                                        "view": {"type": "modal", "callback_id": 5}},
}


async def test_every_interactive_payload_type_is_shape_checked(slack: SlackDriver) -> None:
    for name, payload in INTERACTIVE_WITHOUT_PARTS.items():
        base = {"team": {"id": slack.team}, "user": {"id": "UPAT", "team_id": slack.team},
                "api_app_id": "A0TESTAPP", "token": "legacy", **payload}
        status, _ = await slack.post_form({"payload": json.dumps(base)})
        assert status in (200, 400), name
    assert slack.api.messages == []


async def test_app_rate_limited_and_view_closed_are_acknowledged(
    slack: SlackDriver, caplog: pytest.LogCaptureFixture
) -> None:
    limited = {"token": "legacy", "type": "app_rate_limited", "team_id": slack.team,
               "minute_rate_limited": 1518467820, "api_app_id": "A0TESTAPP"}
    with caplog.at_level(logging.WARNING):
        status, _ = await slack.post_json(limited)
        assert status == 200
        closed = {"type": "view_closed", "team": {"id": slack.team},
                  "user": {"id": "UPAT", "team_id": slack.team}, "api_app_id": "A0TESTAPP",
                  "view": {"id": "V1", "type": "modal", "callback_id": "anything"},
                  "is_cleared": False}
        status, _ = await slack.post_form({"payload": json.dumps(closed)})
        assert status == 200
    assert not [r for r in caplog.records if "Unhandled request" in r.getMessage()]


async def test_events_of_another_installation_are_acked_and_not_stored(
    make_slack: MakeSlack,
) -> None:
    store = memory_store()
    slack = await make_slack(store, slack_app_id="A0TESTAPP")
    await slack.dm("UPAT", "help")  # learns the installation (auth.test) and answers
    assert slack.api.messages
    written = store.live_entries()
    slack.api.clear()
    foreign_team = slack.event_body({"type": "message", "channel_type": "im", "user": "UPAT",
                                     "channel": dm_of("UPAT"), "ts": slack.ts(), "text": "start"})
    foreign_team["team_id"] = "TOTHER"
    foreign_app = slack.event_body({"type": "message", "channel_type": "im", "user": "UPAT",
                                    "channel": dm_of("UPAT"), "ts": slack.ts(), "text": "start"})
    foreign_app["api_app_id"] = "AOTHER"
    for body in (foreign_team, foreign_app):
        status, _ = await slack.post_json(body)
        await slack.settle()
        assert status == 200
    click = {"type": "block_actions", "team": {"id": "TOTHER"},
             "user": {"id": "UPAT", "team_id": "TOTHER"}, "api_app_id": "A0TESTAPP",
             "token": "legacy", "trigger_id": "t", "container": {"type": "message",
             "message_ts": "1.2", "channel_id": dm_of("UPAT")}, "channel": {"id": dm_of("UPAT")},
             "actions": [{"type": "button", "action_id": "advisor:answer:0",
                          "block_id": "advisor:answers:x", "value": "cmd:start",
                          "action_ts": "1.3"}]}
    status, _ = await slack.post_form({"payload": json.dumps(click)})
    await slack.settle()
    assert status == 200
    status, _ = await slack.command("UPAT", "C0GENERAL", "start")  # this team: still served
    assert status == 200
    assert store.live_entries() > written
    assert [c.method for c in slack.api.calls if c.method != "response_url"] == []


async def test_a_message_with_files_is_answered_from_its_text_with_a_note(
    slack: SlackDriver,
) -> None:
    event = {"type": "message", "subtype": "file_share", "channel_type": "im", "user": "UPAT",
             "channel": dm_of("UPAT"), "ts": slack.ts(), "text": "help", "team": slack.team,
             "files": [{"id": "F1", "name": "rfp.pdf"}]}
    status, _ = await slack.event(event)
    assert status == 200
    text = " ".join(c.body.get("text", "") for c in slack.api.messages).lower()
    assert "files are not read" in text
    assert "forget" in text  # the answer to "help" (its command list) came too


async def test_files_without_text_get_the_note_only(slack: SlackDriver) -> None:
    event = {"type": "message", "subtype": "file_share", "channel_type": "im", "user": "UPAT",
             "channel": dm_of("UPAT"), "ts": slack.ts(), "text": "", "team": slack.team,
             "files": [{"id": "F1", "name": "rfp.pdf"}]}
    status, _ = await slack.event(event)
    assert status == 200
    (note,) = slack.api.messages
    assert "files are not read" in note.body["text"].lower()
