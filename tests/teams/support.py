"""Helpers for the Teams tests: activity builders, a chat driver and card readers."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.appkeys import STORE
from bot.store.base import SessionStore
from tests.standins.connector import ConnectorStandIn
from tests.support.json_tree import json_dicts
from tests.transcripts import Observed

BOT_ID = "28:advisor-bot"
BOT_NAME = "Engagement Advisor"
TENANT = "72f988bf-0000-0000-0000-000000000001"
_ids = itertools.count(1_700_000_000_000)

AppClient = TestClient[web.Request, web.Application]


def app_of(client: AppClient) -> web.Application:
    server = client.server
    assert isinstance(server, TestServer)
    return server.app


def store_of(client: AppClient) -> SessionStore:
    return app_of(client)[STORE]


def next_id() -> str:
    return str(next(_ids))


@dataclass
class Chat:
    """One Teams conversation, driven through ``POST /api/messages``."""

    client: AppClient
    connector: ConnectorStandIn
    conversation_id: str = "a:1personal-chat-with-pat"
    conversation_type: str = "personal"
    tenant: str = TENANT
    user_id: str = "29:1pat"
    aad_id: str | None = "aad-pat"
    headers: dict[str, str] = field(default_factory=dict)
    last_status: int = 0

    def activity(self, **fields: Any) -> dict[str, Any]:
        conversation: dict[str, Any] = {
            "id": self.conversation_id,
            "conversationType": self.conversation_type,
            "tenantId": self.tenant,
        }
        if self.conversation_type != "personal":
            conversation["isGroup"] = True
        sender: dict[str, Any] = {"id": self.user_id, "name": "Pat"}
        if self.aad_id:
            sender["aadObjectId"] = self.aad_id
        activity: dict[str, Any] = {
            "type": "message",
            "id": next_id(),
            "timestamp": "2026-11-28T12:00:00.000Z",
            "channelId": "msteams",
            "serviceUrl": self.connector.url,
            "from": sender,
            "recipient": {"id": BOT_ID, "name": BOT_NAME},
            "conversation": conversation,
            "channelData": {"tenant": {"id": self.tenant}},
            "locale": "en-US",
        }
        activity.update(fields)
        return activity

    async def post(self, activity: dict[str, Any]) -> list[dict[str, Any]]:
        """Post an activity; the bodies the connector received for it, in order."""
        mark = len(self.connector.calls)
        resp = await self.client.post("/api/messages", json=activity, headers=self.headers)
        self.last_status = resp.status
        await resp.read()
        return [call.body for call in self.connector.since(mark)]

    async def say(self, text: str, **fields: Any) -> list[dict[str, Any]]:
        return await self.post(self.activity(text=text, **fields))

    async def submit(self, value: Any) -> list[dict[str, Any]]:
        return await self.post(self.activity(text="", value=value))

    async def click(self, factor: str, answer: str) -> list[dict[str, Any]]:
        return await self.submit({"factor": factor, "answer": answer})

    async def command(self, command: str) -> list[dict[str, Any]]:
        return await self.submit({"command": command})

    @property
    def session_id(self) -> str:
        return f"teams:{self.tenant}:{self.conversation_id}"

    async def forgotten(self) -> bool:
        return await store_of(self.client).load(self.session_id) is None


class WatchedConnector(ConnectorStandIn):
    """The connector stand-in, also noting the TCP connections calls arrive on, each call's
    raw (still percent-encoded) path, and when a call has arrived (before any stall)."""

    def __init__(self) -> None:
        super().__init__()
        self.peers: list[Any] = []
        """Client (address, port) of each new connection, in order of first use."""
        self.raw_paths: list[str] = []
        self.arrived = asyncio.Event()
        self._transports: list[asyncio.BaseTransport] = []

    def hang_up(self) -> None:
        """Close every connection the bot has open to the stand-in (an idle keep-alive timeout
        on the connector's side)."""
        for transport in self._transports:
            transport.close()
        self._transports.clear()

    async def _record(self, method: str, request: web.Request) -> web.Response:
        transport = request.transport
        if transport is not None:
            peer = transport.get_extra_info("peername")
            if peer not in self.peers:
                self.peers.append(peer)
            if transport not in self._transports:
                self._transports.append(transport)
        self.raw_paths.append(request.raw_path)
        self.arrived.set()
        return await super()._record(method, request)


# --- reading cards --------------------------------------------------------------------------


def cards(activity: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        a["content"] for a in activity.get("attachments") or ()
        if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
    ]


def markers(activity: dict[str, Any]) -> list[str]:
    """Element and action ids starting with ``advisor-``, in document order."""
    return [
        node["id"] for card in cards(activity) for node in json_dicts(card)
        if isinstance(node.get("id"), str) and node["id"].startswith("advisor-")
    ]


def card_text(activity: dict[str, Any]) -> str:
    """All visible text of an activity's cards, one line per text element."""
    lines: list[str] = []
    for card in cards(activity):
        for node in json_dicts(card):
            if node.get("type") == "TextBlock":
                lines.append(node["text"])
            elif node.get("type") == "RichTextBlock":
                lines.append("".join(run.get("text", "") for run in node["inlines"]))
    if activity.get("text"):
        lines.insert(0, activity["text"])
    return "\n".join(lines)


def actions(activity: dict[str, Any]) -> list[dict[str, Any]]:
    return [node for card in cards(activity) for node in json_dicts(card)
            if node.get("type") == "Action.Submit"]


def questions(replies: list[dict[str, Any]]) -> list[str]:
    return [m.removeprefix("advisor-q-") for r in replies for m in markers(r)
            if m.startswith("advisor-q-")]


def models(replies: list[dict[str, Any]]) -> list[str]:
    return [m.removeprefix("advisor-rec-") for r in replies for m in markers(r)
            if m.startswith("advisor-rec-")]


def observe(replies: list[dict[str, Any]], *, forgotten: bool | None = None) -> Observed:
    """A transcript ``Observed`` filled from the markers of the cards a step produced."""
    seen = Observed(forgotten=forgotten)
    for reply in replies:
        found = markers(reply)
        seen.questions += [m.removeprefix("advisor-q-") for m in found
                           if m.startswith("advisor-q-")]
        seen.models += [m.removeprefix("advisor-rec-") for m in found
                        if m.startswith("advisor-rec-")]
        seen.warnings += [m.removeprefix("advisor-warn-") for m in found
                          if m.startswith("advisor-warn-")]
        seen.passages += sum(1 for m in found if m.startswith("advisor-passage-"))
        seen.fallback = seen.fallback or "advisor-fallback" in found
        seen.texts.append(card_text(reply))
    return seen
