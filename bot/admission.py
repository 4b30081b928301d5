"""Bounded work in flight per process (issue 16.5): refuse before acknowledging, never queue.

Work in flight is every platform request being handled plus the background turns Slack
requests left behind after their acknowledgement (``BackgroundTasks``). When it reaches
``ADVISOR_MAX_IN_FLIGHT``, a new platform request is answered ``503`` with ``Retry-After: 1``
before bolt or botbuilder sees it: nothing is acknowledged, so nothing can be lost if the
process dies, and the platform redelivers later (Slack retries an event that did not get a 2xx
within 3 s, up to three times over about five minutes). Each refusal is counted in
``advisor_shed_requests_total{platform}``, a metric an autoscaler can scale on.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

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


@web.middleware
async def admission(request: web.Request, handler: Handler) -> web.StreamResponse:
    platform = PLATFORM_ROUTES.get(request.path)
    if platform is None:
        return await handler(request)
    app = request.app
    limit = app[SETTINGS].advisor_max_in_flight
    counter = app[IN_FLIGHT]
    if limit and counter.requests + len(app[TASKS]) >= limit:
        app[METRICS].shed.labels(platform).inc()
        return web.json_response(
            {"error": "busy", "retry_after_seconds": 1}, status=503, headers={"Retry-After": "1"}
        )
    counter.requests += 1
    try:
        return await handler(request)
    finally:
        counter.requests -= 1
