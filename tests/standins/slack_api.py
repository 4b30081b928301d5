"""A stand-in for Slack's Web API, ``response_url`` endpoints and Socket Mode, for tests.

A small aiohttp app on a free local port. It records every call (method, parsed body, headers)
and answers the way Slack does for the methods the advisor uses: ``auth.test``,
``chat.postMessage`` (returns a fresh ``ts``), ``chat.update``, ``chat.postEphemeral``,
``views.publish``, ``conversations.open`` and ``apps.connections.open`` (a WebSocket URL served
here, for Socket Mode). It checks what Slack checks and the advisor could get wrong: the bearer
token, and Block Kit's limits (answering ``invalid_blocks`` like Slack would).

Failures are programmable: ``fail("chat.postMessage", times=2, status=429, retry_after=1)``
makes the next two calls of that method answer 429 with ``Retry-After: 1``; ``status=500``
answers a server error; ``error="channel_not_found"`` answers 200 with ``ok: false``. Like
Slack, a 429 closes its method for the ``Retry-After`` it announced: a call that comes back
sooner is answered 429 again, so a test sees an early retry as one more attempt.

Usage::

    async with SlackStandIn(token="xoxb-test") as api:
        settings = make_settings(slack_api_url=api.api_url, ...)
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

BOT_USER_ID = "UBOTADVSR"
BOT_ID = "BBOTADVSR"
TEAM_ID = "T0TESTTEAM"
BOT_TOKEN = "xoxb-test"
APP_TOKEN = "xapp-test"

SECTION_TEXT = 3000
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ID_CHARS = 255
MAX_BLOCKS = 50
MAX_HOME_BLOCKS = 100
MAX_TEXT = 40_000
RETRY_AFTER_SLACK = 0.001
"""Seconds a retry may come before its ``Retry-After`` ends and still count (clock rounding)."""


@dataclass
class Call:
    """One recorded request."""

    method: str
    body: dict[str, Any]
    headers: dict[str, str]
    status: int = 200
    answer: dict[str, Any] = field(default_factory=dict)

    @property
    def blocks(self) -> list[dict[str, Any]]:
        source = self.body.get("view", {}) if self.method == "views.publish" else self.body
        blocks = source.get("blocks") if isinstance(source, dict) else None
        return blocks if isinstance(blocks, list) else []


@dataclass
class _Failure:
    times: int
    status: int
    retry_after: int | None
    error: str | None
    early: bool = False
    """A call inside the window of an earlier 429 (it does not move the window)."""


class SlackStandIn:
    def __init__(self, *, token: str = BOT_TOKEN, app_token: str = APP_TOKEN,
                 team_id: str = TEAM_ID) -> None:
        self.token = token
        self.app_token = app_token
        self.team_id = team_id
        self.calls: list[Call] = []
        self._failures: dict[str, list[_Failure]] = {}
        self._limited_until: dict[str, float] = {}
        """Per method: until when (loop time) a 429's ``Retry-After`` holds."""
        self._ts = itertools.count(1)
        self._hooks = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.sockets: list[web.WebSocketResponse] = []
        self.socket_acks: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._socket_ready = asyncio.Event()
        self.changed = asyncio.Event()

    # lifecycle -------------------------------------------------------------------------

    async def start(self) -> SlackStandIn:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_post("/response/{hook}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        for ws in list(self.sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> SlackStandIn:
        return await self.start()

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.root}/api/"

    def response_url(self) -> str:
        """A fresh ``response_url`` for a slash command or an interactive payload."""
        return f"{self.root}/response/{next(self._hooks)}"

    # programming -----------------------------------------------------------------------

    def fail(self, method: str, *, times: int = 1, status: int = 429,
             retry_after: int | None = 1, error: str | None = None) -> None:
        """The next ``times`` calls to ``method`` fail (``response_url`` for the hooks)."""
        self._failures.setdefault(method, []).append(
            _Failure(times=times, status=status, retry_after=retry_after, error=error)
        )

    def clear(self) -> None:
        self.calls.clear()

    def of(self, *methods: str) -> list[Call]:
        """Successful calls to any of ``methods`` (all successful calls when none given)."""
        return [c for c in self.calls
                if c.status == 200 and c.answer.get("ok", True) and (not methods or c.method in methods)]

    def attempts(self, method: str) -> list[Call]:
        """Every call to ``method``, failed ones included."""
        return [c for c in self.calls if c.method == method]

    @property
    def messages(self) -> list[Call]:
        """Messages shown to users: posted, updated, ephemeral or through a response_url."""
        return self.of("chat.postMessage", "chat.update", "chat.postEphemeral", "response_url")

    # handlers --------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = await _parse(request)
        call = Call(method=method, body=body, headers=dict(request.headers))
        self.calls.append(call)
        self.changed.set()
        failure = self._take_failure(method)
        if failure is not None:
            return self._failed(call, failure)
        expected = self.app_token if method == "apps.connections.open" else self.token
        auth = request.headers.get("Authorization", "")
        if auth != f"Bearer {expected}" and body.get("token") != expected:
            return self._answer(call, {"ok": False, "error": "invalid_auth"})
        handler = self._methods().get(method)
        if handler is None:
            return self._answer(call, {"ok": False, "error": "unknown_method"})
        return self._answer(call, handler(body))

    async def _response_url(self, request: web.Request) -> web.Response:
        body = await _parse(request)
        body["hook"] = request.match_info["hook"]
        call = Call(method="response_url", body=body, headers=dict(request.headers))
        self.calls.append(call)
        self.changed.set()
        failure = self._take_failure("response_url")
        if failure is not None:
            resp = self._failed(call, failure)
            return web.Response(status=resp.status, text=failure.error or "error",
                                headers=resp.headers)
        problem = check_message(body)
        call.answer = {"ok": problem is None}
        if problem is not None:
            call.status = 400
            return web.Response(status=400, text="invalid_blocks")
        return web.Response(text="ok")

    def _take_failure(self, method: str) -> _Failure | None:
        left = self._limited_until.get(method, 0.0) - asyncio.get_running_loop().time()
        if left > RETRY_AFTER_SLACK:
            return _Failure(times=1, status=429, retry_after=math.ceil(left), error=None,
                            early=True)
        queue = self._failures.get(method)
        if not queue:
            return None
        failure = queue[0]
        failure.times -= 1
        if failure.times <= 0:
            queue.pop(0)
        return failure

    def _failed(self, call: Call, failure: _Failure) -> web.Response:
        call.status = failure.status
        headers = {}
        if failure.retry_after is not None and failure.status == 429:
            headers["Retry-After"] = str(failure.retry_after)
            if not failure.early:
                self._limited_until[call.method] = (asyncio.get_running_loop().time()
                                                    + failure.retry_after)
        if failure.status == 200:
            return self._answer(call, {"ok": False, "error": failure.error or "fatal_error"})
        answer = {"ok": False, "error": failure.error or ("ratelimited" if failure.status == 429
                                                          else "internal_error")}
        call.answer = answer
        return web.json_response(answer, status=failure.status, headers=headers)

    @staticmethod
    def _answer(call: Call, answer: dict[str, Any]) -> web.Response:
        call.answer = answer
        return web.json_response(answer)

    def _methods(self) -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
        return {
            "auth.test": self._auth_test,
            "chat.postMessage": self._post,
            "chat.update": self._update,
            "chat.postEphemeral": self._ephemeral,
            "views.publish": self._publish,
            "conversations.open": self._open,
            "apps.connections.open": self._connections_open,
        }

    def _auth_test(self, _body: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": "https://test.slack.com/", "team": "Test", "user": "advisor",
                "team_id": self.team_id, "user_id": BOT_USER_ID, "bot_id": BOT_ID,
                "is_enterprise_install": False}

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        problem = check_message(body) or _needs(body, "channel")
        if problem:
            return {"ok": False, "error": problem}
        ts = self._next_ts()
        message = {"type": "message", "text": body.get("text"), "blocks": body.get("blocks", []),
                   "ts": ts, "user": BOT_USER_ID, "bot_id": BOT_ID}
        if body.get("thread_ts"):
            message["thread_ts"] = body["thread_ts"]
        return {"ok": True, "channel": body["channel"], "ts": ts, "message": message}

    def _update(self, body: dict[str, Any]) -> dict[str, Any]:
        problem = check_message(body) or _needs(body, "channel") or _needs(body, "ts")
        if problem:
            return {"ok": False, "error": problem}
        return {"ok": True, "channel": body["channel"], "ts": body["ts"], "text": body.get("text")}

    def _ephemeral(self, body: dict[str, Any]) -> dict[str, Any]:
        problem = check_message(body) or _needs(body, "channel") or _needs(body, "user")
        if problem:
            return {"ok": False, "error": problem}
        return {"ok": True, "message_ts": self._next_ts()}

    def _publish(self, body: dict[str, Any]) -> dict[str, Any]:
        view = body.get("view")
        if isinstance(view, str):
            view = json.loads(view)
            body["view"] = view
        if not isinstance(view, dict) or _needs(body, "user_id"):
            return {"ok": False, "error": "invalid_arguments"}
        problem = check_blocks(view.get("blocks", []), max_blocks=MAX_HOME_BLOCKS)
        if problem:
            return {"ok": False, "error": problem}
        return {"ok": True, "view": {"id": "V0HOME", **view}}

    def _open(self, body: dict[str, Any]) -> dict[str, Any]:
        users = str(body.get("users") or "")
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        return {"ok": True, "channel": {"id": "D" + users.split(",")[0].lstrip("UW")}}

    def _connections_open(self, _body: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}

    # Socket Mode -----------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1,
                            "connection_info": {"app_id": "A0TEST"}})
        self._socket_ready.set()
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self.socket_acks.put(json.loads(msg.data))
        finally:
            if ws in self.sockets:
                self.sockets.remove(ws)
        return ws

    async def socket_connected(self, within: float = 5.0) -> None:
        await asyncio.wait_for(self._socket_ready.wait(), within)

    async def socket_send(self, envelope: dict[str, Any]) -> None:
        """Push one Socket Mode envelope (``events_api``, ``interactive``, ``slash_commands``)."""
        await self.socket_connected()
        await self.sockets[-1].send_json(envelope)


