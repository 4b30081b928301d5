"""Bounded work in flight per process (issue 16.5): refuse before acknowledging, never queue.

Work in flight is every platform request being handled plus the background turns Slack
requests left behind after their acknowledgement (``BackgroundTasks``). When it reaches
``ADVISOR_MAX_IN_FLIGHT``, a new platform request is refused before bolt or botbuilder sees
it: nothing is acknowledged, so nothing can be lost if the process dies.

* HTTP (``/slack/events``, ``/api/messages``): ``503`` with ``Retry-After: 1``. Slack retries an
  event that got any non-2xx answer (``X-Slack-Retry-Reason: http_error``; three retries,
  at once, after a minute, after five) unless ``X-Slack-No-Retry: 1`` is set, which this never
  sends. A refused button click or slash command is not retried: Slack shows the user an
  error and they click again. The Bot Framework documents no redelivery of activities; 503 is
  the transient status, the Teams user sees the message as failed and sends it again.
* Socket Mode (``bot/slack/app.py``): the envelope is not acknowledged over the WebSocket;
  Slack redelivers an events envelope that got no ack, like an HTTP event.

Each refusal is counted in ``advisor_shed_requests_total{platform}``, a metric an autoscaler
can scale on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

from aiohttp import web

from bot.appkeys import METRICS, SETTINGS, TASKS

PLATFORM_ROUTES = {"/slack/events": "slack", "/api/messages": "teams"}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class InFlight:
    """Platform requests being handled now (the background backlog is counted by TASKS)."""

    __slots__ = ("requests",)

    def __init__(self) -> None:
        self.requests = 0


IN_FLIGHT = web.AppKey("in_flight", InFlight)


def refused(app: web.Application, platform: str) -> bool:
    """True (and counted) when work in flight is at ``ADVISOR_MAX_IN_FLIGHT``: the request must
    be refused before anything acknowledges it."""
    limit = app[SETTINGS].advisor_max_in_flight
    if limit and app[IN_FLIGHT].requests + len(app[TASKS]) >= limit:
        app[METRICS].shed.labels(platform).inc()
        return True
    return False


@contextmanager
def holding(app: web.Application) -> Iterator[None]:
    """Count one platform request as in flight while it is handled."""
    counter = app[IN_FLIGHT]
    counter.requests += 1
    try:
        yield
    finally:
        counter.requests -= 1


@web.middleware
async def admission(request: web.Request, handler: Handler) -> web.StreamResponse:
    platform = PLATFORM_ROUTES.get(request.path)
    if platform is None:
        return await handler(request)
    if refused(request.app, platform):
        return web.json_response(
            {"error": "busy", "retry_after_seconds": 1}, status=503, headers={"Retry-After": "1"}
        )
    with holding(request.app):
        return await handler(request)
