"""Driving the Slack surface end to end: signed requests in, recorded Web API calls out."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from aiohttp.test_utils import TestClient
from slack_sdk.signature import SignatureVerifier

from bot.appkeys import STORE, TASKS
from bot.slack.render import markers, unescape
from tests.standins.slack_api import TEAM_ID, Call, SlackStandIn
from tests.support.json_tree import json_dicts
from tests.transcripts import Observed

SECRET = "test-signing-secret-0123456789abcdef"
TOKEN = "xoxb-test"
APP_ID = "A0TESTAPP"


def sign(body: str, *, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(signing_secret=secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


@dataclass
class Posted:
    """A message as the stand-in last saw it (posted, then maybe updated)."""

    channel: str
    ts: str
    thread_ts: str | None
    blocks: list[dict[str, Any]]


@dataclass
class SlackDriver:
    client: TestClient
    api: SlackStandIn
    team: str = TEAM_ID
    _ids: Iterable[int] = field(default_factory=lambda: itertools.count(1))
    _threads: dict[str, str | None] = field(default_factory=dict)

    @property
    def app(self) -> web.Application:
        return self.client.server.app  # type: ignore[no-any-return]

    def next_id(self) -> int:
        return next(self._ids)  # type: ignore[call-overload,no-any-return]

    # raw requests -------------------------------------------------------------------

    async def post_raw(self, body: str, *, content_type: str, headers: dict[str, str] | None = None,
                       signed: bool = True, secret: str = SECRET,
                       timestamp: int | None = None) -> tuple[int, str]:
        h = {"Content-Type": content_type}
        if signed:
            h.update(sign(body, secret=secret, timestamp=timestamp))
        h.update(headers or {})
        resp = await self.client.post("/slack/events", data=body.encode(), headers=h)
        return resp.status, await resp.text()

    async def post_json(self, payload: dict[str, Any], **kw: Any) -> tuple[int, str]:
        return await self.post_raw(json.dumps(payload), content_type="application/json", **kw)

    async def post_form(self, form: dict[str, str], **kw: Any) -> tuple[int, str]:
        return await self.post_raw(urlencode(form), content_type="application/x-www-form-urlencoded",
                                   **kw)

    async def settle(self) -> None:
        await self.app[TASKS].idle()

    # events -------------------------------------------------------------------------

    def event_body(self, event: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
        n = self.next_id()
        return {
            "token": "legacy", "team_id": self.team, "api_app_id": APP_ID, "type": "event_callback",
            "event": event, "event_id": event_id or f"Ev{n:08d}", "event_time": 1700000000 + n,
            "authorizations": [{"team_id": self.team, "user_id": "UBOTADVSR", "is_bot": True}],
        }

    async def event(self, event: dict[str, Any], *, event_id: str | None = None,
                    headers: dict[str, str] | None = None, settle: bool = True) -> tuple[int, str]:
        result = await self.post_json(self.event_body(event, event_id=event_id), headers=headers)
        if settle:
            await self.settle()
        return result

    def ts(self) -> str:
        return f"1600000000.{self.next_id():06d}"

    async def mention(self, channel: str, user: str, text: str, *, thread_ts: str | None = None,
                      ts: str | None = None, **kw: Any) -> tuple[int, str]:
        ev = {"type": "app_mention", "user": user, "channel": channel, "ts": ts or self.ts(),
              "text": f"<@UBOTADVSR> {text}", "team": self.team}
        if thread_ts:
            ev["thread_ts"] = thread_ts
        return await self.event(ev, **kw)

    async def dm(self, user: str, text: str, *, channel: str | None = None,
                 thread_ts: str | None = None, **kw: Any) -> tuple[int, str]:
        ev = {"type": "message", "channel_type": "im", "user": user, "channel": channel or dm_of(user),
              "ts": self.ts(), "text": text, "team": self.team}
        if thread_ts:
            ev["thread_ts"] = thread_ts
        return await self.event(ev, **kw)

    # interactivity ------------------------------------------------------------------

    async def click(self, user: str, message: Posted, value: str, *, settle: bool = True,
                    ephemeral: bool = False, response_url: str | None = None) -> tuple[int, str]:
        """Click the button carrying ``value`` in ``message`` (it must be there)."""
        block, button = find_button(message.blocks, value)
        return await self.click_raw(
            user, channel=message.channel, message_ts=message.ts, thread_ts=message.thread_ts,
            action_id=button["action_id"], block_id=block["block_id"], value=value,
            message_blocks=message.blocks, settle=settle, ephemeral=ephemeral,
            response_url=response_url,
        )

    async def click_raw(self, user: str, *, channel: str, message_ts: str, value: str,
                        action_id: str, block_id: str, thread_ts: str | None = None,
                        message_blocks: list[dict[str, Any]] | None = None, settle: bool = True,
                        ephemeral: bool = False, response_url: str | None = None,
                        view: dict[str, Any] | None = None) -> tuple[int, str]:
        n = self.next_id()
        payload: dict[str, Any] = {
            "type": "block_actions", "user": {"id": user, "team_id": self.team},
            "api_app_id": APP_ID, "token": "legacy", "team": {"id": self.team},
            "trigger_id": f"trigger.{n}",
            "response_url": response_url or self.api.response_url(),
            "actions": [{"type": "button", "action_id": action_id, "block_id": block_id,
                         "value": value, "action_ts": f"1700000100.{n:06d}",
                         "text": {"type": "plain_text", "text": "x"}}],
        }
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view.get("id", "V0HOME")}
            payload["view"] = view
        else:
            payload["container"] = {"type": "message", "message_ts": message_ts,
                                    "channel_id": channel, "is_ephemeral": ephemeral}
            payload["channel"] = {"id": channel, "name": "directmessage" if channel.startswith("D")
                                  else "general"}
            if not ephemeral:
                msg: dict[str, Any] = {"type": "message", "ts": message_ts, "user": "UBOTADVSR",
                                       "bot_id": "BBOTADVSR", "blocks": message_blocks or []}
                if thread_ts:
                    msg["thread_ts"] = thread_ts
                    payload["container"]["thread_ts"] = thread_ts
                payload["message"] = msg
        result = await self.post_form({"payload": json.dumps(payload)})
        if settle:
            await self.settle()
        return result

    async def select_conversation(self, user: str, message: Posted, picked: str, *,
                                  settle: bool = True) -> tuple[int, str]:
        """Pick ``picked`` in the ``conversations_select`` of ``message``, as Slack sends it
        (``block_actions`` whose action carries ``selected_conversation``, no ``value``)."""
        block, element = next(
            (b, e) for b in message.blocks if b.get("type") == "actions"
            for e in b.get("elements", []) if e.get("type") == "conversations_select")
        n = self.next_id()
        container: dict[str, Any] = {"type": "message", "message_ts": message.ts,
                                     "channel_id": message.channel, "is_ephemeral": False}
        msg: dict[str, Any] = {"type": "message", "ts": message.ts, "user": "UBOTADVSR",
                               "bot_id": "BBOTADVSR", "blocks": message.blocks}
        if message.thread_ts:
            container["thread_ts"] = msg["thread_ts"] = message.thread_ts
        payload = {
            "type": "block_actions", "user": {"id": user, "team_id": self.team},
            "api_app_id": APP_ID, "token": "legacy", "team": {"id": self.team},
            "trigger_id": f"trigger.{n}", "response_url": self.api.response_url(),
            "container": container, "channel": {"id": message.channel, "name": "directmessage"},
            "message": msg,
            "actions": [{"type": "conversations_select", "action_id": element["action_id"],
                         "block_id": block["block_id"], "selected_conversation": picked,
                         "action_ts": f"1700000100.{n:06d}"}],
        }
        result = await self.post_form({"payload": json.dumps(payload)})
        if settle:
            await self.settle()
        return result

    # slash command ------------------------------------------------------------------

    async def command(self, user: str, channel: str, text: str, *, settle: bool = True,
                      response_url: str | None = None) -> tuple[int, str]:
        n = self.next_id()
        form = {
            "token": "legacy", "team_id": self.team, "team_domain": "test", "channel_id": channel,
            "channel_name": "general", "user_id": user, "user_name": "someone",
            "command": "/advisor", "text": text, "api_app_id": APP_ID,
            "response_url": response_url or self.api.response_url(),
            "trigger_id": f"cmd-trigger.{n}",
        }
        result = await self.post_form(form)
        if settle:
            await self.settle()
        return result

    # reading back -------------------------------------------------------------------

    def posted(self, since: int = 0) -> list[Posted]:
        """Messages (posted or updated) from call number ``since`` on, latest state each."""
        out: dict[str, Posted] = {}
        for call in self.api.calls[since:]:
            if call.status != 200 or not call.answer.get("ok", False):
                continue
            if call.method == "chat.postMessage":
                ts = call.answer["ts"]
                out[ts] = Posted(call.body["channel"], ts, call.body.get("thread_ts"), call.blocks)
            elif call.method == "chat.update":
                ts = call.body["ts"]
                old = out.pop(ts, None)
                thread = old.thread_ts if old else self._threads.get(ts)
                out[ts] = Posted(call.body["channel"], ts, thread, call.blocks)
        for ts, p in out.items():
            self._threads.setdefault(ts, p.thread_ts)
        return list(out.values())

    def last(self, marker: str | None = None, *, channel: str | None = None) -> Posted:
        """The most recently posted or updated message (with a block_id marker, in a channel)."""
        for p in reversed(self.posted()):
            if channel is not None and p.channel != channel:
                continue
            if marker is None or any(str(b.get("block_id", "")).startswith(marker)
                                     for b in p.blocks):
                return p
        raise AssertionError(f"no message with {marker!r} in {channel!r}")

    async def stored(self, session_id: str) -> Any:
        return await self.app[STORE].load(session_id)


def dm_of(user: str) -> str:
    """The DM channel the stand-in's conversations.open gives for ``user``."""
    return "D" + user.lstrip("UW")