async def _parse(request: web.Request) -> dict[str, Any]:
    raw = await request.text()
    ctype = request.headers.get("Content-Type", "")
    body: dict[str, Any]
    if "json" in ctype:
        loaded = json.loads(raw) if raw else {}
        body = loaded if isinstance(loaded, dict) else {"_": loaded}
    else:
        body = dict(parse_qsl(raw, keep_blank_values=True))
        body.update({k: v for k, v in request.query.items() if k not in body})
        for key in ("blocks", "view", "attachments"):
            if isinstance(body.get(key), str) and body[key]:
                with contextlib.suppress(json.JSONDecodeError):
                    body[key] = json.loads(body[key])
    return body


def _needs(body: dict[str, Any], key: str) -> str | None:
    return None if body.get(key) else f"missing_{key}"


def check_message(body: dict[str, Any]) -> str | None:
    """Slack's checks on a message: text or blocks present, text ≤ 40k, valid blocks."""
    blocks = body.get("blocks")
    text = body.get("text")
    if not text and not blocks:
        return "no_text"
    if isinstance(text, str) and len(text) > MAX_TEXT:
        return "msg_too_long"
    if blocks is None:
        return None
    return check_blocks(blocks, max_blocks=MAX_BLOCKS)


def check_blocks(blocks: Any, *, max_blocks: int) -> str | None:
    if not isinstance(blocks, list) or len(blocks) > max_blocks:
        return "invalid_blocks"
    if len(json.dumps(blocks)) > 13_000 and max_blocks == MAX_BLOCKS:
        return "msg_blocks_too_long"
    block_ids = [b.get("block_id") for b in blocks if isinstance(b, dict) and b.get("block_id")]
    if len(block_ids) != len(set(block_ids)):
        return "invalid_blocks"
    for b in blocks:
        if not isinstance(b, dict) or len(str(b.get("block_id", ""))) > ID_CHARS:
            return "invalid_blocks"
        kind = b.get("type")
        if kind == "section":  # Slack wants a text, or fields (at most 10, 2,000 chars each)
            fields = b.get("fields")
            text = b.get("text", {}).get("text", "")
            if fields is not None:
                if (not isinstance(fields, list) or not 0 < len(fields) <= 10
                        or any(not 0 < len(f.get("text", "")) <= 2000 for f in fields)):
                    return "invalid_blocks"
                if "text" in b and (not text or len(text) > SECTION_TEXT):
                    return "invalid_blocks"
            elif not text or len(text) > SECTION_TEXT:
                return "invalid_blocks"
        elif kind == "actions":
            elements = b.get("elements", [])
            if not elements or len(elements) > 25:
                return "invalid_blocks"
            ids = [e.get("action_id") for e in elements]
            if len(ids) != len(set(ids)):
                return "invalid_blocks"
            for e in elements:
                if e.get("type") == "conversations_select":
                    if _conversations_select_problem(e):
                        return "invalid_blocks"
                    continue
                if e.get("type") != "button":
                    return "invalid_blocks"  # the only elements the advisor draws
                if (len(e.get("text", {}).get("text", "")) > BUTTON_TEXT
                        or len(str(e.get("value", ""))) > BUTTON_VALUE
                        or len(str(e.get("action_id", ""))) > ID_CHARS):
                    return "invalid_blocks"
        elif kind == "context":
            elements = b.get("elements", [])
            if not elements or len(elements) > 10:
                return "invalid_blocks"
        elif kind not in ("divider", "header", "image"):
            return "invalid_blocks"
    return None


