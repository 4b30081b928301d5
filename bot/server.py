"""The aiohttp application: Slack and Teams routes, health, readiness and metrics.

Client lifecycles live in ``cleanup_ctx``: the store (and the turn runner on it), each
platform's clients, then the background-task drain. Shutdown runs them in reverse: in-flight
background turns finish, the platforms close their clients, then the store closes.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from bot.admission import IN_FLIGHT, InFlight, admission
from bot.appkeys import HEALTH, METRICS, RUNNER, SETTINGS, STORE, TASKS
from bot.health import StoreHealth
from bot.http_metrics import count_requests
from bot.logs import setup_logging
from bot.metrics import CONTENT_TYPE_LATEST, Metrics
from bot.settings import Settings, SettingsError
from bot.store.base import SessionStore, StoreUnavailable
from bot.store.factory import store_from_settings
from bot.tasks import BackgroundTasks
from bot.turns import TurnRunner
from knowledge import load_default

log = logging.getLogger("advisor.server")

READY_TIMEOUT = 1.0


def build_app(settings: Settings, *, store: SessionStore | None = None) -> web.Application:
    """The whole application. ``store`` overrides the one chosen from ``REDIS_URL`` (tests)."""
    app = web.Application(
        client_max_size=settings.advisor_max_body_bytes, middlewares=[count_requests, admission]
    )
    app[IN_FLIGHT] = InFlight()
    app[SETTINGS] = settings
    app[METRICS] = Metrics()
    app[HEALTH] = StoreHealth()
    app[TASKS] = BackgroundTasks()
    app.cleanup_ctx.append(_store_ctx(store))
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    _mount_platforms(app, settings)
    # Last in, first out: in-flight background turns finish before the platforms close.
    app.cleanup_ctx.append(_tasks_ctx)
    app.on_startup.append(_freeze_startup_objects)
    return app


async def _freeze_startup_objects(_app: web.Application) -> None:
    """Move everything built at start-up (SDKs, the knowledge index, compiled rules) out of
    the garbage collector's reach: otherwise each full collection walks ~120k long-lived
    objects and pauses the event loop for 60-260 ms under load (F3 in the git history of
    docs/performance.md)."""
    gc.collect()
    gc.freeze()


def _mount_platforms(app: web.Application, settings: Settings) -> None:
    problems = settings.platform_problems()
    if problems and settings.production:
        raise SettingsError(problems)
    for problem in problems:
        log.warning("half-configured platform: %s", problem)
    if settings.slack_enabled:
        from bot.slack.app import mount as mount_slack

        mount_slack(app, settings)
        log.info("Slack mounted at /slack/events")
    else:
        log.info("Slack not mounted: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not both set")
    mode = settings.teams_mode
    if mode == "off":
        log.info("Teams not mounted: MICROSOFT_APP_ID is not set (production)")
        return
    if mode == "local":
        log.warning(
            "TEAMS RUNS UNAUTHENTICATED: MICROSOFT_APP_ID is not set, so /api/messages accepts "
            "anyone (local mode for the Bot Framework Emulator and tests). Never do this in "
            "production."
        )
    from bot.teams.adapter import mount as mount_teams

    mount_teams(app, settings)
    log.info("Teams mounted at /api/messages", extra={"teams_mode": mode})


def _store_ctx(
    given: SessionStore | None,
) -> Callable[[web.Application], AsyncIterator[None]]:
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        settings = app[SETTINGS]
        if given is not None:
            store = given
        else:
            if settings.redis_url is None:
                log.warning(
                    "REDIS_URL is not set: sessions live in memory and die with the process"
                )
            store = store_from_settings(settings)
        app[STORE] = store
        app[RUNNER] = TurnRunner(
            store=store, kb=load_default(), settings=settings, metrics=app[METRICS]
        )
        yield
        if given is None:
            await store.close()

    return ctx


async def _tasks_ctx(app: web.Application) -> AsyncIterator[None]:
    yield
    await app[TASKS].drain(app[SETTINGS].advisor_drain_timeout_seconds)


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """200 while the store answers, else 503; the body says why (docs/operations.md)."""
    health = request.app[HEALTH]
    try:
        await asyncio.wait_for(request.app[STORE].ping(), READY_TIMEOUT)
    except (StoreUnavailable, TimeoutError) as exc:
        health.observe(exc)
        return web.json_response(
            {"status": "unavailable", "store": "unreachable", "redis": health.body(),
             "platforms": _platforms(request.app)},
            status=503,
        )
    health.observe(None)
    return web.json_response(
        {"status": "ready", "redis": health.body(), "platforms": _platforms(request.app)}
    )


def _platforms(app: web.Application) -> dict[str, dict[str, str]]:
    """Each platform whose credentials were checked: ``auth`` ok or failing (and why). A
    failing platform does not make the pod unready (docs/operations.md, Probes)."""
    return {
        platform: {"auth": "ok"} if why is None else {"auth": "failing", "reason": why}
        for platform, why in sorted(app[METRICS].auth_problems.items())
    }


async def metrics(request: web.Request) -> web.Response:
    body = request.app[METRICS].render()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


def new_event_loop(kind: str) -> asyncio.AbstractEventLoop:
    """The server's event loop: uvloop (libuv) unless ``asyncio`` is asked for or uvloop is
    not installed (it has no Windows build). uvloop takes about 5% off the CPU of a served
    turn (round 3 in the git history of docs/performance.md)."""
    if kind == "uvloop":
        try:
            import uvloop
        except ImportError:
            log.warning("uvloop is not installed; serving on asyncio's event loop")
        else:
            return uvloop.new_event_loop()
    return asyncio.new_event_loop()


def warm() -> None:
    """Pay start-up costs before the first request, not in it: every inference rule compiled
    (about a second without the compile cache), the retrieval and typo-repair indexes built,
    the dialog engine imported and every model's validator built (replies, sessions, turns,
    reply documents: the console defers them to first use)."""
    from bot.turns import warm as warm_turns
    from dialogs.deferred import build_all
    from dialogs.inference import warm as warm_inference

    warm_turns()
    warm_inference()
    load_default().warm()
    import dialogs.document  # noqa: F401  (the renderers' blocks)

    build_all()


def run(settings: Settings) -> None:
    """Serve until SIGTERM/SIGINT; then stop taking requests, drain, close clients."""
    setup_logging(settings.advisor_log_level, settings.advisor_log_format)
    warm()
    loop = new_event_loop(settings.advisor_event_loop)
    app = build_app(settings)
    web.run_app(
        app,
        loop=loop,
        host=settings.advisor_host,
        port=settings.advisor_port,
        access_log=None,
        shutdown_timeout=settings.advisor_drain_timeout_seconds,
        print=None,
        handle_signals=True,
    )


__all__ = ["build_app", "run", "warm"]
