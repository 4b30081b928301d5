"""Slack wiring: bolt's ``AsyncApp`` behind the project's aiohttp server, and Socket Mode.

``mount(app, settings)`` adds ``POST /slack/events`` and a ``cleanup_ctx`` that builds the Web
API client and the bolt app at start-up (and, with ``SLACK_APP_TOKEN``, connects Socket Mode).
Requests are verified here first (401 for forged or stale signatures, before anything parses
the body), then go through bolt's own dispatch (HTTP mode: its verification middleware checks them
again), which answers ``url_verification`` and skips
the bot's own events.

Every listener acknowledges at once and hands the work to the application's tracked background
tasks (drained on shutdown): translate the payload into a neutral ``Turn``, run it through the
turn boundary (which dedupes on the event id with the store's ``claim``), render the replies as
Block Kit and send them with the Web API client (retrying 429s and dropped connections).

Single-workspace today: ``build_bolt`` is the one place to add an OAuth installation store
(``installation_store=`` / ``oauth_settings=``) later. The work already sends with bolt's
per-request client (``context.client``), which would then carry the installation's token.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator, Coroutine, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal
from urllib.parse import parse_qsl

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.request.async_internals import build_async_context
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot import admission
from bot.appkeys import METRICS, RUNNER, SETTINGS, TASKS
from bot.delivery import Result as DeliveryResult
from bot.delivery import auth_accepted, auth_refused, record, slack_result
from bot.logs import hashed
from bot.settings import Settings
from bot.slack import translate
from bot.slack.home import home_view
from bot.slack.render import RenderOptions, SlackMessage, plain_message, to_messages
from bot.slack.share import NOT_POSTED, PICK_PROMPT, SHARED, picker_message
from bot.slack.translate import HomeStart, Inbound, ShareAnswer, ShareTo, Target
from bot.turns import TurnResult
from dialogs.answers import answer_question
from dialogs.replies import RecommendationReply, Reply, TextReply

log = logging.getLogger("advisor.slack")

PATH = "/slack/events"
HTTP_TIMEOUT = 10
STARTUP_CHECK_TIMEOUT = 5.0
"""Seconds the start-up ``auth.test`` may take before the server listens anyway."""
RATE_LIMIT_RETRIES = 3
CONNECTION_RETRIES = 2
SERVER_ERROR_RETRIES = 1
# Slack refused the blocks themselves: send the text-only version instead.
BLOCK_ERRORS = frozenset({"invalid_blocks", "invalid_blocks_format", "msg_blocks_too_long",
                          "msg_too_long", "invalid_attachments"})

Ack = AsyncAck
Sent = Literal["blocks", "text", "failed"]
"""How one message went out: as drawn; as the text-only fallback (which carries every reply
of the call, so nothing more is sent after it); or not at all."""


# --- construction (the one place an OAuth installation store would plug in) -------------------


def retry_handlers() -> list[AsyncRetryHandler]:
    """429s wait for Retry-After, dropped connections and 5xx are tried again."""
    return [
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        AsyncConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
        AsyncServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
    ]


def bolt_logger() -> logging.Logger:
    """bolt's base logger, at WARNING or quieter.

    bolt copies this logger's level into each of its own loggers when they are made; its
    request verification logs the whole body of a failed request at INFO, which must not
    reach the logs.
    """
    logger = logging.getLogger("slack_bolt")
    if logger.level < logging.WARNING:  # NOTSET included: never inherit INFO from the root
        logger.setLevel(logging.WARNING)
    if not any(isinstance(f, _ClientOverToken) for f in logger.filters):
        logger.addFilter(_ClientOverToken())
    return logger


class _ClientOverToken(logging.Filter):
    """Drops bolt's start-up warning that ``token`` is unused because ``client`` was given.

    bolt reads ``SLACK_BOT_TOKEN`` from the environment itself, so with the token set (always,
    in production) it warns on every start, although the client it is given carries that very
    token. A warning that is always there teaches operators to ignore warnings.
    """

    TEXT = warning_client_prioritized_and_token_skipped()

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != self.TEXT


def sdk_logger(name: str) -> logging.Logger:
    """A slack_sdk logger with an explicit WARNING floor: slack_sdk checks the logger's own
    level (not the effective one) before formatting a debug line for every call."""
    logger = logging.getLogger(name)
    if logger.level < logging.WARNING:
        logger.setLevel(logging.WARNING)
    return logger


def build_web_client(settings: Settings, *, session: aiohttp.ClientSession | None = None,
                     token: str | None = None) -> AsyncWebClient:
    """The Web API client: ``SLACK_API_URL`` as base URL, with the retry handlers."""
    if token is None:
        if settings.slack_bot_token is None:
            raise ValueError("SLACK_BOT_TOKEN is not set")
        token = settings.slack_bot_token.get_secret_value()
    return AsyncWebClient(
        token=token,
        base_url=settings.slack_api_base,
        session=session,
        timeout=HTTP_TIMEOUT,
        retry_handlers=retry_handlers(),
        logger=sdk_logger("slack_sdk.web"),
    )


def build_bolt(settings: Settings, *, client: AsyncWebClient) -> AsyncApp:
    """bolt's app for one workspace. ``auth.test`` and every other call go through ``client``."""
    if settings.slack_signing_secret is None:
        raise ValueError("SLACK_SIGNING_SECRET is not set")
    return AsyncApp(
        name="engagement-advisor",
        client=client,
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        # bolt's own verification middleware stays on for every HTTP request (Socket Mode
        # requests are not signed and bolt skips them). ``slack_events`` also checks the
        # signature before building bolt's request, because ``AsyncBoltRequest`` parses the body
        # (and can raise on it) in its constructor, before its middleware runs: 401 before
        # anything parses an unsigned body. The second HMAC costs microseconds.
        # Listeners only ack and spawn tracked work, so running them before the HTTP response
        # costs nothing and keeps the spawn inside the request (no untracked futures).
        process_before_response=True,
        logger=bolt_logger(),
    )