CONVERSATION_FILTER_KINDS = frozenset({"im", "mpim", "private", "public"})
SELECT_KEYS = frozenset({"type", "action_id", "placeholder", "initial_conversation",
                         "default_to_current_conversation", "confirm", "response_url_enabled",
                         "filter", "focus_on_load"})


def _conversations_select_problem(e: dict[str, Any]) -> str | None:
    """Slack's rules for a ``conversations_select`` element (Block Kit reference): a
    plain_text placeholder of at most 150 characters, an action_id of at most 255, a filter of
    ``include`` (im, mpim, private, public) and two booleans; ``response_url_enabled`` only in a
    modal's input block, never in a message."""
    if set(e) - SELECT_KEYS or not isinstance(e.get("action_id"), str):
        return "unknown field"
    if len(e["action_id"]) > ID_CHARS or "response_url_enabled" in e:
        return "bad field"
    placeholder = e.get("placeholder")
    if placeholder is not None and (
            not isinstance(placeholder, dict) or placeholder.get("type") != "plain_text"
            or not 0 < len(str(placeholder.get("text", ""))) <= 150):
        return "bad placeholder"
    flt = e.get("filter")
    if flt is not None:
        if not isinstance(flt, dict) or set(flt) - {"include", "exclude_external_shared_channels",
                                                     "exclude_bot_users"}:
            return "bad filter"
        include = flt.get("include", [])
        if not isinstance(include, list) or not include or set(include) - CONVERSATION_FILTER_KINDS:
            return "bad filter"
    return None


__all__ = ["BOT_ID", "BOT_USER_ID", "TEAM_ID", "Call", "SlackStandIn", "check_blocks",
           "check_message"]
