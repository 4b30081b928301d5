"""HTTP requests counted by route and status class (401 signature failures, 413s, 503 sheds)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.appkeys import METRICS

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def count_requests(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Outermost middleware: sees every answer, including the ones other middlewares give."""
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        resource = request.match_info.route.resource
        route = resource.canonical if resource is not None else "unmatched"
        request.app[METRICS].http_requests.labels(route, f"{status // 100}xx").inc()