# --- the bridge: listeners, turns and delivery ----------------------------------------------------


class SlackBridge:
    """Connects bolt's listeners to the turn runner and sends the replies back to Slack."""

    def __init__(self, *, web_app: web.Application, bolt: AsyncApp,
                 http: aiohttp.ClientSession) -> None:
        self.web_app = web_app
        self.bolt = bolt
        self.http = http
        self._installation: Installation | None = None
        self._unreachable = False

    async def installation(self) -> Installation | None:
        """This installation's ids (``auth.test``, once per process), or None while the Web API
        cannot be reached or refuses: logged once per outage, never a traceback per event."""
        if self._installation is not None:
            return self._installation
        try:
            answer = await self.bolt.client.auth_test()
        except (TimeoutError, SlackApiError, aiohttp.ClientError) as exc:
            if isinstance(exc, SlackApiError) and slack_result(
                    _status(exc), _error(exc)) == "auth_failed":
                auth_refused(self.web_app[METRICS], "slack", f"auth.test: {_error(exc)}")
            if not self._unreachable:
                self._unreachable = True
                log.warning("Slack auth.test failed (%s): requests are acknowledged and dropped "
                            "until it succeeds", _why(exc))
            return None
        data = answer.data if isinstance(answer.data, dict) else {}
        auth_accepted(self.web_app[METRICS], "slack")
        if self._unreachable:
            log.warning("Slack auth.test succeeded again")
        self._unreachable = False
        self._installation = Installation(
            team_id=_text(data.get("team_id")),
            enterprise_id=_text(data.get("enterprise_id")),
            enterprise_install=data.get("is_enterprise_install") is True,
        )
        return self._installation

    def register(self) -> None:
        """Attach the listeners. Order matters: the catch-alls come last, and the busiest come
        first (bolt tries listeners in order, building each matcher's arguments on the way):
        clicks on our buttons, then messages."""
        b = self.bolt
        b.action(re.compile(r"^advisor:"))(self.on_action)
        b.event("message")(self.on_message)
        b.event("app_mention")(self.on_message)
        b.event("app_home_opened")(self.on_home_opened)
        b.command(re.compile(r".*"))(self.on_command)
        # Signed but not ours (other events, foreign actions, shortcuts, views, options):
        # answer 200 so Slack keeps the subscription healthy.
        b.event(re.compile(r".*"))(self.ack_only)
        b.action(re.compile(r".*"))(self.ack_only)
        b.shortcut(re.compile(r".*"))(self.ack_only)
        b.view(re.compile(r".*"))(self.ack_only)
        b.view_closed(re.compile(r".*"))(self.ack_only)
        b.options(re.compile(r".*"))(self.ack_only)

    # listeners: ack first, work after ------------------------------------------------------

    async def ack_only(self, ack: Ack) -> None:
        await ack()

    # ``client`` is bolt's per-request client: the installation's token (one workspace today),
    # ``SLACK_API_URL`` and the retry handlers of the app's client.

    async def on_message(self, ack: Ack, body: dict[str, Any], context: AsyncBoltContext,
                         client: AsyncWebClient) -> None:
        await ack()
        inbound = translate.from_event(body, bot_user_id=context.bot_user_id)
        if inbound is not None and inbound.unaddressed:
            self._spawn(self.run_thread_reply(inbound, client), "slack:thread")
        elif inbound is not None:
            self._spawn(self.run_turn(inbound, client), "slack:event")
        elif translate.files_only(body, bot_user_id=context.bot_user_id):
            target = translate.event_target(body)
            if target is not None:
                self._spawn(self.deliver(target, [FILES_NOT_READ], client), "slack:files")

    async def on_home_opened(self, ack: Ack, event: dict[str, Any],
                             client: AsyncWebClient) -> None:
        await ack()
        user = event.get("user")
        if isinstance(user, str) and event.get("tab", "home") == "home":
            self._spawn(self.publish_home(user, client), "slack:home")

    async def on_action(self, ack: Ack, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        parsed = translate.from_action(body)
        if isinstance(parsed, Inbound):
            self._spawn(self.run_turn(parsed, client), "slack:action")
        elif isinstance(parsed, ShareAnswer):
            self._spawn(self.share_answer(parsed, client), "slack:share")
        elif isinstance(parsed, ShareTo):
            self._spawn(self.share_to(parsed, client), "slack:share-to")
        elif isinstance(parsed, HomeStart):
            self._spawn(self.start_from_home(parsed, client), "slack:home-start")

    async def on_command(self, ack: Ack, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        inbound = translate.from_command(body)
        if inbound is not None:
            self._spawn(self.run_turn(inbound, client), "slack:command")

    def _spawn(self, coro: Coroutine[Any, Any, None], name: str) -> None:
        try:
            self.web_app[TASKS].spawn(coro, name=name)
        except RuntimeError:
            log.warning("shutting down: a Slack request was acknowledged but not processed")

    # the work ------------------------------------------------------------------------------

    async def run_turn(self, inbound: Inbound, client: AsyncWebClient) -> None:
        turn = inbound.turn

        async def reply(result: TurnResult) -> None:
            # Under the turn boundary's lock on the conversation: replies go out in turn order.
            if result.duplicate:
                log.info("duplicate Slack delivery ignored",
                         extra={"conversation": hashed(turn.session_id)})
                return
            if result.outcome == "rejected" and turn.action is not None:
                # An unrecognised or stale click: the clicked message (a question and its
                # buttons) stays as it is; only the clicker sees why nothing happened.
                await self.note(inbound.target, result.replies, client)
            elif inbound.is_share and any(isinstance(r, RecommendationReply) for r in result.replies):
                if inbound.target.surface == "dm":  # no channel here: ask which one
                    await self._send(client, "chat_postMessage", picker_message(),
                                     [TextReply(text=PICK_PROMPT)],
                                     channel=inbound.target.channel,
                                     thread_ts=inbound.target.thread_ts)
                else:
                    await self.share(inbound.target, result.replies, client)
            else:
                replies = list(result.replies)
                if inbound.files_attached:
                    replies.append(FILES_NOT_READ)
                await self.deliver(inbound.target, replies, client)

        await self.web_app[RUNNER].run(turn, then=reply)

    async def run_thread_reply(self, inbound: Inbound, client: AsyncWebClient) -> None:
        """A channel-thread reply without a mention (``message.channels`` / ``.groups`` deliver
        every message of every channel the app is in): a turn only in a thread that holds an
        assessment; any other message is dropped here, unstored and unlogged."""
        if await self.web_app[RUNNER].holds_assessment(inbound.turn.session_id):
            await self.run_turn(inbound, client)

    async def share_to(self, picked: ShareTo, client: AsyncWebClient) -> None:
        """The DM's share turn, its copy posted to the picked channel; the picker becomes a
        confirmation, or stays (with a note) when Slack refuses the post."""
        inbound = picked.inbound
        back = inbound.target

        async def reply(result: TurnResult) -> None:
            if result.duplicate:
                return
            recs = [r for r in result.replies if isinstance(r, RecommendationReply)]
            if not recs:  # nothing to share (any more): tell the user in the DM
                await self.deliver(replace(back, update_ts=None), result.replies, client)
                return
            to = Target(surface="channel", user=back.user, channel=picked.channel)
            if await self.share(to, recs, client):
                await self.deliver(back, [SHARED], client)
            else:
                await self.deliver(replace(back, update_ts=None), [NOT_POSTED], client)

        await self.web_app[RUNNER].run(inbound.turn, then=reply)

    async def start_from_home(self, start: HomeStart, client: AsyncWebClient) -> None:
        try:
            opened = await client.conversations_open(users=start.user)
        except (TimeoutError, SlackApiError, aiohttp.ClientError) as exc:
            log.warning("could not open the DM for an App Home start: %s", _why(exc))
            return
        data = opened.data if isinstance(opened.data, dict) else {}
        channel = data.get("channel", {}).get("id")
        if not isinstance(channel, str):
            log.warning("conversations.open returned no channel")
            return
        await self.run_turn(translate.home_turn(start, channel), client)

    async def publish_home(self, user: str, client: AsyncWebClient) -> None:
        try:
            await client.views_publish(user_id=user, view=home_view())
        except (TimeoutError, SlackApiError, aiohttp.ClientError) as exc:
            log.warning("views.publish failed: %s", _why(exc))

    async def share_answer(self, share: ShareAnswer, client: AsyncWebClient) -> None:
        reply = answer_question(share.question, self.web_app[RUNNER].kb)
        await self.share(share.target, [reply], client)

    # delivery ------------------------------------------------------------------------------

    async def deliver(self, target: Target, replies: Sequence[Reply],
                      client: AsyncWebClient) -> None:
        """Send a turn's replies where they belong (in place for clicks on a question)."""
        if not replies:
            return
        messages = to_messages(replies, RenderOptions(surface=target.surface))
        for i, message in enumerate(messages):
            first = i == 0
            if target.response_url:
                sent = await self._respond(target.response_url, message, replies,
                                           replace_original=first and target.replace_original)
            elif target.channel is None:
                return
            elif target.surface == "slash":
                sent = await self._send(client, "chat_postEphemeral", message, replies,
                                        channel=target.channel, user=target.user)
            elif first and target.update_ts:
                sent = await self._send(client, "chat_update", message, replies,
                                        channel=target.channel, ts=target.update_ts)
            else:
                sent = await self._send(client, "chat_postMessage", message, replies,
                                        channel=target.channel, thread_ts=target.thread_ts)
            if sent != "blocks":
                return

    async def note(self, target: Target, replies: Sequence[Reply],
                   client: AsyncWebClient) -> None:
        """An ephemeral reply for the target's user only, never replacing a message: through the
        response_url of a click on an ephemeral message (``replace_original`` false), else
        ``chat.postEphemeral`` in the channel and thread of the clicked message."""
        for message in to_messages(replies, RenderOptions(surface=target.surface)):
            if target.surface == "slash" and target.response_url:
                sent = await self._respond(target.response_url, message, replies,
                                           replace_original=False)
            elif target.channel is None:
                return
            else:
                sent = await self._send(client, "chat_postEphemeral", message, replies,
                                        channel=target.channel, user=target.user,
                                        thread_ts=target.thread_ts)
            if sent != "blocks":
                return

    async def share(self, target: Target, replies: Sequence[Reply],
                    client: AsyncWebClient) -> bool:
        """A read-only copy for everyone in the target's channel; whether it all went out (as
        blocks, or as the text-only fallback Slack accepted when it refused the blocks)."""
        recs: list[Reply] = [r for r in replies if isinstance(r, RecommendationReply)]
        shown = recs or list(replies)
        opts = RenderOptions(surface=target.surface, static=True, shared_by=target.user)
        for message in to_messages(shown, opts):
            if target.response_url:
                sent = await self._respond(target.response_url, message, shown, static=True,
                                           replace_original=False, response_type="in_channel")
            elif target.channel is None:
                return False
            else:
                sent = await self._send(client, "chat_postMessage", message, shown, static=True,
                                        channel=target.channel)
            if sent == "failed":
                return False
            if sent == "text":  # the fallback carried every reply: nothing more to send
                return True
        return True

    async def _send(self, client: AsyncWebClient, method: str, message: SlackMessage,
                    replies: Sequence[Reply], *, static: bool = False, **where: Any) -> Sent:
        call = getattr(client, method)
        kwargs = {k: v for k, v in where.items() if v is not None}
        api = method.replace("_", ".")
        try:
            await self._timed(api, call(text=message.text, blocks=message.blocks, **kwargs))
            self._record("delivered")
            return "blocks"
        except SlackApiError as exc:
            if _error(exc) not in BLOCK_ERRORS:
                log.warning("Slack %s failed: %s", method, _why(exc))
                self._record(slack_result(_status(exc), _error(exc)), why=_error(exc))
                return "failed"
            log.warning("Slack refused the blocks (%s); sending text only", _error(exc))
            plain = plain_message(replies, static=static)
            try:
                await self._timed(api, call(text=plain.text, blocks=[], **kwargs))
                self._record("plain_fallback")
                return "text"
            except SlackApiError as again:
                log.warning("Slack %s failed again: %s", method, _why(again))
                self._record(slack_result(_status(again), _error(again)), why=_error(again))
            except (TimeoutError, aiohttp.ClientError) as again:
                log.warning("Slack %s failed again: %s", method, _why(again))
                self._record("failed")
            return "failed"
        except (TimeoutError, aiohttp.ClientError) as exc:
            log.warning("Slack %s failed: %s", method, _why(exc))
            self._record("failed")
            return "failed"

    async def _timed(self, api: str, call: Coroutine[Any, Any, Any]) -> Any:
        """Await an outbound call, observed in ``advisor_platform_api_seconds``."""
        started = time.perf_counter()
        try:
            return await call
        finally:
            self.web_app[METRICS].api_seconds.labels("slack", api).observe(
                time.perf_counter() - started)

    def _record(self, result: DeliveryResult, *, why: str = "") -> None:
        record(self.web_app[METRICS], "slack", result, why=why)

    async def _respond(self, url: str, message: SlackMessage, replies: Sequence[Reply], *,
                       replace_original: bool, response_type: str = "ephemeral",
                       static: bool = False) -> Sent:
        hook = AsyncWebhookClient(url=url, session=self.http, timeout=HTTP_TIMEOUT,
                                  retry_handlers=retry_handlers(),
                                  logger=sdk_logger("slack_sdk.webhook"))
        common: dict[str, Any] = {"response_type": response_type,
                                  "replace_original": replace_original}
        try:
            resp = await self._timed(
                "response_url", hook.send(text=message.text, blocks=message.blocks, **common))
            if resp.status_code == 200:
                self._record("delivered")
                return "blocks"
            log.warning("response_url answered HTTP %s", resp.status_code)
            if resp.status_code == 400:
                plain = plain_message(replies, static=static)
                again = await self._timed("response_url", hook.send(text=plain.text, **common))
                if again.status_code == 200:
                    self._record("plain_fallback")
                    return "text"
                self._record("failed")
            else:
                self._record(slack_result(resp.status_code, ""))
        except (TimeoutError, aiohttp.ClientError) as exc:
            log.warning("response_url failed: %s", _why(exc))
            self._record("failed")
        return "failed"


FILES_NOT_READ = TextReply(text="I read only the text of your message: attached files are not read.")


@dataclass(frozen=True, slots=True)
class Installation:
    """The one workspace (or org) this app serves, from ``auth.test``."""

    team_id: str | None
    enterprise_id: str | None
    enterprise_install: bool

    def serves(self, payload: dict[str, Any], *, app_id: str | None) -> bool:
        """Whether a signed payload is addressed to this installation (and app, when
        ``SLACK_APP_ID`` is set). Payloads naming no ids are not judged here."""
        sent_app = payload.get("api_app_id")
        if app_id is not None and isinstance(sent_app, str) and sent_app != app_id:
            return False
        if self.enterprise_install:
            sent = payload.get("enterprise_id") or _dict(payload.get("enterprise")).get("id")
            return not isinstance(sent, str) or sent == self.enterprise_id
        team = payload.get("team_id") or _dict(payload.get("team")).get("id")
        return not isinstance(team, str) or self.team_id is None or team == self.team_id


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _error(exc: SlackApiError) -> str:
    resp = exc.response
    data = resp.data if resp is not None else None
    return str(data.get("error", "")) if isinstance(data, dict) else ""


def _status(exc: SlackApiError) -> int | None:
    return exc.response.status_code if exc.response is not None else None


def _why(exc: BaseException) -> str:
    """A short reason for the log, never a body or a token."""
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code if exc.response is not None else "?"
        return f"{_error(exc) or 'error'} (HTTP {status})"
    return type(exc).__name__


# --- aiohttp glue ---------------------------------------------------------------------------------

SLACK = web.AppKey("slack", SlackBridge)


class AdmittedSocketModeHandler(AsyncSocketModeHandler):
    """bolt's Socket Mode handler behind the same cap as HTTP (``bot/admission.py``): at the cap
    an envelope is left unacknowledged (Slack redelivers it) and counted as shed."""

    def __init__(self, web_app: web.Application, bolt: AsyncApp, **kwargs: Any) -> None:
        super().__init__(bolt, **kwargs)
        self.web_app = web_app

    # bolt narrows the base class's client type the same way (and ignores the override too).
    async def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        if admission.refused(self.web_app, "slack"):
            return
        with admission.holding(self.web_app):
            await super().handle(client, req)


def mount(app: web.Application, settings: Settings) -> None:
    """Serve Slack at ``POST /slack/events``; clients are built when the application starts."""
    if settings.slack_bot_token is None or settings.slack_signing_secret is None:
        raise ValueError("Slack needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET")
    app.router.add_post(PATH, slack_events)
    app.cleanup_ctx.append(_slack_ctx)


async def _slack_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=HTTP_TIMEOUT * 3))
    socket: AsyncSocketModeHandler | None = None
    try:
        bolt = build_bolt(settings, client=build_web_client(settings, session=http))
        bridge = SlackBridge(web_app=app, bolt=bolt, http=http)
        bridge.register()
        app[SLACK] = bridge
        await _check_token(app, bridge)
        if settings.slack_app_token is not None:
            socket = AdmittedSocketModeHandler(
                app, bolt, app_token=settings.slack_app_token.get_secret_value(),
                logger=bolt_logger())
            await socket.connect_async()  # type: ignore[no-untyped-call]
            log.info("Slack Socket Mode connected")
        yield
    finally:
        if socket is not None:
            await socket.close_async()  # type: ignore[no-untyped-call]
        # Background turns still need the HTTP session to post their replies.
        await app[TASKS].drain(settings.advisor_drain_timeout_seconds)
        await http.close()


