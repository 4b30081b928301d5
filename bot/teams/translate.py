"""Bot Framework activity (wire JSON) -> the engine's neutral ``Turn``. Pure, no botbuilder.

The input is the activity exactly as Teams posted it (camelCase keys), after ``problem()`` found
nothing wrong with its shape. Working on the documented wire format rather than botbuilder's
classes keeps this module unchanged if the adapter moves to the Microsoft 365 Agents SDK.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bot.actions import read_data
from dialogs.turn import Turn, session_scope

__all__ = ["Ignored", "Incoming", "Welcome", "problem", "session_id", "translate"]

PLATFORM = "teams"
UNKNOWN_TENANT = "unknown"
"""A card value longer than this is not one of ours: it is cut before the engine rejects it."""

HANDLED_TYPES = frozenset({"message", "conversationUpdate"})

_AT = re.compile(r"<at\b[^>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_SURFACES = {"personal": "dm", "groupChat": "group", "channel": "channel"}


@dataclass(frozen=True, slots=True)
class Welcome:
    """The bot was added to a conversation: greet it (no engine state involved)."""

    tenant: str
    conversation: str
    event_id: str | None


@dataclass(frozen=True, slots=True)
class Ignored:
    """An activity the advisor does not act on (typing, reactions, installation updates...)."""

    reason: str


Incoming = Turn | Welcome | Ignored


def problem(body: object) -> str | None:
    """Why ``body`` is not an activity the adapter can handle (a short message), or None.

    botbuilder answers 500 for most of these, so the adapter checks them first and answers 400.
    """
    if not isinstance(body, dict):
        return "the body must be a JSON object (a Bot Framework activity)"
    kind = body.get("type")
    if not isinstance(kind, str) or not kind:
        return "activity.type is required"
    conversation = body.get("conversation")
    if not isinstance(conversation, dict) or not _nonempty(conversation.get("id")):
        return "activity.conversation.id is required"
    for name in ("id", "text", "channelId", "replyToId"):
        if body.get(name) is not None and not isinstance(body[name], str):
            return f"activity.{name} must be a string"
    for name in ("from", "recipient", "channelData"):
        if body.get(name) is not None and not isinstance(body[name], dict):
            return f"activity.{name} must be an object"
    for name in ("entities", "membersAdded", "membersRemoved", "attachments"):
        if body.get(name) is not None and not isinstance(body[name], list):
            return f"activity.{name} must be a list"
    if kind in HANDLED_TYPES:
        if not _is_http_url(body.get("serviceUrl")):
            return "activity.serviceUrl must be an http(s) URL"
        if not isinstance(body.get("recipient"), dict):
            return "activity.recipient is required"
    if kind == "message":
        sender = body.get("from")
        if not isinstance(sender, dict) or not _nonempty(sender.get("id")):
            return "activity.from.id is required"
    return None


def translate(activity: Mapping[str, Any]) -> Incoming:
    """What the advisor should do with one (well-formed) activity."""
    kind = activity.get("type")
    if kind == "message":
        return _message(activity)
    if kind == "conversationUpdate":
        if _bot_was_added(activity):
            return Welcome(
                tenant=tenant_of(activity),
                conversation=str(activity["conversation"]["id"]),
                event_id=_event_id(activity),
            )
        return Ignored("conversationUpdate without the bot in membersAdded")
    return Ignored(str(kind))


def tenant_of(activity: Mapping[str, Any]) -> str:
    """``conversation.tenantId``, else ``channelData.tenant.id``, else ``"unknown"``."""
    conversation = _obj(activity.get("conversation"))
    tenant = conversation.get("tenantId")
    if _nonempty(tenant):
        return str(tenant)
    tenant = _obj(_obj(activity.get("channelData")).get("tenant")).get("id")
    return str(tenant) if _nonempty(tenant) else UNKNOWN_TENANT


def session_id(activity: Mapping[str, Any]) -> str:
    """The engine's session id for the conversation an activity belongs to."""
    return session_scope(PLATFORM, tenant_of(activity), activity["conversation"]["id"])


def _message(activity: Mapping[str, Any]) -> Turn:
    conversation = _obj(activity.get("conversation"))
    sender = _obj(activity.get("from"))
    user = sender.get("aadObjectId") if _nonempty(sender.get("aadObjectId")) else sender["id"]
    value = activity.get("value")
    surface = _SURFACES.get(str(conversation.get("conversationType") or "personal"), "dm")
    common: dict[str, Any] = {
        "platform": PLATFORM,
        "tenant": tenant_of(activity),
        "conversation": str(conversation["id"]),
        "user": str(user),
        "event_id": _event_id(activity),
    }
    if value is not None:
        return Turn(**common, action=read_data(value), surface="card")
    return Turn(**common, text=clean_text(activity), surface=surface)


def clean_text(activity: Mapping[str, Any]) -> str:
    """The message text without the bot's @mention (and with other mentions as plain names).

    Teams puts ``<at>Name</at>`` into the text for every mention and lists each in
    ``entities`` (``type: mention``, ``mentioned.id``, ``text``). Like botbuilder's
    ``remove_recipient_mention``, the bot's own mention text is removed; a leftover ``<at>`` tag
    naming the bot goes too, and other people's mentions keep just their name. Teams text is
    HTML-escaped (``&amp;``, ``&nbsp;``), so it is unescaped after the tags are gone.
    """
    text = activity.get("text")
    if not isinstance(text, str):
        return ""
    recipient = _obj(activity.get("recipient"))
    bot_id, bot_name = recipient.get("id"), recipient.get("name")
    for entity in activity.get("entities") or ():
        if not isinstance(entity, dict) or entity.get("type") != "mention":
            continue
        mentioned = _obj(entity.get("mentioned"))
        mention_text = entity.get("text")
        if mentioned.get("id") == bot_id and isinstance(mention_text, str) and mention_text:
            text = text.replace(mention_text, " ")

    def unwrap(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        return " " if bot_name and name == bot_name else name

    text = _AT.sub(unwrap, text)
    if activity.get("channelId") == "msteams":
        text = html.unescape(text)
    return _SPACES.sub(" ", text.replace("\xa0", " ")).strip()


def _bot_was_added(activity: Mapping[str, Any]) -> bool:
    bot_id = _obj(activity.get("recipient")).get("id")
    return bool(bot_id) and any(
        isinstance(m, dict) and m.get("id") == bot_id for m in activity.get("membersAdded") or ()
    )


def _event_id(activity: Mapping[str, Any]) -> str | None:
    """The claim key for exactly-once: the activity id, scoped by its conversation.

    Teams message ids are millisecond timestamps, unique within a conversation but not
    necessarily across a tenant's conversations, so the conversation is part of the key.
    """
    activity_id = activity.get("id")
    if not _nonempty(activity_id):
        return None
    return f"{activity['conversation']['id']}|{activity_id}"


def _obj(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _nonempty(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_http_url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)
