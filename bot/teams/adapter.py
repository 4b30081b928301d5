"""Teams wiring: ``POST /api/messages`` on the shared aiohttp app, through botbuilder's checks.

Every botbuilder / botframework import of the project lives in ``bot/teams/`` (this module and
``tokens.py``), so moving to the Microsoft 365 Agents SDK replaces this package and nothing else.

A request goes through, in order:

1. **Shape**: a JSON content type (else 415), a JSON object that is a plausible activity (else
   400 with a short JSON error), then botbuilder's ``Activity`` schema (else 400).
   botbuilder's ``CloudAdapter.process`` answers 500 for these.
2. **Authentication**: ``auth.py`` (not botbuilder's ``JwtTokenValidation``). With an app id:
   only Bot Framework channel tokens (issuer, audience = app id, ``serviceurl`` claim = the
   activity's, a JWKS key endorsed for the channel; Emulator tokens only with
   ``ADVISOR_TEAMS_ALLOW_EMULATOR_TOKENS`` outside production), else 401; unreachable signing
   keys 503; a ``serviceUrl`` host not on ``ADVISOR_TEAMS_SERVICE_HOSTS`` (``hosts.py``) 403.
   Nothing is stored or sent before this passes. With no app id (local mode, never in
   production), calls are anonymous and replies carry no Authorization header: the Emulator's mode.
3. **Dispatch**: activities the advisor does not act on (invokes included) get 200 at once;
   messages and installs run the bot, whose replies go to the activity's ``serviceUrl``. 201
   after they are sent, or 200 with ``{"activities": [...]}`` for ``deliveryMode:
   expectReplies`` (botbuilder's ``ExpectedReplies``). A failing turn is logged ("teams turn
   failed", botbuilder's ``on_turn_error`` place) and still answered.

Why not ``CloudAdapter.process_activity`` any more: nothing in a turn needs botbuilder's
``TurnContext``. process_activity built a new msrest ``ConnectorClient`` and a new user-token
client for every turn, and sending through it deserialized each rendered message into an
``Activity``, serialized it back and posted it with ``requests`` on a thread pool, mostly over a
new TCP connection: well over half of a Teams turn's CPU. The turn now keeps exactly what is
visible to Teams from that path and drops the rest: the reply is addressed from botbuilder's own
``TurnContext.get_conversation_reference`` (so ``from``/``recipient``/``conversation``/
``replyToId``... are what botbuilder sent), posted by ``connector.py`` over one keep-alive
``aiohttp.ClientSession`` that this module's ``cleanup_ctx`` opens at start-up and closes at
shutdown (after in-flight requests, which aiohttp finishes before cleaning up), with the
``Authorization`` header of the credentials botbuilder's connector factory would have used,
cached per (app id, audience) in ``tokens.py``. The user-token client served only sign-in
prompts, which the advisor has none of.

The body cap is the application's ``client_max_size`` (413).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, DeliveryModes
from botframework.connector.about import __version__ as connector_version
from botframework.connector.auth import AuthenticationConstants, ClaimsIdentity

from bot.appkeys import RUNNER, SETTINGS
from bot.logs import hashed
from bot.settings import Settings, SettingsError
from bot.teams.auth import Authenticator, KeySet, KeysUnavailable, Refused
from bot.teams.bot import Deliver, TeamsBot, TeamsOptions
from bot.teams.connector import Connector, Reference, address
from bot.teams.hosts import ServiceHosts
from bot.teams.render import Message
from bot.teams.tokens import Tokens
from bot.teams.translate import Ignored, problem, translate

__all__ = ["ROUTE", "TEAMS", "TEAMS_OPTIONS", "TeamsRuntime", "mount", "settings_problems"]

log = logging.getLogger("advisor.teams")

ROUTE = "/api/messages"
JSON_TYPES = frozenset({"application/json"})
CONNECTIONS = 100
"""Connections open to the connectors at once (aiohttp's default); more calls wait for one."""
USER_AGENT = (
    f"Microsoft-BotFramework/3.1 (BotBuilder Python/{connector_version}) aiohttp/{aiohttp.__version__}"
)


@dataclass(frozen=True, slots=True)
class TeamsRuntime:
    auth: Any
    """botframework ``BotFrameworkAuthentication``."""
    connector: Connector
    tokens: Tokens
    bot: TeamsBot
    authenticator: Authenticator | None
    """None in local mode (no app id)."""
    hosts: ServiceHosts


TEAMS = web.AppKey("teams", TeamsRuntime)
TEAMS_OPTIONS = web.AppKey("teams_options", TeamsOptions)
"""Optional: set before start-up to tune retries and deadlines (tests)."""


class _BotConfig:
    """The attributes ``ConfigurationBotFrameworkAuthentication`` reads, from our settings."""

    def __init__(self, settings: Settings) -> None:
        password = settings.microsoft_app_password
        self.APP_ID = settings.microsoft_app_id or ""
        self.APP_PASSWORD = password.get_secret_value() if password else ""
        self.APP_TENANTID = settings.microsoft_app_tenant_id or ""
        self.APP_TYPE = settings.microsoft_app_type


def settings_problems(settings: Settings) -> list[str]:
    """What is missing for the configured Microsoft app type (empty when usable)."""
    if settings.teams_mode != "authenticated":
        return []
    problems = []
    app_type = settings.microsoft_app_type
    if app_type in ("MultiTenant", "SingleTenant") and settings.microsoft_app_password is None:
        problems.append(f"MICROSOFT_APP_PASSWORD: required when MICROSOFT_APP_TYPE is {app_type}")
    if app_type in ("SingleTenant", "UserAssignedMSI") and not settings.microsoft_app_tenant_id:
        problems.append(f"MICROSOFT_APP_TENANT_ID: required when MICROSOFT_APP_TYPE is {app_type}")
    return problems


def mount(app: web.Application, settings: Settings) -> None:
    """Add the route and the adapter's lifecycle. Raises ``SettingsError`` when misconfigured."""
    problems = settings_problems(settings)
    if problems:
        raise SettingsError(problems)
    app.cleanup_ctx.append(_teams_ctx)
    app.router.add_post(ROUTE, messages)


def build_runtime(
    settings: Settings, options: TeamsOptions, session: aiohttp.ClientSession
) -> TeamsRuntime:
    auth = ConfigurationBotFrameworkAuthentication(
        _BotConfig(settings), credentials_factory=options.credentials_factory
    )
    authenticator = None
    if settings.teams_mode == "authenticated" and settings.microsoft_app_id:
        timeout = settings.advisor_teams_key_fetch_timeout_seconds
        emulator = None
        if settings.advisor_teams_allow_emulator_tokens:
            emulator = KeySet(session, str(settings.advisor_teams_emulator_openid_metadata_url),
                              timeout=timeout)
        authenticator = Authenticator(
            settings.microsoft_app_id,
            KeySet(session, str(settings.advisor_teams_openid_metadata_url), timeout=timeout),
            emulator,
        )
    return TeamsRuntime(
        auth=auth,
        connector=Connector(session, user_agent=USER_AGENT),
        tokens=Tokens(),
        bot=TeamsBot(options),
        authenticator=authenticator,
        hosts=ServiceHosts(settings.teams_service_hosts, https_only=settings.production),
    )


async def _teams_ctx(app: web.Application) -> AsyncIterator[None]:
    """The connector session lives from start-up to shutdown: aiohttp finishes the requests in
    flight (and the background-task drain runs, cleanup contexts being last in, first out)
    before this closes it."""
    options = app.get(TEAMS_OPTIONS) or TeamsOptions()
    # No trust_env: the connector applies the environment's proxies itself, once per origin.
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONNECTIONS))
    try:
        app[TEAMS] = build_runtime(app[SETTINGS], options, session)
        yield
    finally:
        await session.close()