async def _check_token(app: web.Application, bridge: SlackBridge) -> None:
    """``auth.test`` once at start (``SlackBridge.installation``): a refused token is an ERROR,
    a metric and part of ``/readyz``'s body (docs/operations.md); Slack being unreachable is
    the usual warning, and the first event tries again."""
    try:
        async with asyncio.timeout(STARTUP_CHECK_TIMEOUT):
            await bridge.installation()
    except TimeoutError:
        log.warning("Slack auth.test at start took over %g s", STARTUP_CHECK_TIMEOUT)


async def slack_events(request: web.Request) -> web.StreamResponse:
    """Events API, interactivity and slash commands, all through bolt's dispatch.

    The signature is checked first (401 before anything parses the body), then the body is
    parsed once (by bolt, while it builds its request) and its shape checked (400 for a signed
    body that is not a Slack payload), then bolt dispatches.
    """
    bridge = request.app.get(SLACK)
    if bridge is None:
        raise web.HTTPServiceUnavailable(text="Slack is starting")
    raw = await request.read()
    if not _signed(request.app[SETTINGS], raw, request.headers):
        raise web.HTTPUnauthorized(text="invalid request")
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _refused("not UTF-8") from None
    headers: dict[str, str | Sequence[str]] = {
        k.lower(): request.headers.getall(k) for k in set(request.headers.keys())
    }
    bolt_request, form_fields = _bolt_request(body, request.query_string, headers,
                                              request.content_type)
    payload = bolt_request.body
    problem = shape_problem(payload, form_fields=form_fields)
    if problem is not None:
        raise _refused(problem)
    kind = payload.get("type") if not form_fields else None
    if kind == "app_rate_limited":
        log.warning("Slack is rate-limiting this app's event deliveries",
                    extra={"minute_rate_limited": payload.get("minute_rate_limited")})
        return web.Response(status=200)
    if not form_fields and kind not in ROUTED_TYPES:
        return web.Response(status=200)  # signed, newer than this code: acknowledged
    if kind != "url_verification" and not (form_fields and "ssl_check" in payload):
        installation = await bridge.installation()
        if installation is None:
            # Acknowledged (Slack would retry, and fail the same way, then disable events).
            if form_fields:
                return web.json_response({"response_type": "ephemeral", "text": UNREACHABLE})
            return web.Response(status=200)
        if not installation.serves(payload, app_id=request.app[SETTINGS].slack_app_id):
            log.debug("Slack request of another installation ignored")
            return web.Response(status=200)
    retry = request.headers.get("X-Slack-Retry-Num")
    if retry is not None:
        log.debug("Slack redelivery", extra={"retry_num": retry,
                                              "retry_reason": request.headers.get("X-Slack-Retry-Reason")})
    response = await bridge.bolt.async_dispatch(bolt_request)
    return await to_aiohttp_response(response)