def find_button(blocks: list[dict[str, Any]], value: str) -> tuple[dict[str, Any], dict[str, Any]]:
    for block in blocks:
        if block.get("type") != "actions":
            continue
        for element in block.get("elements", []):
            if element.get("value") == value:
                return block, element
    raise AssertionError(f"no button with value {value!r} in {[b.get('block_id') for b in blocks]}")


def has_button(blocks: list[dict[str, Any]], value: str) -> bool:
    try:
        find_button(blocks, value)
    except AssertionError:
        return False
    return True


def all_blocks(calls: Iterable[Call]) -> list[dict[str, Any]]:
    return [b for c in calls for b in c.blocks]


def section_texts(blocks: Iterable[dict[str, Any]]) -> list[str]:
    out = []
    for b in blocks:
        if b.get("type") == "section":
            out += [f.get("text", "") for f in [b.get("text", {}), *b.get("fields", [])]]
        elif b.get("type") == "context":
            out += [e.get("text", "") for e in b.get("elements", [])]
    return out


def shown_texts(body: dict[str, Any]) -> list[str]:
    """What a message body shows: its top-level text and every text object in its blocks."""
    shown = [str(body.get("text", ""))]
    for part in (body.get("blocks", []), body.get("view", {})):
        shown += [str(obj.get("text", "")) for obj in json_dicts(part)
                  if obj.get("type") in ("mrkdwn", "plain_text")]
    return shown


def observe(calls: Iterable[Call]) -> Observed:
    """What one step showed the user, read from the block_id markers of the messages sent."""
    seen = Observed()
    for call in calls:
        blocks = call.blocks
        seen.questions += markers(blocks, "q")
        seen.models += markers(blocks, "rec")
        seen.warnings += markers(blocks, "warn")
        seen.passages += len(markers(blocks, "passage"))
        seen.fallback = seen.fallback or any(b.get("block_id") == "advisor:fallback" for b in blocks)
        # Every text the message shows (lessons and verdicts are documents, not text replies).
        seen.texts.append(unescape("\n".join(section_texts(blocks))))
    return seen