@dataclass(frozen=True, slots=True)
class _AuthResult:
    """What ``tokens.py`` needs of botbuilder's ``AuthenticateRequestResult``."""

    claims_identity: ClaimsIdentity
    audience: str | None
    connector_factory: Any


async def _authenticate(
    runtime: TeamsRuntime, request: web.Request, activity: Any
) -> _AuthResult | web.Response:
    """The caller's identity, or the refusal to answer (401/403/503), before anything is read
    into the turn or any token could be attached to a reply."""
    if runtime.authenticator is None:  # local mode: anonymous, replies carry no token
        identity = ClaimsIdentity({}, True)
        return _AuthResult(identity, None, runtime.auth.create_connector_factory(identity))
    header = request.headers.get("Authorization", "")
    if not header.strip():
        return _error(401, "authorization required")
    try:
        claims = await runtime.authenticator.claims(
            header, service_url=activity.service_url or "", channel_id=activity.channel_id or "")
    except Refused as refused:
        log.info("teams request refused: %s", refused.reason)
        return _error(401, "unauthorized")
    except KeysUnavailable:
        return _error(503, "cannot validate the token right now")
    if not runtime.hosts.allows(activity.service_url or ""):
        log.warning("teams request refused: serviceUrl host not on ADVISOR_TEAMS_SERVICE_HOSTS")
        return _error(403, "serviceUrl is not an allowed Teams or Bot Framework host")
    # Outbound credentials are this app's, whichever token type came in (an Emulator token's
    # ``aud`` is the channel's scope, which botbuilder would take for the app id).
    identity = ClaimsIdentity(
        {**claims, AuthenticationConstants.AUDIENCE_CLAIM: runtime.authenticator.app_id}, True)
    return _AuthResult(identity, AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE,
                       runtime.auth.create_connector_factory(identity))


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def messages(request: web.Request) -> web.StreamResponse:
    started = time.monotonic()
    runtime = request.app[TEAMS]
    if request.content_type not in JSON_TYPES:
        return _error(415, "Content-Type must be application/json")
    raw = await request.read()  # over client_max_size: 413 from aiohttp
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return _error(400, "the body is not valid JSON")
    reason = problem(body)
    if reason is not None:
        return _error(400, reason)
    try:
        activity = Activity().deserialize(body)
    except Exception:  # msrest's DeserializationError and friends: a malformed field
        return _error(400, "the body is not a valid Bot Framework activity")

    auth_result = await _authenticate(runtime, request, activity)
    if isinstance(auth_result, web.Response):
        return auth_result

    incoming = translate(body)
    if isinstance(incoming, Ignored):
        return web.Response(status=200)

    try:
        deliver, buffered = await _deliverer(runtime, activity, auth_result)
    except Exception:
        log.exception("teams activity failed",
                      extra={"conversation": hashed(str(body["conversation"]["id"]))})
        return _error(500, "internal error")
    app = request.app
    try:
        await runtime.bot.handle(
            deliver,
            incoming,
            runner=app[RUNNER],
            deadline=started + runtime.bot.options.reply_budget,
        )
    except Exception as error:
        # The turn runner already answers engine failures politely; this is a last resort that
        # must not echo message text.
        log.error("teams turn failed", exc_info=error)
    if buffered is not None:
        return web.json_response({"activities": buffered}, status=200)
    return web.Response(status=201)


async def _deliverer(
    runtime: TeamsRuntime, activity: Any, auth_result: Any
) -> tuple[Deliver, list[dict[str, Any]] | None]:
    """How the turn's replies leave: posted to the connector, or kept for the HTTP answer
    (``expectReplies``, the list returned)."""
    reference: Reference = TurnContext.get_conversation_reference(activity).serialize()
    if activity.delivery_mode == DeliveryModes.expect_replies:
        buffered: list[dict[str, Any]] = []

        async def keep(message: Message) -> None:
            buffered.append(address(message, reference))

        return keep, buffered

    # Only posted replies need credentials (made once per app id and audience).
    key = await runtime.tokens.key_for(auth_result, activity.service_url)

    async def post(message: Message) -> str:
        authorization = await runtime.tokens.header(key)
        return await runtime.connector.reply(reference, message, authorization=authorization)

    return post, None