def _refused(problem: str) -> web.HTTPBadRequest:
    log.warning("signed Slack request refused", extra={"problem": problem})
    return web.HTTPBadRequest(text=f"unreadable request: {problem}")


def _bolt_request(body: str, query: str, headers: dict[str, str | Sequence[str]],
                  content_type: str) -> tuple[AsyncBoltRequest, bool]:
    """bolt's request for a verified body, and whether it is plain form fields (a slash command,
    an SSL check) rather than a JSON payload (an event, or an interaction's ``payload=``).

    This is the one place that decides what a request is. bolt parses the raw body itself
    (``AsyncBoltRequest`` in HTTP mode, its documented form; its verification middleware checks
    the signature on that same raw body). bolt's ``parse_body`` decides by substring: JSON when
    the content type is JSON or the body starts with ``{``; otherwise, a form body in which the
    text ``payload`` occurs *anywhere* is read as an interaction and, lacking a ``payload``
    field, becomes ``{}`` (a slash command whose text mentions the word would route nowhere).
    Only in that case are the fields read again here and given to bolt's request, with its
    context rebuilt from them the way its constructor does.
    """
    try:
        request = AsyncBoltRequest(body=body, query=query, headers=headers)
        if content_type != FORM or body.startswith("{"):
            return request, False
        if "payload" not in body:
            return request, True  # bolt read it as plain fields
        if request.body:
            return request, False  # an interaction: bolt decoded its ``payload`` field
        fields = dict(parse_qsl(body, keep_blank_values=True))
        if "payload" in fields:
            return request, False  # an empty ``payload``: refused by the shape check
        request.body = fields
        build_async_context(request.context, fields)
        return request, True
    except ValueError:  # json's decode error: the body or its payload is not JSON
        raise _refused("not JSON") from None
    except (TypeError, KeyError, AttributeError) as exc:
        # bolt reads ids from the body while building its context: a signed body with
        # ids of the wrong type (numbers, booleans, lists) is not a payload Slack sends.
        raise _refused(f"unexpected field types ({type(exc).__name__})") from None


