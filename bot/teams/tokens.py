"""The ``Authorization`` header of replies: botframework's credentials, cached, off the loop.

Today's header is what botbuilder's connector client would send: for each request msrest calls
the credentials' ``signed_session``, which sets ``Authorization: Bearer <token>`` from
``get_access_token()`` (MSAL, a synchronous HTTP call when its cache is cold), or removes it when
the credentials have no app id (local mode: ``MicrosoftAppCredentials.empty()``). The credentials
come from the request's ``AuthenticateRequestResult.connector_factory`` for the app id of the
claims and the result's ``audience`` (the channel's OAuth scope, or the calling skill's app id),
i.e. from the ``ServiceClientCredentialsFactory`` the authentication was built with.

botbuilder made new credentials (and a new MSAL application with an empty token cache) for every
turn and called MSAL on the event loop. Here:

- credentials are created once per (app id, audience), through the same connector factory;
- the header is cached and reused until ``REFRESH_MARGIN`` seconds before the token's ``exp``
  (read, not verified, from the JWT), or ``OPAQUE_TOKEN_REUSE`` seconds for a token that is not
  a JWT; no header (local mode) is cached for good;
- a refresh runs ``signed_session`` in a worker thread, one at a time per key, and every caller
  waiting for that key shares it. ``REFRESH_MARGIN`` is below MSAL's own five-minute expiry
  window, so a refresh gets a new token rather than MSAL's cached one.

Tokens are never logged.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botframework.connector.auth import AuthenticationConstants

__all__ = ["OPAQUE_TOKEN_REUSE", "REFRESH_MARGIN", "Tokens", "TokensKey"]

REFRESH_MARGIN = 240.0
"""Seconds before a token's expiry at which it is refreshed (MSAL renews inside 300)."""
OPAQUE_TOKEN_REUSE = 300.0
"""Seconds a token without a readable expiry is reused before asking the credentials again."""

TokensKey = tuple[str | None, str | None]
"""(app id, audience): what botbuilder's credentials factory is asked for."""


@dataclass(frozen=True, slots=True)
class _Header:
    value: str | None
    refresh_at: float
    """Wall-clock time after which the credentials are asked again."""


class Tokens:
    """Credentials and their current header, per (app id, audience)."""

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._credentials: dict[TokensKey, Any] = {}
        self._headers: dict[TokensKey, _Header] = {}
        self._refreshing: dict[TokensKey, asyncio.Task[_Header]] = {}

    async def key_for(self, result: Any, service_url: str) -> TokensKey:
        """The key of an ``AuthenticateRequestResult``'s credentials, created on first use
        exactly as ``CloudAdapterBase.process_activity`` would (its connector factory)."""
        key = (_app_id(result.claims_identity), result.audience)
        if key not in self._credentials:
            # The factory's only way to hand out credentials is inside a (never used) client.
            client = await result.connector_factory.create(service_url, result.audience)
            self._credentials[key] = client.config.credentials
        return key

    async def header(self, key: TokensKey) -> str | None:
        """The ``Authorization`` value for ``key`` (None: send none); a fetch runs off the loop."""
        cached = self._headers.get(key)
        if cached is not None and self._clock() < cached.refresh_at:
            return cached.value
        task = self._refreshing.get(key)
        if task is None:
            task = asyncio.create_task(self._refresh(key))
            self._refreshing[key] = task
            task.add_done_callback(lambda done: self._settle(key, done))
        # shield: a caller that gives up (timed out, cancelled) leaves the fetch to the others.
        return (await asyncio.shield(task)).value

    async def _refresh(self, key: TokensKey) -> _Header:
        value = await asyncio.to_thread(_signed_header, self._credentials[key])
        header = _Header(value, self._refresh_at(value))
        self._headers[key] = header
        return header

    def _settle(self, key: TokensKey, done: asyncio.Task[_Header]) -> None:
        if self._refreshing.get(key) is done:
            del self._refreshing[key]
        if not done.cancelled():
            done.exception()  # retrieved here; every waiter got it raised already

    def _refresh_at(self, value: str | None) -> float:
        if value is None:
            return math.inf
        expires = _expiry(value.partition(" ")[2])
        if expires is None:
            return self._clock() + OPAQUE_TOKEN_REUSE
        return expires - REFRESH_MARGIN


def _signed_header(credentials: Any) -> str | None:
    """What msrest's credentials policy puts on a request (blocking: run in a thread)."""
    session = credentials.signed_session()
    try:
        value = session.headers.get("Authorization")
    finally:
        session.close()
    return value if isinstance(value, str) and value else None


def _app_id(claims_identity: Any) -> str | None:
    """``_BuiltinBotFrameworkAuthentication.get_app_id``: the audience claim, else ``appid``."""
    claims = getattr(claims_identity, "claims", None) or {}
    app_id = claims.get(AuthenticationConstants.AUDIENCE_CLAIM)
    if app_id is None:
        app_id = claims.get(AuthenticationConstants.APP_ID_CLAIM)
    return app_id if isinstance(app_id, str) else None


def _expiry(token: str) -> float | None:
    """A JWT's ``exp`` (seconds since the epoch), unverified; None if it is not one."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, binascii.Error):
        return None
    exp = payload.get("exp") if isinstance(payload, dict) else None
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        return None
    return float(exp)
