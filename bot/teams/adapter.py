"""Teams wiring: ``POST /api/messages`` on the shared aiohttp app, through botbuilder.

Every botbuilder / botframework import of the project lives in ``bot/teams/`` (this module and
``bot.py``), so moving to the Microsoft 365 Agents SDK replaces this package and nothing else.

A request goes through, in order:

1. **Shape**: a JSON content type (else 415), a JSON object that is a plausible activity (else
   400 with a short JSON error). botbuilder's ``CloudAdapter.process`` answers 500 for these.
2. **Authentication**: with an app id, botbuilder's JWT validation (``authenticate_request``;
   Bot Framework's OpenID keys, issuer, audience = app id, ``serviceurl`` claim). A missing or
   bad token gets 401 and touches nothing. With no app id (local mode, never in production),
   calls are anonymous and replies carry no Authorization header: the Emulator's mode.
3. **Dispatch**: activities the advisor does not act on get 200 at once; messages and
   installs run through ``CloudAdapter.process_activity`` with the authentication result, so
   replies go to the activity's ``serviceUrl`` with the adapter's connector client. 201 after.

The body cap is the application's ``client_max_size`` (413).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity

from bot.appkeys import RUNNER, SETTINGS, STORE
from bot.logs import hashed
from bot.settings import Settings, SettingsError
from bot.teams.bot import TeamsBot, TeamsOptions
from bot.teams.translate import Ignored, problem, translate

__all__ = ["ROUTE", "TEAMS", "TEAMS_OPTIONS", "TeamsRuntime", "mount", "settings_problems"]

log = logging.getLogger("advisor.teams")

ROUTE = "/api/messages"
JSON_TYPES = frozenset({"application/json"})


@dataclass(frozen=True, slots=True)
class TeamsRuntime:
    adapter: Any
    """botbuilder ``CloudAdapter``."""
    auth: Any
    """botframework ``BotFrameworkAuthentication``."""
    bot: TeamsBot
    authenticated: bool


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


def _speed_up_msrest() -> None:
    """msrest checks every response status against a 999-item *list* of retry codes, built
    for each connector client (botbuilder makes two per turn): profiled at 29% of the bot's
    CPU under Teams load. A frozenset gives the same answers in constant time."""
    from msrest.universal_http.requests import ClientRetryPolicy

    if not isinstance(ClientRetryPolicy.safe_codes, frozenset):
        ClientRetryPolicy.safe_codes = frozenset(ClientRetryPolicy.safe_codes)  # type: ignore[assignment]


def build_runtime(settings: Settings, options: TeamsOptions) -> TeamsRuntime:
    _speed_up_msrest()
    authenticated = settings.teams_mode == "authenticated"
    auth = ConfigurationBotFrameworkAuthentication(
        _BotConfig(settings), credentials_factory=options.credentials_factory
    )
    adapter = CloudAdapter(auth)
    adapter.on_turn_error = _on_turn_error
    return TeamsRuntime(adapter=adapter, auth=auth, bot=TeamsBot(options),
                        authenticated=authenticated)


async def _teams_ctx(app: web.Application) -> AsyncIterator[None]:
    options = app.get(TEAMS_OPTIONS) or TeamsOptions()
    app[TEAMS] = build_runtime(app[SETTINGS], options)
    yield


async def _on_turn_error(_context: Any, error: Exception) -> None:
    # The turn runner already answers engine failures politely; this is a last resort that
    # must not echo message text.
    log.error("teams turn failed", exc_info=error)


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

    header = request.headers.get("Authorization", "") if runtime.authenticated else ""
    if runtime.authenticated and not header.strip():
        return _error(401, "authorization required")
    try:
        auth_result = await runtime.auth.authenticate_request(activity, header)
    except PermissionError:  # botframework's "not authorized" (an OSError subclass)
        log.info("teams request refused: not authorized")
        return _error(401, "unauthorized")
    except OSError:
        # The OpenID metadata could not be fetched: not the caller's fault, try again later.
        log.warning("teams token not validated: signing keys unavailable", exc_info=True)
        return _error(503, "cannot validate the token right now")
    except Exception as exc:  # jwt's decode errors, an unknown key id (IndexError)...
        log.info("teams request refused: %s", type(exc).__name__)
        return _error(401, "unauthorized")

    incoming = translate(body)
    if isinstance(incoming, Ignored):
        return web.Response(status=200)

    app = request.app
    deadline = started + runtime.bot.options.reply_budget

    async def logic(context: Any) -> None:
        await runtime.bot.handle(
            context,
            incoming,
            runner=app[RUNNER],
            store=app[STORE],
            event_ttl=app[SETTINGS].advisor_event_ttl_seconds,
            deadline=deadline,
        )

    try:
        invoke = await runtime.adapter.process_activity(auth_result, activity, logic)
    except Exception:
        log.exception("teams activity failed",
                      extra={"conversation": hashed(str(body["conversation"]["id"]))})
        return _error(500, "internal error")
    if invoke is not None:
        return web.json_response(invoke.body, status=int(invoke.status))
    return web.Response(status=201)