FORM = "application/x-www-form-urlencoded"
UNREACHABLE = "The advisor cannot reach Slack right now. Please try again in a minute."
ROUTED_TYPES = frozenset({
    "url_verification", "event_callback", "block_actions", "block_suggestion", "view_submission",
    "view_closed", "shortcut", "message_action", "interactive_message", "dialog_submission",
    "dialog_cancellation", "dialog_suggestion",
})
"""Payload types given to bolt; other signed types are acknowledged without it."""
_STR_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "view_submission": (("view", "type"), ("view", "callback_id")),
    "view_closed": (("view", "type"), ("view", "callback_id")),
    "block_suggestion": (("action_id",),),
    "shortcut": (("callback_id",),),
    "message_action": (("callback_id",),),
    "interactive_message": (("callback_id",),),
    "dialog_submission": (("callback_id",),),
    "dialog_cancellation": (("callback_id",),),
    "dialog_suggestion": (("callback_id",),),
}
"""Per interactive type, the string fields bolt's matchers read (missing: bolt raised, 500)."""


def _interactive_problem(payload: dict[str, Any]) -> str | None:
    kind = payload["type"]
    if kind == "block_actions":
        actions = payload.get("actions")
        if not isinstance(actions, list) or not actions or not all(
            isinstance(a, dict) and isinstance(a.get("action_id"), str) for a in actions
        ):
            return "block_actions without a list of actions with action_id"
    for path in _STR_FIELDS.get(kind, ()):
        node: Any = payload
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, str):
            return f"{kind} without {'.'.join(path)}"
    return None


def shape_problem(payload: Any, *, form_fields: bool) -> str | None:
    """Why a (signed, parsed) body is not a Slack payload bolt can route, or None when it is.

    ``form_fields``: the body was a form without a ``payload`` field.
    """
    if form_fields:
        return None if "command" in payload or "ssl_check" in payload else "no payload or command"
    if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
        return "not a JSON object with a type"
    event = payload.get("event")
    if payload["type"] == "event_callback":
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            return "event_callback without an event object"
        if not isinstance(event.get("subtype", ""), str):
            return "event subtype is not a string"
        return None
    return _interactive_problem(payload)


def _signed(settings: Settings, raw: bytes, headers: Any) -> bool:
    secret = settings.slack_signing_secret
    if secret is None:
        return False
    verifier = SignatureVerifier(signing_secret=secret.get_secret_value())
    try:
        return verifier.is_valid(
            body=raw,
            timestamp=str(headers.get("X-Slack-Request-Timestamp", "0")),
            signature=str(headers.get("X-Slack-Signature", "")),
        )
    except (UnicodeDecodeError, ValueError):  # a body or header no signer could have produced
        return False


__all__ = ["PATH", "SLACK", "SlackBridge", "build_bolt", "build_web_client", "mount"]
