"""The Bot Framework connector, lite: post a reply to ``{serviceUrl}v3/conversations/...``. No SDK.

botbuilder's ``ConnectorClient`` (msrest) was most of a Teams turn's CPU: it deserializes the
rendered message into an ``Activity``, serializes it back, and sends it with ``requests`` on a
thread pool over a session made for each turn (a new TCP connection for most replies). This
module does the one REST call the advisor needs the way ``reply_to_activity`` /
``send_to_conversation`` do it, on one shared ``aiohttp.ClientSession`` (keep-alive):

- ``POST {serviceUrl}/v3/conversations/{conversation id}/activities/{replyToId}``, or
  ``.../activities`` when there is nothing to reply to (an install's welcome); the ids are
  percent-encoded with nothing safe, like msrest's ``Serializer.url``;
- headers ``Accept: application/json``, ``Content-Type: application/json; charset=utf-8``,
  ``x-ms-conversation-id`` (on a reply only, like msrest) and, outside local mode,
  ``Authorization``;
- the body is the rendered message addressed like botbuilder's
  ``TurnContext.apply_conversation_reference`` + ``send_activities`` (``address``);
- 200/201/202 is success (the new activity's id is returned); any other status raises
  ``ConnectorError`` carrying the status and the ``Retry-After`` header for ``retry.py``.

Proxies: like ``requests`` (and aiohttp's ``trust_env``), ``HTTP(S)_PROXY`` / ``NO_PROXY`` from
the environment apply. They are looked up once per service origin, not on each call as
``trust_env`` does (two worker-thread hops a request, for netrc and the proxy variables).

A connection that fails before any answer (refused, reset, a kept-alive connection the server
had closed) raises ``ConnectorError`` with ``status=None`` and ``transient=True``: urllib3
retried connection failures under msrest, and ``retry.py`` retries these like a 503. A timeout
is not transient (a stalled connector must not eat the turn's budget), nor is a TLS failure.
Errors carry no message text and no token.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urljoin

import aiohttp
from aiohttp.helpers import get_env_proxy_for_url
from yarl import URL

__all__ = ["Connector", "ConnectorError", "Reference", "activities_url", "address"]

Reference = Mapping[str, Any]
"""A conversation reference in wire form (camelCase): ``activityId``, ``user``, ``bot``,
``conversation``, ``channelId``, ``locale``, ``serviceUrl``; absent keys were empty."""

SUCCESS = frozenset({200, 201, 202})
"""What ``reply_to_activity`` accepts; anything else is an ``ErrorResponseException`` there."""

_FROM_REFERENCE = (
    ("channelId", "channelId"),
    ("locale", "locale"),
    ("serviceUrl", "serviceUrl"),
    ("conversation", "conversation"),
    ("from", "bot"),
    ("recipient", "user"),
)
"""Activity field <- reference field, always overwritten (removed when the reference has none)."""

MAX_ORIGINS = 256
"""Service origins whose proxy setting is remembered (Teams uses a handful)."""

Proxy = tuple[URL | None, aiohttp.BasicAuth | None]


class ConnectorError(Exception):
    """A reply the connector did not accept (``status``) or never answered (``status=None``)."""

    def __init__(
        self,
        status: int | None,
        *,
        retry_after: str | None = None,
        transient: bool = False,
        reason: str = "",
    ) -> None:
        what = f"connector answered {status}" if status is not None else "connector unreachable"
        super().__init__(f"{what}: {reason}" if reason else what)
        self.status = status
        self.headers: dict[str, str] = {"Retry-After": retry_after} if retry_after else {}
        self.transient = transient


def address(message: Mapping[str, Any], reference: Reference) -> dict[str, Any]:
    """``message`` as botbuilder sends it in reply to the activity ``reference`` came from.

    ``apply_conversation_reference``: channel, locale, service URL and conversation come from
    the reference, ``from`` is the bot, ``recipient`` the user, and ``replyToId`` the incoming
    activity's id when it has one. Then ``send_activities``: type ``message`` and input hint
    ``acceptingInput`` unless set, no ``id``.
    """
    body = dict(message)
    for field, source in _FROM_REFERENCE:
        value = reference.get(source)
        if value is None:
            body.pop(field, None)
        else:
            body[field] = value
    reply_to = reference.get("activityId")
    if reply_to:
        body["replyToId"] = reply_to
    if not body.get("type"):
        body["type"] = "message"
    if not body.get("inputHint"):
        body["inputHint"] = "acceptingInput"
    body.pop("id", None)
    return body


def activities_url(service_url: str, conversation_id: str, reply_to: str | None) -> str:
    """msrest's ``format_url`` for ``/v3/conversations/{conversationId}/activities[/{id}]``."""
    path = f"v3/conversations/{quote(conversation_id, safe='')}/activities"
    if reply_to:
        path += f"/{quote(reply_to, safe='')}"
    return urljoin(service_url.rstrip("/") + "/", path)


class Connector:
    """Replies over one shared session; the owner opens it at start-up and closes it.

    The session should not ``trust_env``: this class applies the environment's proxies."""

    def __init__(self, session: aiohttp.ClientSession, *, user_agent: str) -> None:
        self.session = session
        self._user_agent = user_agent
        self._proxies: dict[URL, Proxy] = {}

    async def reply(
        self,
        reference: Reference,
        message: Mapping[str, Any],
        *,
        authorization: str | None,
    ) -> str:
        """Send ``message`` in reply to ``reference``'s activity; the new activity's id.

        The caller bounds the call (``asyncio.timeout``): a timeout is a ``TimeoutError``."""
        body = address(message, reference)
        conversation_id = str(body["conversation"]["id"])
        reply_to = body.get("replyToId")
        url = activities_url(str(body["serviceUrl"]), conversation_id, reply_to)
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": self._user_agent,
        }
        if reply_to:
            headers["x-ms-conversation-id"] = conversation_id
        if authorization:
            headers["Authorization"] = authorization
        data = json.dumps(body, separators=(",", ":")).encode()
        target = URL(url, encoded=True)  # already percent-encoded: send the path as it is
        proxy, proxy_auth = self._proxy(target)
        try:
            async with self.session.post(
                target, data=data, headers=headers, proxy=proxy, proxy_auth=proxy_auth
            ) as response:
                answer = await response.read()
                if response.status not in SUCCESS:
                    raise ConnectorError(
                        response.status, retry_after=response.headers.get("Retry-After")
                    )
        except (aiohttp.ClientSSLError, aiohttp.ClientConnectorCertificateError):
            raise
        except (aiohttp.ClientConnectorError, aiohttp.ServerDisconnectedError,
                aiohttp.ClientOSError) as exc:
            raise ConnectorError(None, transient=True, reason=type(exc).__name__) from exc
        return _resource_id(answer)

    def _proxy(self, url: URL) -> Proxy:
        """The environment's proxy for ``url``'s origin (None: connect directly)."""
        origin = url.origin()
        found = self._proxies.get(origin)
        if found is None:
            try:
                found = get_env_proxy_for_url(url)
            except LookupError:  # no proxy for the scheme, or NO_PROXY names the host
                found = (None, None)
            if len(self._proxies) >= MAX_ORIGINS:
                self._proxies.clear()
            self._proxies[origin] = found
        return found


def _resource_id(answer: bytes) -> str:
    """The ``id`` of the connector's ``ResourceResponse`` ("" when it sent none)."""
    try:
        parsed = json.loads(answer) if answer else None
    except ValueError:
        return ""
    value = parsed.get("id") if isinstance(parsed, dict) else None
    return value if isinstance(value, str) else ""
