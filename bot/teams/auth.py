"""Inbound Bot Framework tokens, validated here instead of by botbuilder's ``JwtTokenValidation``.

botbuilder sent every token whose issuer is one of the Emulator / Azure AD tenants to its
``EmulatorValidation`` (no audience, no ``serviceurl`` check) even in production, and fetched the
OpenID signing keys with a blocking ``requests.get`` without a timeout, on the event loop, on
every request while the fetch failed. This module replaces ``JwtTokenValidation.authenticate_request``
and botbuilder's ``JwtTokenExtractor`` / ``_OpenIdMetadata`` (see docs/teams.md).

Accepted:

- **Channel tokens**: issuer ``https://api.botframework.com``, audience = the app id, ``exp`` /
  ``nbf`` within five minutes of skew (botbuilder's leeway), ``serviceurl`` claim equal to the
  activity's ``serviceUrl``, RS256 signature by a key of the OpenID metadata's JWKS whose
  ``endorsements`` include the activity's ``channelId``.
- **Emulator tokens** only with ``ADVISOR_TEAMS_ALLOW_EMULATOR_TOKENS`` (refused at start-up in
  production): an Emulator issuer, ``appid`` (v1) or ``azp`` (v2) = the app id, signed by a key of
  the Emulator metadata's JWKS.

Everything else is refused with ``Refused`` (401). The cheap checks (shape, algorithm, issuer,
audience, expiry, service URL) run before any key is looked up, so a forged token never causes
a fetch; an unknown ``kid`` causes one only when the key set is older than ``REFETCH_AFTER``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
import jwt
from botframework.connector.auth import AuthenticationConstants, EmulatorValidation

__all__ = [
    "CHANNEL_ISSUER",
    "Authenticator",
    "KeySet",
    "KeysUnavailable",
    "Refused",
]

log = logging.getLogger("advisor.teams.auth")

CHANNEL_ISSUER = AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER
EMULATOR_ISSUERS = frozenset(
    EmulatorValidation.TO_BOT_FROM_EMULATOR_TOKEN_VALIDATION_PARAMETERS.issuer
)
LEEWAY = 300.0
"""Clock skew allowed on ``exp`` / ``nbf`` (botbuilder's five minutes)."""
ALGORITHMS = ("RS256",)
REFRESH_AFTER = 24 * 3600.0
"""Age after which a key set is fetched again (the last good one is used if that fails)."""
REFETCH_AFTER = 300.0
"""A token naming a key the set lacks fetches again only if the set is older than this."""
BACKOFF_FIRST = 5.0
BACKOFF_MAX = 300.0


class Refused(Exception):
    """The token is not acceptable (401). ``reason`` is safe to log; the token never is."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class KeysUnavailable(Exception):
    """No signing keys could be had (503): not the caller's fault."""


@dataclass(frozen=True, slots=True)
class _Keys:
    by_kid: Mapping[str, Mapping[str, Any]]
    fetched_at: float


class KeySet:
    """One OpenID metadata document's JWKS: fetched with aiohttp and a timeout, one fetch at a
    time, the last good set kept, and after a failure no new fetch until a back-off (doubling
    from ``BACKOFF_FIRST`` to ``BACKOFF_MAX``) has passed."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        metadata_url: str,
        *,
        timeout: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._session = session
        self._url = metadata_url
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._clock = clock
        self._keys: _Keys | None = None
        self._fetching: asyncio.Task[_Keys] | None = None
        self._retry_at = 0.0
        self._backoff = BACKOFF_FIRST

    async def key(self, kid: str) -> Mapping[str, Any] | None:
        """The JWK named ``kid`` (None: unknown). Raises ``KeysUnavailable`` when there is no
        key set and none can be fetched now."""
        keys = self._keys
        now = self._clock()
        if keys is not None:
            age = now - keys.fetched_at
            found = keys.by_kid.get(kid)
            if found is not None and age < REFRESH_AFTER:
                return found
            if found is None and age < REFETCH_AFTER:
                return None
        if now < self._retry_at:  # backing off: the last good set, or nothing
            if keys is None:
                raise KeysUnavailable("signing keys unavailable (backing off)")
            return keys.by_kid.get(kid)
        try:
            keys = await self._refresh()
        except KeysUnavailable:
            if self._keys is None:
                raise
            keys = self._keys
        return keys.by_kid.get(kid)

    async def _refresh(self) -> _Keys:
        task = self._fetching
        if task is None:
            task = asyncio.create_task(self._fetch())
            self._fetching = task
            task.add_done_callback(self._settle)
        return await asyncio.shield(task)

    def _settle(self, done: asyncio.Task[_Keys]) -> None:
        if self._fetching is done:
            self._fetching = None
        if not done.cancelled():
            done.exception()  # retrieved: every waiter had it raised

    async def _fetch(self) -> _Keys:
        try:
            metadata = await self._get_json(self._url)
            jwks_uri = metadata.get("jwks_uri")
            if not isinstance(jwks_uri, str):
                raise ValueError("no jwks_uri in the OpenID metadata")
            document = await self._get_json(jwks_uri)
            keys = document.get("keys")
            if not isinstance(keys, list):
                raise ValueError("no keys in the JWKS")
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            self._retry_at = self._clock() + self._backoff
            log.warning("teams signing keys not fetched (%s); next try in %.0f s",
                        type(exc).__name__, self._backoff)
            self._backoff = min(self._backoff * 2, BACKOFF_MAX)
            raise KeysUnavailable("signing keys unavailable") from exc
        self._backoff = BACKOFF_FIRST
        self._retry_at = 0.0
        by_kid = {k["kid"]: k for k in keys if isinstance(k, dict) and isinstance(k.get("kid"), str)}
        fetched = _Keys(by_kid, self._clock())
        self._keys = fetched
        return fetched

    async def _get_json(self, url: str) -> dict[str, Any]:
        async with self._session.get(url, timeout=self._timeout) as response:
            response.raise_for_status()
            body = await response.json(content_type=None)
        if not isinstance(body, dict):
            raise ValueError("not a JSON object")
        return body


class Authenticator:
    """Validates the ``Authorization`` header of one activity; returns the verified claims."""

    def __init__(
        self, app_id: str, channel_keys: KeySet, emulator_keys: KeySet | None = None
    ) -> None:
        self._app_id = app_id
        self._channel = channel_keys
        self._emulator = emulator_keys

    @property
    def app_id(self) -> str:
        return self._app_id

    async def claims(self, header: str, *, service_url: str, channel_id: str) -> dict[str, Any]:
        scheme, _, token = header.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise Refused("not a bearer token")
        try:
            head = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError:
            raise Refused("not a JWT") from None
        kid = head.get("kid")
        if head.get("alg") not in ALGORITHMS or not isinstance(kid, str):
            raise Refused("unsupported algorithm or no key id")
        issuer = unverified.get("iss")
        if issuer == CHANNEL_ISSUER:
            self._cheap_checks(unverified, audience=self._app_id)
            if unverified.get("serviceurl") != service_url:
                raise Refused("serviceurl claim does not match the activity")
            return await self._verify(token, self._channel, kid, issuer, self._app_id,
                                      endorsement=channel_id)
        if isinstance(issuer, str) and issuer in EMULATOR_ISSUERS and self._emulator is not None:
            self._cheap_checks(unverified, audience=None)
            app_id = unverified.get("appid" if unverified.get("ver") != "2.0" else "azp")
            if app_id != self._app_id:
                raise Refused("emulator token for another app")
            return await self._verify(token, self._emulator, kid, issuer, None, endorsement=None)
        raise Refused("issuer not accepted")

    def _cheap_checks(self, claims: Mapping[str, Any], *, audience: str | None) -> None:
        now = time.time()
        exp = claims.get("exp")
        if isinstance(exp, bool) or not isinstance(exp, int | float) or exp + LEEWAY < now:
            raise Refused("expired or no expiry")
        nbf = claims.get("nbf")
        if isinstance(nbf, int | float) and nbf - LEEWAY > now:
            raise Refused("not valid yet")
        if audience is not None and claims.get("aud") != audience:
            raise Refused("audience is not this bot")

    async def _verify(
        self,
        token: str,
        keys: KeySet,
        kid: str,
        issuer: str,
        audience: str | None,
        *,
        endorsement: str | None,
    ) -> dict[str, Any]:
        jwk = await keys.key(kid)
        if jwk is None:
            raise Refused("unknown signing key")
        if endorsement:
            endorsements = jwk.get("endorsements")
            if not isinstance(endorsements, list) or endorsement not in endorsements:
                raise Refused("signing key not endorsed for this channel")
        try:
            key = jwt.PyJWK.from_dict(dict(jwk)).key
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=list(ALGORITHMS),
                audience=audience,
                issuer=issuer,
                leeway=LEEWAY,
                options={"require": ["exp"], "verify_aud": audience is not None},
            )
        except jwt.PyJWTError as exc:
            raise Refused(type(exc).__name__) from None
        return claims
